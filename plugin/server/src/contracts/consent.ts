/** What a visitor may consent to, how tracking starts, and what a contact's consent can be. */
import type { ConsentLevel } from '../core/vocabulary';

export {
  CONSENT_LEVELS,
  CONSENT_MODES,
  type ConsentLevel,
  type ConsentMode,
} from '../core/vocabulary';

/** A contact's consent: what the visitor gave, or `implied` for a contact tracked without asking. */
export type ContactConsent = ConsentLevel | 'implied';
