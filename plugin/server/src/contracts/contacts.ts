/** `GET /cxm/contacts`, `GET /cxm/contacts/:visitorId`, `DELETE /cxm/contacts/:visitorId`. */
import type { ScoringMode } from '../core/scoring';
import type { Pagination } from './common';
import type { ContactConsent } from './consent';

import type { Channel } from './constants';

/** The filters combine: a contact must pass every one given. */
export interface ContactsQuery {
  /** searched in e-mail and external id, and as the start of the visitor id */
  q?: string;
  /** a persona slug the contact currently matches (in any profile) */
  persona?: string;
  identified?: boolean;
  /** a channel the contact came through at least once */
  channel?: Channel;
  /** YYYY-MM-DD: last seen on or after this day (UTC) */
  lastSeenFrom?: string;
  /** YYYY-MM-DD: last seen on or before this day (UTC) */
  lastSeenTo?: string;
  /** from 1 */
  page?: number;
  /** 1 to 100, 25 by default */
  pageSize?: number;
}

/** A contact's current persona in one profile, named. */
export interface NamedPersonaMatch {
  persona: string;
  name: string;
  distance: number;
}

/** profile slug → the persona the contact matches there (null: none yet) */
export type NamedPersonaMatches = Record<string, NamedPersonaMatch | null>;

/** A contact as the list shows it, newest activity first. */
export interface ContactSummary {
  visitorId: string;
  identified: boolean;
  email: string | null;
  externalId: string | null;
  engagementValue: number;
  visitCount: number;
  personas: NamedPersonaMatches;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export interface ContactList {
  data: ContactSummary[];
  /** `personas`: what the persona filter offers, by name */
  meta: { pagination: Pagination; personas: Array<{ slug: string; name: string }> };
}

/** The stored contact (the cxm contact content type), its personas named. */
export interface ContactRecord extends ContactSummary {
  id: number;
  documentId: string;
  mergedInto: string | null;
  attributes: Record<string, unknown> | null;
  consent: ContactConsent | null;
  profiles: Record<string, unknown> | null;
  goals: Record<string, unknown> | null;
  currentVisitKey: string | null;
  identifiedAt: string | null;
  experiments: Record<string, unknown> | null;
}

/** One profile's scores as of the answer's `asOf`: decayed totals and the averages persona matching reads. */
export interface ContactProfile {
  slug: string;
  name: string;
  scoring: ScoringMode;
  halfLifeDays: number;
  /** scored views, never decayed */
  views: number;
  updatedAt: string | null;
  keys: Array<{ slug: string; name: string; total: number; average: number }>;
  persona: NamedPersonaMatch | null;
}

/** A stored visit (the cxm visit content type). */
export interface VisitRecord {
  id: number;
  documentId: string;
  visitKey: string;
  contactId: string;
  /** the visitor id (device) of the visit: another device merged into the contact has its own; null before devices were stored */
  visitorId: string | null;
  number: number;
  startedAt: string;
  lastActivityAt: string | null;
  pageCount: number;
  value: number;
  channel: string | null;
  campaign: string | null;
  referrer: string | null;
  utm: Record<string, string> | null;
  landingPath: string | null;
  geo: { country?: string | null; city?: string | null; [field: string]: unknown } | null;
  device: string | null;
  language: string | null;
  goals: unknown[] | null;
  os: string | null;
  browser: string | null;
}

/** A stored interaction (visit, view, goal, persona, exposure, identify, consent, click, …) with the names it refers to. */
export interface TimelineItem {
  id: number;
  documentId: string;
  contactId: string;
  visitKey: string | null;
  type: string;
  contentUid: string | null;
  contentDocumentId: string | null;
  goal: string | null;
  points: number | null;
  variant: string | null;
  experiment: string | null;
  data: Record<string, unknown> | null;
  occurredAt: string;
  /** the viewed document's title, when its type has a title field */
  contentTitle: string | null;
  goalName: string | null;
  /** the persona a `persona` interaction moved to */
  personaName: string | null;
}

export interface ContactDetail {
  contact: ContactRecord;
  profiles: ContactProfile[];
  asOf: string;
  /** the latest visits and interactions, newest first */
  visits: VisitRecord[];
  timeline: TimelineItem[];
}

export interface ContactErased {
  visitorId: string;
  erased: { contacts: number; visits: number; interactions: number };
}
