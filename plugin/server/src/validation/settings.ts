import { isIP } from 'node:net';
import { z } from 'zod';
import { pluginConfigSchema } from '../config';
import { CONSENT_LEVELS } from '../core/vocabulary';

const config = pluginConfigSchema.shape;
const consent = config.consent.unwrap().shape;
const retention = config.retention.unwrap().shape;

/**
 * `PUT /cxm/settings`: the overrides that replace config/plugins values, each checked as the
 * config checks it. An option left out (or null) follows config/plugins again.
 */
export const settingsOverridesSchema = z
  .object({
    consentMode: consent.mode.unwrap().nullable(),
    honorDoNotTrack: consent.honorDoNotTrack.unwrap().nullable(),
    honorGlobalPrivacyControl: consent.honorGlobalPrivacyControl.unwrap().nullable(),
    visitTimeoutMinutes: config.visitTimeoutMinutes.unwrap().nullable(),
    defaultHalfLifeDays: config.defaultHalfLifeDays.unwrap().nullable(),
    personaMinViews: config.personaMinViews.unwrap().nullable(),
    retentionAnonymousContactDays: retention.anonymousContactDays.unwrap().nullable(),
    retentionInteractionMonths: retention.interactionMonths.unwrap().nullable(),
  })
  .partial()
  .strict();

/** `GET /cxm/settings/geoip?ip=`: a test lookup of one address. */
export const geoLookupQuerySchema = z
  .object({
    ip: z
      .string()
      .trim()
      .refine((value) => isIP(value) !== 0, 'must be an IPv4 or IPv6 address'),
  })
  .strict();

/** `POST /api/cxm/consent` */
export const consentSchema = z.object({ consent: z.enum(CONSENT_LEVELS) }).strict();
