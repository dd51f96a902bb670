import { z } from 'zod';

const short = z.string().min(1).max(100);
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
/** Date.parse rolls 30 February over into March: a real date and time reads back as written. */
const isRealDateTime = (value: string) => {
  const time = Date.parse(`${value}:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
};

/** `POST /cxm/simulate`: a document and the context to serve it in. */
export const simulateSchema = z
  .object({
    uid: z
      .string()
      .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page'),
    documentId: short,
    context: z
      .object({
        persona: short.optional(),
        /** average value per profile key, as a visitor's reading would have built it */
        scores: z.record(z.string(), z.number().finite()).optional(),
        geo: z
          .object({
            country: z.string().max(2).optional(),
            region: short.optional(),
            city: short.optional(),
            latitude: z.number().min(-90).max(90).optional(),
            longitude: z.number().min(-180).max(180).optional(),
          })
          .strict()
          .optional(),
        channel: short.optional(),
        campaign: short.optional(),
        device: z.enum(['desktop', 'mobile', 'tablet']).optional(),
        language: z.string().max(20).optional(),
        referrer: z
          .url({ message: 'must be a URL like https://www.google.com/' })
          .max(2000)
          .optional(),
        utm: z
          .object({
            source: short.optional(),
            medium: short.optional(),
            campaign: short.optional(),
            term: short.optional(),
            content: short.optional(),
          })
          .strict()
          .optional(),
        /** the visitor's local date and time, YYYY-MM-DDTHH:mm; now (UTC) when absent */
        at: z
          .string()
          .regex(LOCAL_DATE_TIME, 'must be a local date and time YYYY-MM-DDTHH:mm')
          .refine(isRealDateTime, 'must be a real date and time')
          .optional(),
        returning: z.boolean().optional(),
        identified: z.boolean().optional(),
        goals: z.array(short).max(50).optional(),
        /** the visitor's consent; `analytics` is measured, never personalized */
        consent: z.enum(['implied', 'analytics', 'personalization']).optional(),
        /** the visitor id a running experiment buckets */
        visitorId: short.optional(),
        /** the experiment variant the visitor was first exposed to (its stored, sticky assignment) */
        assignment: z.string().min(1).max(40).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type SimulationInput = z.output<typeof simulateSchema>;
