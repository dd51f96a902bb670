/**
 * The plugin's runtime rows (contact, visit, interaction, rollup) as the database returns and
 * takes them, and the mappers between rows and the in-memory records.
 */
import type { RollupRow, RollupSource } from '../../core/rollups';
import { cleanJson, cleanNullable } from '../../core/text';
import type { ContactState, VisitState } from '../../core/rebase';
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
  version?: number | null;
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
  version?: number | null;
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

/**
 * Every text is cleaned (core/text) and cut to its column on the way to the database: a Strapi
 * `string` is a varchar(255) on PostgreSQL and MariaDB, whatever its maxLength says.
 */
const VARCHAR = 255;
/** Strings inside JSON columns (UTM values, attributes, geo names). */
const JSON_TEXT = 500;
const text = (value: string | null | undefined, maxLength = VARCHAR) =>
  cleanNullable(value, maxLength);
const json = <T>(value: T): T => cleanJson(value, JSON_TEXT);

const toDate = (ms: number) => new Date(ms);
export const toMs = (value: DateTime | undefined) => (value ? new Date(value).getTime() : 0);
const objectOr = <T>(value: Json, fallback: T): T =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : fallback;

/** A copy of what a contact record holds of its row, unaffected by later changes to the record. */
export function contactStateOf(contact: ContactRecord): ContactState {
  return structuredClone({
    identified: contact.identified,
    email: contact.email,
    externalId: contact.externalId,
    consent: contact.consent,
    attributes: contact.attributes,
    profiles: contact.profiles,
    goals: contact.goals,
    experiments: contact.experiments,
    engagementValue: contact.engagementValue,
    visitCount: contact.visitCount,
    firstSeenAt: contact.firstSeenAt,
    lastSeenAt: contact.lastSeenAt,
    currentVisitKey: contact.currentVisitKey,
  });
}

export function visitStateOf(visit: VisitRecord): VisitState {
  return {
    pageCount: visit.pageCount,
    value: visit.value,
    goals: [...visit.goals],
    lastActivityAt: visit.lastActivityAt,
    channel: visit.channel,
    campaign: visit.campaign,
  };
}

export function contactFromRow(row: ContactRow): ContactRecord {
  const record = contactFieldsOf(row);
  return { ...record, version: row.version ?? null, base: contactStateOf(record) };
}

function contactFieldsOf(row: ContactRow): ContactRecord {
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
    email: text(contact.email),
    externalId: text(contact.externalId, 200),
    consent: text(contact.consent, 20),
    attributes: json(contact.attributes),
    profiles: json(contact.profiles),
    personas: json(contact.personas),
    goals: json(contact.goals),
    experiments: json(contact.experiments),
    engagementValue: contact.engagementValue,
    visitCount: contact.visitCount,
    firstSeenAt: toDate(contact.firstSeenAt),
    lastSeenAt: toDate(contact.lastSeenAt),
    currentVisitKey: contact.currentVisitKey,
  };
}

export function visitFromRow(row: VisitRow): VisitRecord {
  const record = visitFieldsOf(row);
  return { ...record, version: row.version ?? null, base: visitStateOf(record) };
}

function visitFieldsOf(row: VisitRow): VisitRecord {
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
    goals: json(visit.goals),
    channel: text(visit.channel, 40),
    campaign: text(visit.campaign, 100),
    referrer: text(visit.referrer),
    utm: json(visit.utm),
    landingPath: text(visit.landingPath),
    geo: json(visit.geo),
    device: text(visit.device, 20),
    os: text(visit.os, 40),
    browser: text(visit.browser, 40),
    language: text(visit.languages[0], 20),
  };
}

/** An interaction row as it may be stored: its texts cleaned and cut to their columns. */
export function interactionToRow(row: InteractionRow): InteractionRow {
  return {
    ...row,
    type: text(row.type, 20)!,
    contentUid: text(row.contentUid, 200) ?? undefined,
    contentDocumentId: text(row.contentDocumentId, 100) ?? undefined,
    goal: text(row.goal, 100) ?? undefined,
    variant: text(row.variant, 200) ?? undefined,
    experiment: text(row.experiment, 100) ?? undefined,
    data: row.data && json(row.data),
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
