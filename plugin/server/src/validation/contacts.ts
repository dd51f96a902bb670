import { z } from 'zod';

/** `GET /cxm/contacts?q=&page=&pageSize=` */
export const contactsQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export type ContactsQuery = z.output<typeof contactsQuerySchema>;
