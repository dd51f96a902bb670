import { z } from 'zod';

/** A goal as the Goals page edits it. */
export const goalSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    points: z.number().int().min(0).max(100_000),
    isConversion: z.boolean().default(false),
    repeatable: z.boolean().default(false),
    description: z.string().max(2000).nullable().optional(),
  })
  .strict();

export type GoalInput = z.output<typeof goalSchema>;
