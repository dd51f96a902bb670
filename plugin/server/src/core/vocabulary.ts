/**
 * Closed lists of values that the server validates and the admin offers: one module without
 * dependencies, so the admin bundle can import it (core/device.ts, say, brings the user-agent parsers).
 */

/** The device classes rules can ask for (the `device` context path). */
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** What a visitor may consent to (`POST /api/cxm/consent`), and what a contact's consent can be. */
export const CONSENT_LEVELS = ['none', 'analytics', 'personalization'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];

/** How tracking starts (config `consent.mode`): `implied` tracks from the first request, `opt-in` waits for consent. */
export const CONSENT_MODES = ['implied', 'opt-in'] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];
