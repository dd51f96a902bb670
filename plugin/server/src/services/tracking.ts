/**
 * Contacts, visits and interactions: read through an in-memory cache and written behind in
 * batches. Every accepted change is queued at once and flushed on an interval, when a batch
 * is full, and on shutdown, so a request never waits for a write; a changed contact or visit
 * waits for the state write delay, so an active visitor's row is written once per delay.
 */
import type { Core } from '@strapi/strapi';
import { newDocumentId } from '../core/ids';
import { applyView, type ProfileState } from '../core/scoring';
import { matchPersona } from '../core/persona';
import { matchCampaign } from '../core/campaigns';
import { classifyChannel } from '../core/channels';
import { mergeContacts } from '../core/merge';
import { assignVariation, hash } from '../core/bucketing';
import { HOLDOUT_KEY, type ExperimentDef, type ExperimentVariant } from '../core/experiments';
import { accumulate, rollupKey, type RollupRow, type RollupSource } from '../core/rollups';
import {
  createContextReader,
  type ContextReader,
  type GoalHistory,
  type VisitSnapshot,
} from '../core/visitor-context';
import { documentKey, type Definitions } from './definitions';
import { UIDS } from '../uids';
import { getService } from '../get-service';

export interface ContactRecord {
  /** the row exists in the database (loaded, or written by a committed flush) */
  stored?: boolean;
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
  experiments: Record<string, { variant: string; at: number }>;
  engagementValue: number;
  visitCount: number;
  firstSeenAt: number;
  lastSeenAt: number;
  currentVisitKey: string | null;
}

/** A visit as stored: what rules read of it, plus its identity and timing. */
export interface VisitRecord extends VisitSnapshot {
  /** the row exists in the database (loaded, or written by a committed flush) */
  stored?: boolean;
  documentId: string;
  visitKey: string;
  contactId: string;
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
  contact: ContactRecord;
  visit: VisitRecord;
  /** a fresh reader of the context that rules read (the profile may have changed since the last one) */
  reader(): ContextReader;
}

interface CachedContact {
  record: ContactRecord;
  visit: VisitRecord | null;
  loadedAt: number;
}

type Row = Record<string, any>;

/** How long a contact read from the database is trusted before it is read again (other instances may write it). */
const CONTACT_CACHE_TTL_MS = 10_000;
const CONTACT_CACHE_MAX = 20_000;
const STOP_FLUSH_ATTEMPTS = 10;

const toDate = (ms: number) => new Date(ms);
const toMs = (value: unknown) => (value ? new Date(value as string).getTime() : 0);
const objectOr = <T>(value: unknown, fallback: T): T =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : fallback;

