import { z } from 'zod';
import { CHANNELS, type Channel } from '../core/channels';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z
  .string()
  .regex(DAY, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    // Date.parse rolls 30 February over into March: a real date reads back as written
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'must be a real date');

/**
 * `GET /cxm/contacts?q=&persona=&identified=&channel=&lastSeenFrom=&lastSeenTo=&page=&pageSize=`:
 * the filters combine (all must hold); `page` and `pageSize` as Strapi's own lists take them.
 */
export const contactsQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    /** a persona slug: contacts currently matching it in any profile */
    persona: z.string().min(1).max(100).optional(),
    /** `true` / `false` as a query string writes them */
    identified: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
        message: "must be 'true' or 'false'",
      })
      .optional(),
    /** contacts with at least one visit through this channel */
    channel: z
      .enum(CHANNELS as [Channel, ...Channel[]], {
        message: `must be one of ${CHANNELS.join(', ')}`,
      })
      .optional(),
    /** last seen on or after this day (UTC) */
    lastSeenFrom: day.optional(),
    /** last seen on or before this day (UTC) */
    lastSeenTo: day.optional(),
    page: z.coerce
      .number({ message: 'must be a whole number from 1' })
      .int('must be a whole number from 1')
      .min(1, 'must be a whole number from 1')
      .max(100_000)
      .default(1),
    pageSize: z.coerce
      .number({ message: 'must be a whole number from 1 to 100' })
      .int('must be a whole number from 1 to 100')
      .min(1, 'must be a whole number from 1 to 100')
      .max(100, 'must be a whole number from 1 to 100')
      .default(25),
  })
  .strict()
  .refine(
    (query) => !query.lastSeenFrom || !query.lastSeenTo || query.lastSeenFrom <= query.lastSeenTo,
    { message: 'lastSeenFrom must not be after lastSeenTo', path: ['lastSeenFrom'] }
  );

export type ContactsQuery = z.output<typeof contactsQuerySchema>;
