import { z } from 'zod';

const target = {
  uid: z.string().regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page'),
  documentId: z.string().min(1).max(100),
};

/** `GET /cxm/tagging?uid=&documentId=` */
export const taggingQuerySchema = z.object(target).strict();

/** `PUT /cxm/tagging`: the entry's profile-key values and the goals reached by viewing it. */
export const taggingBodySchema = z
  .object({
    ...target,
    keyValues: z.record(z.string(), z.number().finite()),
    goals: z.array(z.string().min(1).max(100)).max(20).default([]),
  })
  .strict();
