/**
 * Every accepted change is queued at once and written behind in batches: on an interval, when a
 * batch is full, and on shutdown, so a request never waits for a write. A changed contact or
 * visit waits for the state write delay, so an active visitor's row is written once per delay.
 * After a commit the buffer tells the contact cache which contacts it wrote (WrittenContacts).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { newDocumentId } from '../../core/ids';
import { accumulate, recount, rollupKey, type RollupRow } from '../../core/rollups';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import {
  contactToRow,
  rollupSourceOf,
  visitToRow,
  type InteractionFields,
  type InteractionRow,
  type StoredInteraction,
} from './rows';
import { emptyHistory, type ContactRecord, type VisitRecord } from './records';

/** What the write buffer tells the contact cache. */
export interface WrittenContacts {
  /** these contacts' rows now equal their records, as of `at` */
  written(contacts: ContactRecord[], at: number): void;
}

/** What a visit start may be re-credited with. */
export interface VisitStartCredit {
  campaign?: string | null;
  channel?: string | null;
  newContact?: boolean;
}

const STOP_FLUSH_ATTEMPTS = 10;

/** Removes and returns the entries that changed at or before `cutoff`. */
function takeChangedBy<T>(dirty: Map<T, number>, cutoff: number): Array<[T, number]> {
  const taken = [...dirty].filter(([, since]) => since <= cutoff);
  for (const [record] of taken) dirty.delete(record);
  return taken;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** changed contacts and visits → when each first changed since it was last written */
  const dirtyContacts = new Map<ContactRecord, number>();
  const dirtyVisits = new Map<VisitRecord, number>();
  let interactions: InteractionRow[] = [];
  let pendingRollups = new Map<string, RollupRow>();
  let flushing: Promise<void> | undefined;
  let followUp: Promise<void> | undefined;
  let followUpWritesAll = false;
  let timer: NodeJS.Timeout | undefined;
  let cache: WrittenContacts | undefined;
  const contactCache = (): WrittenContacts => (cache ??= getService(strapi, 'contact-cache'));

  const settings = () => getService(strapi, 'settings').get();

  function markDirty(contact: ContactRecord, visit?: VisitRecord): void {
    const now = Date.now();
    if (!dirtyContacts.has(contact)) dirtyContacts.set(contact, now);
    if (visit && !dirtyVisits.has(visit)) dirtyVisits.set(visit, now);
    // a failed flush keeps its data for the next one and is logged there
    if (interactions.length >= settings().writeBuffer.maxBatchSize)
      void flush(false).catch(() => undefined);
  }

  /** Rollup deltas of what is queued, after queued interactions changed or came back from a failed flush. */
  function recountRollups(): void {
    pendingRollups = accumulate(new Map(), interactions.map(rollupSourceOf));
  }

  async function writeRows<T extends { documentId: string; stored?: boolean }, Row extends object>(
    uid: string,
    records: T[],
    toRow: (record: T) => Row,
    keyOf: (record: T) => Partial<Row>,
    createdAt: (record: T) => number
  ): Promise<void> {
    const query = strapi.db.query(uid);
    for (const record of records) {
      if (record.stored) await query.updateMany({ where: keyOf(record), data: toRow(record) });
    }
    const created = records.filter((record) => !record.stored);
    if (created.length > 0) {
      await query.createMany({
        data: created.map((record) => ({
          ...toRow(record),
          documentId: record.documentId,
          publishedAt: new Date(createdAt(record)),
        })),
      });
    }
  }

  /** Adds deltas to the stored rollup rows with SQL increments, so instances writing at once never lose a count. */
  async function addToRollups(rows: Iterable<RollupRow>, trx: Knex.Transaction): Promise<void> {
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
   * Writes the buffered interactions and rollup deltas, and the contacts and visits that changed
   * at least `stateWriteDelayMs` ago (all of them when `writeAll`).
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
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
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
      contactCache().written(contacts, Date.now());
    } catch (error) {
      // Keep everything for the next attempt rather than lose accepted events.
      for (const [contact, since] of changedContacts)
        dirtyContacts.set(contact, Math.min(since, dirtyContacts.get(contact) ?? since));
      for (const [visit, since] of changedVisits)
        dirtyVisits.set(visit, Math.min(since, dirtyVisits.get(visit) ?? since));
      interactions = batch.concat(interactions);
      recountRollups();
      strapi.log.error(`[cxm] write buffer flush failed, will retry: ${(error as Error).message}`);
      throw error;
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
    flush,
    markDirty,

    isDirty(contact: ContactRecord): boolean {
      return dirtyContacts.has(contact);
    },

    /** Queues one interaction of the contact in the visit, and its rollup delta. */
    record(
      contact: ContactRecord,
      visit: VisitRecord,
      type: string,
      fields: InteractionFields,
      now: number
    ): void {
      accumulate(pendingRollups, [
        { type, occurredAt: now, points: fields.points, goal: fields.goal, data: fields.data },
      ]);
      interactions.push({
        documentId: newDocumentId(),
        contactId: contact.visitorId,
        visitKey: visit.visitKey,
        type,
        occurredAt: new Date(now),
        ...fields,
      });
    },

    /**
     * Visit starts counted under other figures than first recorded: `visitKey`'s under a tracked
     * link's campaign and channel, all of `contactId`'s as no new contact (merged into a known
     * one). They are written first, so the change is the same whether they were queued or stored.
     */
    async recreditVisitStarts(
      match: { visitKey: string } | { contactId: string },
      credit: VisitStartCredit
    ): Promise<void> {
      await flush();
      const query = strapi.db.query(UIDS.interaction);
      const starts = (await query.findMany({
        where: { type: 'visit', ...match },
      })) as StoredInteraction[];
      const changed = starts.map((row) => ({ row, data: { ...row.data, ...credit } }));
      const corrections = recount(
        changed.map(({ row, data }) => ({
          before: rollupSourceOf(row),
          after: rollupSourceOf({ ...row, data }),
        }))
      );
      if (corrections.length === 0) return;
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        for (const { row, data } of changed)
          await query.update({ where: { id: row.id }, data: { data } });
        await addToRollups(corrections, trx);
      });
    },

    /**
     * Moves the visits and interactions of `absorbed`, stored and queued, to `survivor`, and
     * leaves the absorbed contact's row as an empty pointer to the survivor.
     */
    async moveContact(absorbed: ContactRecord, survivor: ContactRecord): Promise<void> {
      await flush();
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
        data: { mergedInto: survivor.visitorId, ...emptyHistory() },
      });
      dirtyContacts.delete(absorbed);
    },

    /** Drops everything queued of these contacts (erasure). */
    forget(visitorIds: ReadonlySet<string>): void {
      for (const contact of dirtyContacts.keys())
        if (visitorIds.has(contact.visitorId)) dirtyContacts.delete(contact);
      for (const visit of dirtyVisits.keys())
        if (visitorIds.has(visit.contactId)) dirtyVisits.delete(visit);
      interactions = interactions.filter((row) => !visitorIds.has(row.contactId));
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
