import { z } from 'zod';

/** A locale code as Strapi's i18n plugin names locales: en, de, en-GB, zh-Hans-CN. */
export const localeSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a locale code like en or de-AT');

export const contentTarget = {
  uid: z
    .string()
    .regex(/^api::[a-z0-9-]+\.[a-z0-9-]+$/, 'must be a content type uid like api::page.page'),
  documentId: z.string().min(1).max(100),
};

/** `GET /cxm/tagging?uid=&documentId=&locale=` (the locale names the rules' variants in the editor's language) */
export const taggingQuerySchema = z
  .object({ ...contentTarget, locale: localeSchema.optional() })
  .strict();

/** `PUT /cxm/tagging`: the entry's profile-key values and the goals reached by viewing it. */
export const taggingBodySchema = z
  .object({
    ...contentTarget,
    keyValues: z.record(z.string(), z.number().finite()),
    goals: z.array(z.string().min(1).max(100)).max(20).default([]),
  })
  .strict();

export type TaggingQuery = z.output<typeof taggingQuerySchema>;
export type TagInput = z.output<typeof taggingBodySchema>;
