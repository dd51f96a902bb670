/**
 * The plugin's runtime rows (contact, visit, interaction, rollup) as the database returns and
 * takes them, and the mappers between rows and the in-memory records.
 */
import type { RollupRow, RollupSource } from '../../core/rollups';
import type { ContactRecord, VisitRecord } from './records';

/** A JSON column, as stored: whatever was written, or null. */
type Json = unknown;
/** A datetime column: a Date when written, a string or Date when read back (by client). */
type DateTime = Date | string | null;

export interface ContactRow {
  id?: number;
  documentId: string;
  visitorId: string;
  /** the survivor's visitorId when this contact was merged into another one */
  mergedInto?: string | null;
  identified: boolean | null;
  email: string | null;
  externalId: string | null;
  consent: string | null;
  attributes: Json;
  profiles: Json;
  personas: Json;
  goals: Json;
  experiments: Json;
  engagementValue: number | null;
  visitCount: number | null;
  firstSeenAt: DateTime;
  lastSeenAt: DateTime;
  currentVisitKey: string | null;
}

export interface VisitRow {
  id?: number;
  documentId: string;
  visitKey: string;
  contactId: string;
  /** null on visits stored before visits knew their device */
  visitorId: string | null;
  number: number | null;
  startedAt: DateTime;
  lastActivityAt: DateTime;
  pageCount: number | null;
  value: number | null;
  goals: Json;
  channel: string | null;
  campaign: string | null;
  referrer: string | null;
  utm: Json;
  landingPath: string | null;
  geo: Json;
  device: string | null;
  os: string | null;
  browser: string | null;
  language: string | null;
}

/** What an interaction says about itself; the rest of its row (who, when) is added when it is queued. */
export interface InteractionFields {
  contentUid?: string;
  contentDocumentId?: string;
  goal?: string;
  points?: number;
  variant?: string;
  experiment?: string;
  data?: NonNullable<RollupSource['data']> & Record<string, unknown>;
}

export interface InteractionRow extends InteractionFields {
  id?: number;
  documentId: string;
  contactId: string;
  visitKey: string;
  type: string;
  occurredAt: Date;
}

/** An interaction as read back: rebuilding rollups needs only these. */
export interface StoredInteraction {
  id: number;
  type: string;
  occurredAt: DateTime;
  points: number | null;
  goal: string | null;
  data: RollupSource['data'];
}

export interface StoredRollupRow extends RollupRow {
  key: string;
  documentId: string;
  publishedAt: Date;
}

const toDate = (ms: number) => new Date(ms);
export const toMs = (value: DateTime | undefined) => (value ? new Date(value).getTime() : 0);
const objectOr = <T>(value: Json, fallback: T): T =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : fallback;

export function contactFromRow(row: ContactRow): ContactRecord {
  return {
    stored: true,
    documentId: row.documentId,
    visitorId: row.visitorId,
    identified: !!row.identified,
    email: row.email ?? null,
    externalId: row.externalId ?? null,
    consent: row.consent ?? null,
    attributes: objectOr(row.attributes, {}),
    profiles: objectOr(row.profiles, {}),
    personas: objectOr(row.personas, {}),
    goals: objectOr(row.goals, {}),
    experiments: objectOr(row.experiments, {}),
    engagementValue: row.engagementValue ?? 0,
    visitCount: row.visitCount ?? 0,
    firstSeenAt: toMs(row.firstSeenAt),
    lastSeenAt: toMs(row.lastSeenAt),
    currentVisitKey: row.currentVisitKey ?? null,
  };
}

export function contactToRow(contact: ContactRecord): Omit<ContactRow, 'documentId'> {
  return {
    visitorId: contact.visitorId,
    identified: contact.identified,
    email: contact.email,
    externalId: contact.externalId,
    consent: contact.consent,
    attributes: contact.attributes,
    profiles: contact.profiles,
    personas: contact.personas,
    goals: contact.goals,
    experiments: contact.experiments,
    engagementValue: contact.engagementValue,
    visitCount: contact.visitCount,
    firstSeenAt: toDate(contact.firstSeenAt),
    lastSeenAt: toDate(contact.lastSeenAt),
    currentVisitKey: contact.currentVisitKey,
  };
}

export function visitFromRow(row: VisitRow): VisitRecord {
  return {
    stored: true,
    documentId: row.documentId,
    visitKey: row.visitKey,
    contactId: row.contactId,
    visitorId: row.visitorId ?? row.contactId,
    number: row.number ?? 1,
    startedAt: toMs(row.startedAt),
    lastActivityAt: toMs(row.lastActivityAt),
    pageCount: row.pageCount ?? 0,
    value: row.value ?? 0,
    goals: Array.isArray(row.goals) ? row.goals : [],
    channel: row.channel ?? null,
    campaign: row.campaign ?? null,
    referrer: row.referrer ?? null,
    utm: objectOr<Record<string, string>>(row.utm, {}),
    landingPath: row.landingPath ?? null,
    geo: objectOr(row.geo, null),
    device: row.device ?? null,
    os: row.os ?? null,
    browser: row.browser ?? null,
    languages: row.language ? [row.language] : [],
  };
}

export function visitToRow(visit: VisitRecord): Omit<VisitRow, 'documentId'> {
  return {
    visitKey: visit.visitKey,
    contactId: visit.contactId,
    visitorId: visit.visitorId,
    number: visit.number,
    startedAt: toDate(visit.startedAt),
    lastActivityAt: toDate(visit.lastActivityAt),
    pageCount: visit.pageCount,
    value: visit.value,
    goals: visit.goals,
    channel: visit.channel,
    campaign: visit.campaign,
    referrer: visit.referrer?.slice(0, 500) ?? null,
    utm: visit.utm,
    landingPath: visit.landingPath?.slice(0, 500) ?? null,
    geo: visit.geo,
    device: visit.device,
    os: visit.os,
    browser: visit.browser,
    language: visit.languages[0]?.slice(0, 20) ?? null,
  };
}

/** What rollups count of a queued or stored interaction. */
export function rollupSourceOf(row: {
  type: string;
  occurredAt: DateTime;
  points?: number | null;
  goal?: string | null;
  data?: RollupSource['data'];
}): RollupSource {
  return {
    type: row.type,
    occurredAt: toMs(row.occurredAt),
    points: row.points,
    goal: row.goal,
    data: row.data,
  };
}
