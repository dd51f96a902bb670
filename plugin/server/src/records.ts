/**
 * Rows of the plugin's definition content types as the Query Engine and the Document Service
 * return them (see content-types/*\/schema.json). Strapi types its results as `any` /
 * `AnyDocument` for a plugin's types, so services cast a result to these once, where they read it.
 */
import type { ExperimentVariant } from './core/experiments';
import type { Channel } from './core/channels';
import type { StoredRule } from './contracts/rules';

/** What every stored document has. */
export interface DocumentRecord {
  id: number;
  documentId: string;
  createdAt?: string | Date;
  updatedAt?: string | Date;
}

export interface ProfileKeyRecord extends DocumentRecord {
  slug: string;
  name: string;
  /** decimal columns: a string on PostgreSQL */
  min: number | string;
  max: number | string;
  profile?: ProfileRecord | null;
}

export interface PersonaRecord extends DocumentRecord {
  slug: string;
  name: string;
  description: string | null;
  /** key slug → value */
  keyValues: Record<string, unknown> | null;
  profile?: ProfileRecord | null;
}

export interface ProfileRecord extends DocumentRecord {
  slug: string;
  name: string;
  description: string | null;
  scoring: 'sum' | 'average';
  /** a decimal column: a string on PostgreSQL */
  halfLifeDays: number | string | null;
  keys?: ProfileKeyRecord[];
  personas?: PersonaRecord[];
}

export interface GoalRecord extends DocumentRecord {
  slug: string;
  name: string;
  points: number;
  description: string | null;
  isConversion: boolean | null;
  repeatable: boolean | null;
}

export interface CampaignRecord extends DocumentRecord {
  slug: string;
  name: string;
  /** an enumeration of the channel list */
  channel: Channel | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  linkToken: string | null;
  /** a decimal column: a string on PostgreSQL */
  cost: number | string | null;
}

export interface RuleSetRecord extends DocumentRecord {
  name: string | null;
  baseUid: string;
  baseDocumentId: string;
  /** checked by core/rules when written (definition-writes); unknown per-rule fields are kept */
  rules: StoredRule[];
  enabled: boolean | null;
}

export interface ExperimentRecord extends DocumentRecord {
  slug: string;
  name: string;
  hypothesis: string | null;
  baseUid: string;
  baseDocumentId: string;
  /** checked by core/experiments when written (definition-writes) */
  variants: ExperimentVariant[];
  coverage: number;
  holdout: number | null;
  successGoals: string[];
  minimumSample: number | null;
  state: 'draft' | 'running' | 'stopped' | 'completed';
  startedAt: string | Date | null;
  stoppedAt: string | Date | null;
  winner: string | null;
}

export interface ContentTagRecord extends DocumentRecord {
  targetUid: string;
  targetDocumentId: string;
  /** key slug → value, checked when written (definition-writes) */
  keyValues: Record<string, number> | null;
  goals?: GoalRecord[];
}

/**
 * Data written to a plugin type through the Document Service. Strapi types `data` from the app's
 * generated schemas, which leave out the plugin's own types, so it would refuse every field.
 */
export const documentData = (data: object) => data as Record<string, unknown>;
