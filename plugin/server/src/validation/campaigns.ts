import { z } from 'zod';
import { CHANNELS, type Channel } from '../core/channels';
import { SLUG_PATTERN } from '../core/slug';

/** Optional text: blank means "not set", so the Campaigns table can clear a field. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((value) => (value === '' ? null : value));

const fields = {
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .trim()
    .max(100)
    .regex(
      SLUG_PATTERN,
      'must be lower-case letters and digits joined by dashes, e.g. spring-newsletter'
    ),
  channel: z.enum(CHANNELS as [Channel, ...Channel[]]),
  utmSource: optionalText(200),
  utmMedium: optionalText(200),
  utmCampaign: optionalText(200),
  linkToken: optionalText(100),
  cost: z.number().finite().min(0).max(1_000_000_000).nullable().optional(),
};

/** `POST /cxm/campaigns`: the slug defaults to one made from the name. */
export const campaignCreateSchema = z.object({ ...fields, slug: fields.slug.optional() }).strict();

/** `PUT /cxm/campaigns/:documentId`: only the fields given change. */
export const campaignUpdateSchema = z.object(fields).partial().strict();

export type CampaignInput = z.output<typeof campaignUpdateSchema>;
export type NewCampaignInput = z.output<typeof campaignCreateSchema>;
