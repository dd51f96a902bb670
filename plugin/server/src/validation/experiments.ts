import { z } from 'zod';

/** `POST /cxm/experiments/:documentId/promote`: the key of the winning variant. */
export const promoteSchema = z.object({ variant: z.string().min(1).max(40) }).strict();

const variant = z
  .object({
    key: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'must be a short lower-case key like "control" or "b" (letters, digits, dashes)'
      ),
    name: z.string().trim().max(200).optional(),
    documentId: z.string().min(1).max(100).nullable(),
    personalized: z.boolean().optional(),
    weight: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1'),
  })
  .strict();

/** The fields a marketer sets; core/experiments checks the arms together (weights add up to 1, keys unique, goals known). */
const fields = {
  name: z.string().trim().min(1, 'is required').max(200),
  hypothesis: z.string().trim().max(5000).nullable().optional(),
  baseUid: z
    .string()
    .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page'),
  baseDocumentId: z.string().min(1, 'is required').max(100),
  variants: z.array(variant).max(10, 'must have at most 10 variants'),
  coverage: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1'),
  holdout: z.number().min(0, 'must be from 0 to 0.5').max(0.5, 'must be from 0 to 0.5'),
  successGoals: z.array(z.string().min(1).max(100)).max(20),
  minimumSample: z.number().int().min(1, 'must be at least 1').max(10_000_000),
};

/** `POST /cxm/experiments`: a draft; variants and goals may still be empty (starting needs them). */
export const experimentCreateSchema = z
  .object({
    ...fields,
    variants: fields.variants.default([]),
    coverage: fields.coverage.default(1),
    holdout: fields.holdout.default(0),
    successGoals: fields.successGoals.default([]),
    minimumSample: fields.minimumSample.default(1000),
  })
  .strict();

/** `PUT /cxm/experiments/:documentId`: only the fields given change. */
export const experimentUpdateSchema = z.object(fields).partial().strict();

export type ExperimentCreateInput = z.output<typeof experimentCreateSchema>;
export type ExperimentUpdateInput = z.output<typeof experimentUpdateSchema>;
