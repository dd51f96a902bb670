/** The in-memory records of a visitor: what the contact cache holds and the write buffer writes. */
import type { ProfileState } from '../../core/scoring';
import type { ContextReader, GoalHistory, VisitSnapshot } from '../../core/visitor-context';
import type { StoredAssignment } from '../../core/experiments';
import type { ContactState, VisitState } from '../../core/rebase';
import type { InteractionRow } from './rows';

export interface ContactRecord {
  /** the row exists in the database (loaded, or written by a committed flush) */
  stored?: boolean;
  /**
   * First seen by a request without a visitor id, and nothing since that must be kept: no row of
   * it is written (its interactions count in the rollups at once) until the write buffer
   * releases it, when the visitor comes back with its id or does something (event, identify,
   * consent, experiment exposure, tracked link, automation enrolment).
   */
  held?: HeldWrites;
  /**
   * Dropped by an erasure (or its row merged away on another instance): a request that still
   * holds it changes only this object, nothing of it is written any more.
   */
  forgotten?: true;
  /** the row's version this record is based on; a write expects it unchanged (null: a row from before versions) */
  version?: number | null;
  /** the row as this record last read or wrote it: what this instance changed since is the difference */
  base?: ContactState;
  documentId: string;
  visitorId: string;
  identified: boolean;
  email: string | null;
  externalId: string | null;
  consent: string | null;
  attributes: Record<string, unknown>;
  profiles: Record<string, ProfileState>;
  personas: Record<string, { persona: string; distance: number } | null>;
  goals: Record<string, GoalHistory>;
  /** experiment slug → the variant this contact was first exposed to (sticky, survives merges) */
  experiments: Record<string, StoredAssignment>;
  engagementValue: number;
  visitCount: number;
  firstSeenAt: number;
  lastSeenAt: number;
  currentVisitKey: string | null;
}

/** What a held contact's rows would have been: written when it is released. */
export interface HeldWrites {
  visits: VisitRecord[];
  interactions: InteractionRow[];
}

/** The history of a contact that has none: a new contact, or one merged into another. */
export function emptyHistory(): Pick<
  ContactRecord,
  'profiles' | 'personas' | 'goals' | 'experiments' | 'engagementValue' | 'visitCount'
> {
  return {
    profiles: {},
    personas: {},
    goals: {},
    experiments: {},
    engagementValue: 0,
    visitCount: 0,
  };
}

/** A visit as stored: what rules read of it, plus its identity and timing. */
export interface VisitRecord extends VisitSnapshot {
  /** the row exists in the database (loaded, or written by a committed flush) */
  stored?: boolean;
  /** as for contacts: the row's version and content this record is based on */
  version?: number | null;
  base?: VisitState;
  documentId: string;
  visitKey: string;
  contactId: string;
  /** the visitor id (device) the visit is made with: a merged device keeps its own visits */
  visitorId: string;
  startedAt: number;
  lastActivityAt: number;
  landingPath: string | null;
}

/** What the request tells about how the visitor arrived; read only when a visit starts. */
export interface Arrival {
  /** the external referrer (document.referrer) the frontend forwarded */
  referrer: string | null;
  /** lower-case query parameters of the landing URL: utm_*, click ids, link tokens */
  params: Record<string, string>;
  landingPath: string | null;
  languages: string[];
  geo: Record<string, unknown> | null;
  device: string | null;
  os: string | null;
  browser: string | null;
}

export interface Identity {
  email?: string;
  externalId?: string;
  attributes?: Record<string, unknown>;
}

export interface Visitor {
  /** the contact: this device's own, or the one it was merged into */
  contact: ContactRecord;
  /** this device's visit in progress */
  visit: VisitRecord;
  /** a fresh reader of the context that rules read (the profile may have changed since the last one) */
  reader(): ContextReader;
}

/**
 * What the cache holds for a visitor id (a device): its contact, which the devices merged into
 * one contact share, and the device's own visit in progress.
 */
export interface CachedContact {
  record: ContactRecord;
  visit: VisitRecord | null;
}
