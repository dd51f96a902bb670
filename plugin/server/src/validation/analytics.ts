import { z } from 'zod';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SPAN_DAYS = 1100;

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD&interval=day|week|month`; the last 30 days by default. */
export const analyticsQuerySchema = z
  .object({
    from: z.string().regex(DAY, 'must be a date YYYY-MM-DD').optional(),
    to: z.string().regex(DAY, 'must be a date YYYY-MM-DD').optional(),
    interval: z.enum(['day', 'week', 'month']).default('day'),
  })
  .strict()
  .transform((query) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from =
      query.from ??
      new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    return { ...query, from, to };
  })
  .refine(
    (query) => !Number.isNaN(Date.parse(query.from)) && !Number.isNaN(Date.parse(query.to)),
    'from and to must be real dates'
  )
  .refine((query) => query.from <= query.to, 'from must not be after to')
  .refine(
    (query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_SPAN_DAYS * 86_400_000,
    `at most ${MAX_SPAN_DAYS} days`
  );

export type AnalyticsQuery = z.output<typeof analyticsQuerySchema>;