function contactFromRow(row: Row): ContactRecord {
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

function contactToRow(contact: ContactRecord): Row {
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

function visitFromRow(row: Row): VisitRecord {
  const utm = objectOr<Record<string, string>>(row.utm, {});
  return {
    stored: true,
    documentId: row.documentId,
    visitKey: row.visitKey,
    contactId: row.contactId,
    number: row.number ?? 1,
    startedAt: toMs(row.startedAt),
    lastActivityAt: toMs(row.lastActivityAt),
    pageCount: row.pageCount ?? 0,
    value: row.value ?? 0,
    goals: Array.isArray(row.goals) ? row.goals : [],
    channel: row.channel ?? null,
    campaign: row.campaign ?? null,
    referrer: row.referrer ?? null,
    utm,
    landingPath: row.landingPath ?? null,
    geo: objectOr(row.geo, null),
    device: row.device ?? null,
    os: row.os ?? null,
    browser: row.browser ?? null,
    languages: row.language ? [row.language] : [],
  };
}

function visitToRow(visit: VisitRecord): Row {
  return {
    visitKey: visit.visitKey,
    contactId: visit.contactId,
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

/** What a new visit inherits from the visit in progress (same device, same place). */
function visitorArrival(visit: VisitRecord): Arrival {
  return {
    referrer: null,
    params: {},
    landingPath: visit.landingPath,
    languages: visit.languages,
    geo: visit.geo,
    device: visit.device,
    os: visit.os,
    browser: visit.browser,
  };
}

/** Held-out visitors see the base document with no personalization at all. */
const HOLDOUT: ExperimentVariant = { key: HOLDOUT_KEY, documentId: null, weight: 0 };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, CachedContact>();
  const loading = new Map<string, Promise<CachedContact | null>>();
  /** changed contacts and visits → when each first changed since it was last written */
  const dirtyContacts = new Map<ContactRecord, number>();
  const dirtyVisits = new Map<VisitRecord, number>();
  let interactions: Row[] = [];
  let pendingRollups = new Map<string, RollupRow>();
  let flushing: Promise<void> | undefined;
  let followUp: Promise<void> | undefined;
  let followUpWritesAll = false;
  let timer: NodeJS.Timeout | undefined;

  const settings = () => getService(strapi, 'settings').get();
  const definitions = (): Promise<Definitions> => getService(strapi, 'definitions').get();

  function remember(entry: CachedContact) {
    cache.delete(entry.record.visitorId);
    cache.set(entry.record.visitorId, entry);
    if (cache.size > CONTACT_CACHE_MAX) {
      for (const [id, old] of cache) {
        if (cache.size <= CONTACT_CACHE_MAX) break;
        if (!dirtyContacts.has(old.record)) cache.delete(id);
      }
    }
  }

  async function loadFromDatabase(visitorId: string, now: number): Promise<CachedContact | null> {
    let row: Row | null = await strapi.db.query(UIDS.contact).findOne({ where: { visitorId } });
    // A contact merged into a known one (identify on a second device) resolves to the survivor.
    for (let hops = 0; row?.mergedInto && hops < 5; hops++) {
      row = await strapi.db.query(UIDS.contact).findOne({ where: { visitorId: row.mergedInto } });
    }
    if (!row) return null;
    const record = contactFromRow(row);
    let visit: VisitRecord | null = null;
    if (record.currentVisitKey) {
      const visitRow = await strapi.db
        .query(UIDS.visit)
        .findOne({ where: { visitKey: record.currentVisitKey } });
      visit = visitRow ? visitFromRow(visitRow) : null;
    }
    return { record, visit, loadedAt: now };
  }

  async function lookup(visitorId: string, now: number): Promise<CachedContact | null> {
    const hit = cache.get(visitorId);
    if (hit && (now - hit.loadedAt < CONTACT_CACHE_TTL_MS || dirtyContacts.has(hit.record)))
      return hit;
    let pending = loading.get(visitorId);
    if (!pending) {
      pending = loadFromDatabase(visitorId, now).finally(() => loading.delete(visitorId));
      loading.set(visitorId, pending);
    }
    const loaded = await pending;
    if (loaded) remember(loaded);
    return loaded;
  }

  function newContact(visitorId: string, now: number, consent: string | null): ContactRecord {
    return {
      documentId: newDocumentId(),
      visitorId,
      identified: false,
      email: null,
      externalId: null,
      consent,
      attributes: {},
      profiles: {},
      personas: {},
      goals: {},
      experiments: {},
      engagementValue: 0,
      visitCount: 0,
      firstSeenAt: now,
      lastSeenAt: now,
      currentVisitKey: null,
    };
  }

  function startVisit(
    contact: ContactRecord,
    arrival: Arrival,
    defs: Definitions,
    now: number
  ): VisitRecord {
    contact.visitCount += 1;
    const campaign = matchCampaign(defs.campaigns, arrival.params);
    const traffic = classifyChannel({
      params: arrival.params,
      referrer: arrival.referrer,
      ownHosts: settings().ownHosts,
    });
    const visit: VisitRecord = {
      documentId: newDocumentId(),
      visitKey: newDocumentId(),
      contactId: contact.visitorId,
      number: contact.visitCount,
      startedAt: now,
      lastActivityAt: now,
      pageCount: 0,
      value: 0,
      goals: [],
      channel: campaign?.channel ?? traffic.channel,
      campaign: campaign?.slug ?? null,
      referrer: arrival.referrer,
      utm: Object.fromEntries(
        Object.entries(arrival.params)
          .filter(([name]) => name.startsWith('utm_'))
          .map(([name, value]) => [name.slice(4), value])
      ),
      landingPath: arrival.landingPath,
      geo: arrival.geo,
      device: arrival.device,
      os: arrival.os,
      browser: arrival.browser,
      languages: arrival.languages,
    };
    contact.currentVisitKey = visit.visitKey;
    return visit;
  }

  /** The persona a contact counts under in rollups: the first profile's match, if any. */
  function personaOf(contact: ContactRecord): string | null {
    return Object.values(contact.personas).find((match) => match)?.persona ?? null;
  }

  function markDirty(contact: ContactRecord, visit?: VisitRecord) {
    const now = Date.now();
    if (!dirtyContacts.has(contact)) dirtyContacts.set(contact, now);
    if (visit && !dirtyVisits.has(visit)) dirtyVisits.set(visit, now);
    // a failed flush keeps its data for the next one and is logged there
    if (interactions.length >= settings().writeBuffer.maxBatchSize)
      void flush(false).catch(() => undefined);
  }

  /** Removes and returns the entries that changed at or before `cutoff`. */
  function takeChangedBy<T>(dirty: Map<T, number>, cutoff: number): Array<[T, number]> {
    const taken = [...dirty].filter(([, since]) => since <= cutoff);
    for (const [record] of taken) dirty.delete(record);
    return taken;
  }

  function record(
    contact: ContactRecord,
    visit: VisitRecord,
    type: string,
    fields: Row,
    now: number
  ) {
    accumulate(pendingRollups, [
      {
        type,
        occurredAt: now,
        points: fields.points,
        goal: fields.goal,
        data: fields.data,
      } as RollupSource,
    ]);
    interactions.push({
      documentId: newDocumentId(),
      contactId: contact.visitorId,
      visitKey: visit.visitKey,
      type,
      occurredAt: toDate(now),
      ...fields,
    });
  }

  function makeVisitor(
    contact: ContactRecord,
    visit: VisitRecord,
    defs: Definitions,
    now: number
  ): Visitor {
    const visitor: Visitor = {
      contact,
      visit,
      // reads through `visitor`, which a merge may point at another contact
      reader: () =>
        createContextReader({
          now,
          contact: visitor.contact,
          visit: visitor.visit,
          profiles: defs.profiles,
        }),
    };
    return visitor;
  }

  /** A goal adds its points to the contact and the visit: once per visit, or every time for a repeatable goal. */
  function reachGoal(visitor: Visitor, slug: string, defs: Definitions, now: number): boolean {
    const goal = defs.goals.get(slug);
    const { contact, visit } = visitor;
    if (!goal || (!goal.repeatable && visit.goals.includes(slug))) return false;
    if (!visit.goals.includes(slug)) visit.goals.push(slug);
    visit.value += goal.points;
    contact.engagementValue += goal.points;
    const history = contact.goals[slug];
    contact.goals[slug] = { count: (history?.count ?? 0) + 1, lastAt: now };
    const data = {
      channel: visit.channel,
      campaign: visit.campaign,
      persona: personaOf(contact),
      conversion: goal.isConversion,
    };
    record(contact, visit, 'goal', { goal: slug, points: goal.points, data }, now);
    markDirty(contact, visit);
    return true;
  }

  function recordVisitStart(
    contact: ContactRecord,
    visit: VisitRecord,
    newContact: boolean,
    now: number
  ) {
    const data = {
      campaign: visit.campaign,
      channel: visit.channel,
      persona: personaOf(contact),
      newContact,
    };
    record(contact, visit, 'visit', { data }, now);
  }

  function rematchPersonas(contact: ContactRecord, defs: Definitions) {
    for (const profile of defs.profiles) {
      const match = matchPersona(
        contact.profiles[profile.slug],
        profile,
        defs.personas.get(profile.slug) ?? [],
        {
          minViews: settings().personaMinViews,
        }
      );
      contact.personas[profile.slug] = match
        ? { persona: match.persona, distance: match.distance }
        : null;
    }
  }

  async function findIdentified(identity: Identity): Promise<ContactRecord | null> {
    const or = [
      ...(identity.email ? [{ email: identity.email.toLowerCase() }] : []),
      ...(identity.externalId ? [{ externalId: identity.externalId }] : []),
    ];
    if (or.length === 0) return null;
    const row = await strapi.db
      .query(UIDS.contact)
      .findOne({ where: { identified: true, mergedInto: null, $or: or } });
    if (!row) return null;
    return (await lookup(row.visitorId, Date.now()))?.record ?? null;
  }

  /**
   * Moves everything of `absorbed` into `survivor`: profile, goals, value and visit count add up,
   * visits and interactions are re-assigned, and the absorbed contact is left as a pointer so
   * that its cookie keeps working on the device that has it.
   */
  async function merge(
    survivor: ContactRecord,
    absorbed: ContactRecord,
    visitor: Visitor,
    defs: Definitions,
    now: number
  ) {
    await flush();
    Object.assign(survivor, mergeContacts(survivor, absorbed, defs.profiles, now));
    survivor.experiments = { ...absorbed.experiments, ...survivor.experiments };
    rematchPersonas(survivor, defs);
    const moved = { contactId: survivor.visitorId };
    await strapi.db
      .query(UIDS.visit)
      .updateMany({ where: { contactId: absorbed.visitorId }, data: moved });
    await strapi.db
      .query(UIDS.interaction)
      .updateMany({ where: { contactId: absorbed.visitorId }, data: moved });
    for (const row of interactions)
      if (row.contactId === absorbed.visitorId) row.contactId = survivor.visitorId;
    await strapi.db.query(UIDS.contact).update({
      where: { visitorId: absorbed.visitorId },
      data: {
        mergedInto: survivor.visitorId,
        profiles: {},
        personas: {},
        goals: {},
        experiments: {},
        engagementValue: 0,
        visitCount: 0,
      },
    });
    dirtyContacts.delete(absorbed);
    visitor.visit.contactId = survivor.visitorId;
    survivor.currentVisitKey = visitor.visit.visitKey;
    const survivorEntry = cache.get(survivor.visitorId)!;
    survivorEntry.visit = visitor.visit;
    cache.set(absorbed.visitorId, survivorEntry);
    visitor.contact = survivor;
    markDirty(survivor, visitor.visit);
  }

  /**
   * Writes the buffered interactions and rollup deltas, and the contacts and visits that changed
   * at least `stateWriteDelayMs` ago (all of them when `writeAll`): an active visitor's row is
   * written once per delay rather than once per request.
   */
  async function flushOnce(writeAll: boolean): Promise<void> {
    const cutoff = writeAll ? Infinity : Date.now() - settings().writeBuffer.stateWriteDelayMs;
    const changedContacts = takeChangedBy(dirtyContacts, cutoff);
    const changedVisits = takeChangedBy(dirtyVisits, cutoff);
    const contacts = changedContacts.map(([contact]) => contact);
    const visits = changedVisits.map(([visit]) => visit);
    const batch = interactions;
    const rollups = pendingRollups;
    interactions = [];
    pendingRollups = new Map();
    if (contacts.length + visits.length + batch.length === 0) return;
    try {
      await strapi.db.transaction(async ({ trx }) => {
        // One UPDATE per changed row and one batched INSERT per type: Strapi's update() would
        // read the row before and after writing it.
        await writeRows(
          UIDS.contact,
          contacts,
          contactToRow,
          (contact) => ({ visitorId: contact.visitorId }),
          (contact) => contact.firstSeenAt
        );
        await writeRows(
          UIDS.visit,
          visits,
          visitToRow,
          (visit) => ({ visitKey: visit.visitKey }),
          (visit) => visit.startedAt
        );
        const size = settings().writeBuffer.maxBatchSize;
        for (let start = 0; start < batch.length; start += size) {
          const chunk = batch
            .slice(start, start + size)
            .map((row) => ({ ...row, publishedAt: row.occurredAt }));
          await strapi.db.query(UIDS.interaction).createMany({ data: chunk });
        }
        await addToRollups(rollups.values(), trx);
      });
      for (const written of [...contacts, ...visits]) written.stored = true;
      // the stored row now equals the cached contact: no need to reload it before the cache TTL runs out again
      const writtenAt = Date.now();
      for (const contact of contacts) {
        const entry = cache.get(contact.visitorId);
        if (entry?.record === contact) entry.loadedAt = writtenAt;
      }
    } catch (error) {
      // Keep everything for the next attempt rather than lose accepted events.
      for (const [contact, since] of changedContacts)
        dirtyContacts.set(contact, Math.min(since, dirtyContacts.get(contact) ?? since));
      for (const [visit, since] of changedVisits)
        dirtyVisits.set(visit, Math.min(since, dirtyVisits.get(visit) ?? since));
      interactions = batch.concat(interactions);
      pendingRollups = accumulate(new Map(), interactions as RollupSource[]);
      strapi.log.error(`[cxm] write buffer flush failed, will retry: ${(error as Error).message}`);
      throw error;
    }
  }

  async function writeRows<T extends { documentId: string; stored?: boolean }>(
    uid: string,
    records: T[],
    toRow: (record: T) => Row,
    keyOf: (record: T) => Row,
    createdAt: (record: T) => number
  ) {
    const query = strapi.db.query(uid as any);
    for (const record of records) {
      if (record.stored) await query.updateMany({ where: keyOf(record), data: toRow(record) });
    }
    const created = records.filter((record) => !record.stored);
    if (created.length > 0) {
      await query.createMany({
        data: created.map((record) => ({
          ...toRow(record),
          documentId: record.documentId,
          publishedAt: toDate(createdAt(record)),
        })),
      });
    }
  }

  /** Adds deltas to the stored rollup rows with SQL increments, so instances writing at once never lose a count. */
  async function addToRollups(rows: Iterable<RollupRow>, trx: any) {
    const meta = strapi.db.metadata.get(UIDS.rollup);
    const column = (name: string) =>
      (meta.attributes[name] as { columnName?: string }).columnName ?? name;
    for (const row of rows) {
      const key = rollupKey(row);
      const updated = await strapi.db
        .getConnection(meta.tableName)
        .transacting(trx)
        .where(column('key'), key)
        .increment({
          [column('visits')]: row.visits,
          [column('newContacts')]: row.newContacts,
          [column('value')]: row.value,
          [column('goals')]: row.goals,
          [column('conversions')]: row.conversions,
        });
      if (!updated)
        await strapi.db
          .query(UIDS.rollup)
          .create({ data: { ...row, key, documentId: newDocumentId(), publishedAt: new Date() } });
    }
  }

  /**
   * Writes everything queued so far. A flush already running took its snapshot earlier: callers
   * wait for it and then share one follow-up flush, so what they queued is written when this resolves.
   */
  function flush(writeAll = true): Promise<void> {
    if (flushing) {
      followUpWritesAll ||= writeAll;
      followUp ??= flushing
        .catch(() => undefined)
        .then(() => {
          const all = followUpWritesAll;
          followUp = undefined;
          followUpWritesAll = false;
          return flush(all);
        });
      return followUp;
    }
    flushing = flushOnce(writeAll).finally(() => (flushing = undefined));
    return flushing;
  }

  return {
    /**
     * The contact and visit of this request: a known visitor id loads (or re-creates) its
     * contact, no id makes a new one; a visit starts after the configured inactivity.
     */
    async resolve(
      visitorId: string,
      describeArrival: () => Arrival,
      now: number,
      consent: string | null = 'implied'
    ): Promise<Visitor> {
      const defs = await definitions();
      const found = await lookup(visitorId, now);
      const isNew = !found;
      const entry: CachedContact = found ?? {
        record: newContact(visitorId, now, consent),
        visit: null,
        loadedAt: now,
      };
      if (isNew) remember(entry);
      const contact = entry.record;
      const timeoutMs = settings().visitTimeoutMinutes * 60_000;
      if (!entry.visit || now - entry.visit.lastActivityAt > timeoutMs) {
        entry.visit = startVisit(contact, describeArrival(), defs, now);
        recordVisitStart(contact, entry.visit, isNew, now);
      }
      const visit = entry.visit;
      visit.lastActivityAt = Math.max(visit.lastActivityAt, now);
      contact.lastSeenAt = Math.max(contact.lastSeenAt, now);
      markDirty(contact, visit);
      return makeVisitor(contact, visit, defs, now);
    },

    /**
     * A view of a document: its tag's key values go into the contact's profiles, personas are
     * re-matched and the tag's goals are reached. Returns whether the profile changed.
     */
    async recordView(
      visitor: Visitor,
      uid: string,
      documentId: string,
      now: number
    ): Promise<boolean> {
      const defs = await definitions();
      const { contact, visit } = visitor;
      visit.pageCount += 1;
      const tag = defs.tags.get(documentKey(uid, documentId));
      // only views that mean something to the profile go into the log; every view counts in the visit
      if (tag) {
        record(contact, visit, 'view', { contentUid: uid, contentDocumentId: documentId }, now);
        for (const profile of defs.profiles) {
          if (!profile.keys.some((key) => tag.values[key.slug] !== undefined)) continue;
          contact.profiles[profile.slug] = applyView(
            contact.profiles[profile.slug],
            profile,
            tag.values,
            now
          );
          const match = matchPersona(
            contact.profiles[profile.slug],
            profile,
            defs.personas.get(profile.slug) ?? [],
            {
              minViews: settings().personaMinViews,
            }
          );
          const previous = contact.personas[profile.slug]?.persona ?? null;
          contact.personas[profile.slug] = match
            ? { persona: match.persona, distance: match.distance }
            : null;
          if ((match?.persona ?? null) !== previous) {
            record(
              contact,
              visit,
              'persona',
              { data: { profile: profile.slug, from: previous, to: match?.persona ?? null } },
              now
            );
          }
        }
        for (const goal of tag.goals) reachGoal(visitor, goal, defs, now);
      }
      markDirty(contact, visit);
      return !!tag;
    },

    reachGoal,

    /**
     * The variant of a running experiment this visitor sees: the one first exposed to, else the
     * GrowthBook-compatible bucket of the visitor id; the first exposure is recorded once.
     * Null for visitors outside the experiment's coverage.
     */
    assignExperiment(
      visitor: Visitor,
      experiment: ExperimentDef,
      now: number
    ): ExperimentVariant | null {
      const { contact, visit } = visitor;
      const stored = contact.experiments[experiment.slug];
      const sticky =
        stored &&
        (stored.variant === HOLDOUT_KEY && experiment.holdout
          ? HOLDOUT
          : experiment.variants.find((variant) => variant.key === stored.variant));
      if (sticky) return sticky;
      // the holdout is drawn with its own seed, so it never correlates with the variant buckets
      const heldOut =
        !!experiment.holdout &&
        (hash(`${experiment.slug}:holdout`, contact.visitorId, 2) ?? 1) < experiment.holdout;
      const index = heldOut
        ? -1
        : assignVariation(
            experiment.slug,
            contact.visitorId,
            experiment.variants.map((variant) => variant.weight),
            experiment.coverage
          );
      if (!heldOut && index < 0) return null;
      const variant = heldOut ? HOLDOUT : experiment.variants[index];
      contact.experiments[experiment.slug] = { variant: variant.key, at: now };
      record(
        contact,
        visit,
        'exposure',
        { experiment: experiment.slug, variant: variant.key },
        now
      );
      markDirty(contact, visit);
      return variant;
    },

    /**
     * Links the visitor to an e-mail address or external id. When that person is known already,
     * this visitor's contact is merged into the known one, which the visitor is from now on.
     */
    async identify(
      visitor: Visitor,
      identity: Identity,
      now: number
    ): Promise<{ merged: boolean }> {
      const defs = await definitions();
      await flush(); // the known person may have been identified moments ago, still in the buffer
      const known = await findIdentified(identity);
      const merged = !!known && known.visitorId !== visitor.contact.visitorId;
      if (merged) await merge(known!, visitor.contact, visitor, defs, now);
      const contact = visitor.contact;
      contact.identified = true;
      contact.email = identity.email?.toLowerCase() ?? contact.email;
      contact.externalId = identity.externalId ?? contact.externalId;
      contact.attributes = { ...contact.attributes, ...identity.attributes };
      record(
        contact,
        visitor.visit,
        'identify',
        { data: { merged, by: identity.email ? 'email' : 'externalId' } },
        now
      );
      markDirty(contact, visitor.visit);
      return { merged };
    },

    /** The contact a tracked link was sent to; the visitor who clicks it becomes (is merged into) that contact. */
    async adoptContact(visitor: Visitor, contactVisitorId: string, now: number): Promise<boolean> {
      if (contactVisitorId === visitor.contact.visitorId) return false;
      const target = await lookup(contactVisitorId, now);
      if (!target) return false;
      await merge(target.record, visitor.contact, visitor, await definitions(), now);
      return true;
    },

    /** An arrival through a campaign's tracked link starts a visit credited to that campaign and its channel. */
    async startCampaignVisit(
      visitor: Visitor,
      campaignSlug: string | undefined,
      now: number
    ): Promise<void> {
      const defs = await definitions();
      const campaign = defs.campaigns.find((candidate) => candidate.slug === campaignSlug);
      const fresh = visitor.visit.pageCount === 0 && !visitor.visit.campaign;
      const visit = fresh
        ? visitor.visit
        : startVisit(visitor.contact, visitorArrival(visitor.visit), defs, now);
      visit.campaign = campaign?.slug ?? null;
      visit.channel = campaign?.channel ?? 'email';
      if (fresh) {
        // the visit was counted under a first guess of campaign and channel (still queued): credit the link's instead
        for (const row of interactions) {
          if (row.type === 'visit' && row.visitKey === visit.visitKey)
            Object.assign(row.data, { campaign: visit.campaign, channel: visit.channel });
        }
        pendingRollups = accumulate(new Map(), interactions as RollupSource[]);
      } else {
        recordVisitStart(visitor.contact, visit, false, now);
      }
      record(visitor.contact, visit, 'click', { data: { campaign: visit.campaign } }, now);
      const entry = cache.get(visitor.contact.visitorId);
      if (entry) entry.visit = visit;
      visitor.visit = visit;
      markDirty(visitor.contact, visit);
    },

    /** Records the visitor's consent (none / analytics / personalization) on the contact and in its timeline. */
    setConsent(visitor: Visitor, consent: string, now: number): void {
      visitor.contact.consent = consent;
      record(visitor.contact, visitor.visit, 'consent', { data: { consent } }, now);
      markDirty(visitor.contact, visitor.visit);
    },

    /**
     * Erases a contact, the contacts merged into it (other devices of the same person), their
     * visits and interactions, buffered or stored; rollups keep their counts (no personal data
     * in them). The next request with an erased id starts a new contact.
     */
    async erase(
      visitorId: string
    ): Promise<{ contacts: number; visits: number; interactions: number } | null> {
      await flush(); // what is still buffered of it is erased with the rest
      const ids = new Set([visitorId]);
      for (let frontier = [visitorId], hops = 0; frontier.length > 0 && hops < 5; hops++) {
        const absorbed: Row[] = await strapi.db
          .query(UIDS.contact)
          .findMany({ where: { mergedInto: { $in: frontier } }, select: ['visitorId'] });
        frontier = absorbed.map((row) => row.visitorId).filter((id) => !ids.has(id));
        for (const id of frontier) ids.add(id);
      }
      const forget = () => {
        for (const [key, entry] of cache)
          if (ids.has(key) || ids.has(entry.record.visitorId)) cache.delete(key);
        for (const contact of dirtyContacts.keys())
          if (ids.has(contact.visitorId)) dirtyContacts.delete(contact);
        for (const visit of dirtyVisits.keys())
          if (ids.has(visit.contactId)) dirtyVisits.delete(visit);
        interactions = interactions.filter((row) => !ids.has(row.contactId));
      };
      forget();
      await flush(); // a flush running now may hold a snapshot with the contact: let it land, then delete
      const where = { $in: [...ids] };
      const counts = await strapi.db.transaction(async () => {
        const contacts = await strapi.db
          .query(UIDS.contact)
          .deleteMany({ where: { visitorId: where } });
        if (!contacts.count) return null;
        const visits = await strapi.db
          .query(UIDS.visit)
          .deleteMany({ where: { contactId: where } });
        const logged = await strapi.db
          .query(UIDS.interaction)
          .deleteMany({ where: { contactId: where } });
        return { contacts: contacts.count, visits: visits.count, interactions: logged.count };
      });
      forget(); // a request that loaded the contact meanwhile
      return counts;
    },

    flush,

    /** Recomputes every rollup row from the raw interactions (after a restore, a bug fix, a change of rules). */
    async rebuildRollups(): Promise<{ rows: number; interactions: number }> {
      await flush();
      const rows = new Map<string, RollupRow>();
      const pageSize = 5000;
      let seen = 0;
      for (let lastId = 0; ;) {
        const page: Row[] = await strapi.db.query(UIDS.interaction).findMany({
          where: { id: { $gt: lastId }, type: { $in: ['visit', 'goal'] } },
          orderBy: { id: 'asc' },
          limit: pageSize,
        });
        if (page.length === 0) break;
        accumulate(
          rows,
          page.map((row) => ({
            type: row.type,
            occurredAt: toMs(row.occurredAt),
            points: row.points,
            goal: row.goal,
            data: row.data,
          }))
        );
        seen += page.length;
        lastId = page[page.length - 1].id;
      }
      await strapi.db.transaction(async () => {
        await strapi.db.query(UIDS.rollup).deleteMany({});
        const all = [...rows.values()].map((row) => ({
          ...row,
          key: rollupKey(row),
          documentId: newDocumentId(),
          publishedAt: new Date(),
        }));
        for (let start = 0; start < all.length; start += 500) {
          await strapi.db.query(UIDS.rollup).createMany({ data: all.slice(start, start + 500) });
        }
      });
      return { rows: rows.size, interactions: seen };
    },

    start(): void {
      timer = setInterval(
        () => void flush(false).catch(() => undefined),
        settings().writeBuffer.flushIntervalMs
      );
      timer.unref();
    },

    /** Flushes until nothing is buffered: a flush already running may have taken its snapshot before the last writes. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      for (let attempt = 0; attempt < STOP_FLUSH_ATTEMPTS; attempt++) {
        if (!flushing && dirtyContacts.size + dirtyVisits.size + interactions.length === 0) return;
        await flush().catch(() => undefined);
      }
      strapi.log.error('[cxm] write buffer could not be flushed on shutdown');
    },
  };
};
