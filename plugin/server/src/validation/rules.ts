import { z } from 'zod';

const contentTypeUid = z
  .string()
  .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page');
const documentId = z.string().min(1).max(100);
/** Rules are checked by core/rules (validateRuleSet), which names each problem's path; unknown per-rule fields are kept as given. */
const rules = z.array(z.unknown());

/** `POST /cxm/rules`: a rule set for one base document. */
export const ruleSetCreateSchema = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    baseUid: contentTypeUid,
    baseDocumentId: documentId,
    rules,
    enabled: z.boolean().default(true),
  })
  .strict();

/** `PUT /cxm/rules/:documentId`: only the fields given change (e.g. only `rules`, to reorder); the base stays. */
export const ruleSetUpdateSchema = z
  .object({
    name: z.string().trim().max(200).nullable().optional(),
    rules: rules.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** `GET /cxm/rules/documents?uid=` */
export const ruleDocumentsQuerySchema = z.object({ uid: contentTypeUid }).strict();

/** `POST /cxm/rules/validate`: one condition, or a whole rule set (with its base type, to check the variants). */
export const ruleValidationSchema = z.union([
  z
    .object({
      condition: z.unknown().refine((value) => value !== undefined, 'a condition is required'),
    })
    .strict(),
  z.object({ rules, baseUid: contentTypeUid.optional() }).strict(),
]);

export type RuleSetInput = z.output<typeof ruleSetCreateSchema>;
export type RuleCheck = z.output<typeof ruleValidationSchema>;
