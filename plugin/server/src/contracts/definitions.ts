/**
 * The definitions the admin edits: goals (`/cxm/goals`), profiles and their keys (`/cxm/profiles`,
 * `/cxm/profile-keys`), personas (`/cxm/personas`) and campaigns (`/cxm/campaigns`).
 */
import type { Channel } from '../core/channels';
import type { ScoringMode } from '../core/scoring';

export interface Goal {
  documentId: string;
  slug: string;
  name: string;
  points: number;
  isConversion: boolean;
  repeatable: boolean;
  description: string | null;
}

/** `POST /cxm/goals`, `PUT /cxm/goals/:documentId`; the slug is made from the name on creation. */
export interface GoalInput {
  name: string;
  points: number;
  isConversion?: boolean;
  repeatable?: boolean;
  description?: string | null;
}

export interface ProfileKey {
  documentId: string;
  slug: string;
  name: string;
  min: number;
  max: number;
}

export interface Profile {
  documentId: string;
  slug: string;
  name: string;
  description: string | null;
  scoring: ScoringMode;
  /** 0 = scores never decay */
  halfLifeDays: number;
  /** in the order they were added */
  keys: ProfileKey[];
  /** how many personas the profile has */
  personas: number;
}

/** `POST /cxm/profiles`, `PUT /cxm/profiles/:documentId` */
export interface ProfileInput {
  name: string;
  description?: string | null;
  scoring?: ScoringMode;
  halfLifeDays?: number;
}

/** `POST /cxm/profiles/:documentId/keys`, `PUT /cxm/profile-keys/:documentId` */
export interface ProfileKeyInput {
  name: string;
  min?: number;
  max?: number;
}

/** `DELETE /cxm/profiles/:documentId`: the profile went with its keys and personas. */
export interface ProfileDeleted {
  documentId: string;
  deletedKeys: number;
  deletedPersonas: number;
}

export interface Persona {
  documentId: string;
  slug: string;
  name: string;
  description: string | null;
  /** the profile's documentId */
  profile: string | null;
  /** one value per key of the profile (a key the persona does not name counts as its minimum) */
  keyValues: Record<string, number>;
}

/** `GET /cxm/personas?profile=` */
export interface PersonasQuery {
  /** the profile's documentId; all personas without it */
  profile?: string;
}

/** `PUT /cxm/personas/:documentId`: the profile and slug stay (rules name the slug). */
export interface PersonaUpdateInput {
  name: string;
  description?: string | null;
  keyValues: Record<string, number>;
}

/** `POST /cxm/personas`: the slug is made from the name unless given. */
export interface PersonaCreateInput extends PersonaUpdateInput {
  /** the profile's documentId */
  profile: string;
  slug?: string;
}

export interface Campaign {
  documentId: string;
  slug: string;
  name: string;
  channel: Channel | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  linkToken: string | null;
  cost: number | null;
}

/** `GET /cxm/campaigns`: the campaigns by name, and the channels a campaign can have. */
export interface CampaignList {
  data: Campaign[];
  meta: { channels: readonly Channel[] };
}

/** `PUT /cxm/campaigns/:documentId`: only the fields given change; blank text clears a field. */
export interface CampaignUpdateInput {
  name?: string;
  slug?: string;
  channel?: Channel;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  linkToken?: string | null;
  cost?: number | null;
}

/** `POST /cxm/campaigns`: the slug defaults to one made from the name. */
export interface CampaignCreateInput extends CampaignUpdateInput {
  name: string;
  channel: Channel;
}

/** The persona editor warns of a persona too close to another, as core measures it. */
export { similarPersonas, SIMILAR_PERSONA_SHARE } from '../core/persona';
