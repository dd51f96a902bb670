import { z } from 'zod';

export const MAX_EVENTS_PER_BATCH = 50;

/** The batch itself: a malformed batch is refused whole. */
export const eventBatchSchema = z
  .object({
    events: z
      .array(z.unknown())
      .min(1, 'at least one event')
      .max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per batch`),
  })
  .strict();

/** One event: a malformed event is rejected with its reason, the others are kept. */
export const eventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('view'),
      uid: z
        .string()
        .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page'),
      documentId: z.string().min(1).max(100),
    })
    .strict(),
  z.object({ type: z.literal('goal'), goal: z.string().min(1).max(100) }).strict(),
]);

export type VisitorEvent = z.infer<typeof eventSchema>;
