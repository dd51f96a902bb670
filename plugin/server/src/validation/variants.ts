import { z } from 'zod';
import { contentTarget, localeSchema } from './tagging';

/** `POST /cxm/variants`: copy this entry (in this locale) into a new variant. */
export const createVariantSchema = z
  .object({ ...contentTarget, locale: localeSchema.optional() })
  .strict();

/** `GET /cxm/variants?uid=`: the variant markers of one content type. */
export const variantMarkersQuerySchema = z.object({ uid: contentTarget.uid }).strict();

/** `PUT /cxm/variants/rule`: the panel's two edits of one rule of an entry's set, enable/disable or move, nothing else. */
export const ruleEditSchema = z
  .object({
    ...contentTarget,
    name: z.string().min(1).max(100),
    enabled: z.boolean().optional(),
    move: z.enum(['up', 'down']).optional(),
  })
  .strict()
  .refine((edit) => (edit.enabled === undefined) !== (edit.move === undefined), {
    message: 'give either enabled (true or false) or move (up or down)',
  });

export type RuleEdit = z.output<typeof ruleEditSchema>;
