/** What a visitor may consent to (`POST /api/cxm/consent`), and what a contact's consent can be. */
import type { RuntimeSettings } from '../core/runtime-settings';

export const CONSENT_LEVELS = ['none', 'analytics', 'personalization'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

/** How tracking starts (config `consent.mode`): `implied` tracks from the first request, `opt-in` waits for consent. */
export const CONSENT_MODES = ['implied', 'opt-in'] as const satisfies ReadonlyArray<
  RuntimeSettings['consentMode']
>;
export type ConsentMode = (typeof CONSENT_MODES)[number];

/** A contact's consent: what the visitor gave, or `implied` for a contact tracked without asking. */
export type ContactConsent = ConsentLevel | 'implied';
