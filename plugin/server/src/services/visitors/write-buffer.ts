/**
 * Every accepted change is queued at once and written behind in batches: on an interval, when a
 * batch is full, and on shutdown, so a content read never waits for a write. A changed contact or
 * visit waits for the state write delay, so an active visitor's row is written once per delay.
 * A frontend's event batch is answered only once its interactions are committed (`commit`): the
 * requests read in the same turn of the event loop, or while a flush runs, share one (group
 * commit), so acknowledged events survive a `kill -9` and the database sees one transaction per
 * flush, not one per request.
 * A held contact (a visitor's first request without an id) queues only its rollup deltas: its
 * rows wait on the record until `release`, so a one-hit visit leaves no row, only its counts.
 * After a commit the buffer tells the contact cache which contacts it wrote (WrittenContacts).
 * A row the database refuses is set aside (dead letters) and the rest of its batch is written;
 * a flush that fails for any other reason keeps everything for the next one, and says so in the
 * log once per minute with a count.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { newDocumentId, newTimeOrderedDocumentId } from '../../core/ids';
import { accumulate, addDeltas, recount, rollupKey, type RollupRow } from '../../core/rollups';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import {
  contactToRow,
  interactionToRow,
  rollupSourceOf,
  visitToRow,
  type InteractionFields,
  type InteractionRow,
  type StoredInteraction,
} from './rows';
import { emptyHistory, type ContactRecord, type VisitRecord } from './records';
import { databaseMessage, isRowRefusal } from './row-refusals';
import { createVersionedRows, type AfterCommit } from './versioned-rows';
import { createDirectRows } from './direct-rows';

/** What the write buffer tells the contact cache. */
export interface WrittenContacts {
  /** these contacts' rows now equal their records, as of `at` */
  written(contacts: ContactRecord[], at: number): void;
  /** these visitors' rows are gone (erased on another instance): drop their records */
  forget(visitorIds: ReadonlySet<string>): void;
}

/** What a visit start may be re-credited with. */
export interface VisitStartCredit {
  campaign?: string | null;
  channel?: string | null;
  newContact?: boolean;
}

/**
 * A queued interaction; `rollups` says how it is written: 'only' counts its rollups and writes no
 * row (its contact is held), 'done' writes the row of a released contact, counted when it was held.
 */
type QueuedInteraction = InteractionRow & { rollups?: 'only' | 'done' };

/**
 * What a queued interaction adds to the rollups: a held one counts in the unlogged rows, a
 * released one moves its count from those to the rows a rebuild recomputes from interactions.
 */
function rollupDeltasOf(row: QueuedInteraction): RollupRow[] {
  const source = rollupSourceOf(row);
  if (row.rollups === 'only')
    return [...accumulate(new Map(), [{ ...source, unlogged: true }]).values()];
  if (row.rollups === 'done')
    return recount([{ before: { ...source, unlogged: true }, after: source }]);
  return [...accumulate(new Map(), [source]).values()];
}

const STOP_FLUSH_ATTEMPTS = 10;
/** A flush that keeps failing is logged at most once per this interval. */
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * The entries that changed at or before `cutoff`, and those awaited by a commit: what a flush
 * writes. The due ones are a prefix: entries are kept in the order they first changed (restore).
 */
function dueBy<T>(dirty: Map<T, number>, cutoff: number, awaited: Set<T>): Array<[T, number]> {
  const due: Array<[T, number]> = [];
  for (const entry of dirty) {
    if (entry[1] > cutoff) break;
    due.push(entry);
  }
  for (const record of awaited) {
    const since = dirty.get(record);
    if (since !== undefined && since > cutoff) due.push([record, since]);
  }
  return due;
}

/** Puts the entries a failed flush took back in front, where their first change puts them, keeping the order dueBy relies on. */
function restore<T>(dirty: Map<T, number>, taken: Array<[T, number]>): Map<T, number> {
  const restored = new Map(taken);
  for (const [record, since] of dirty)
    restored.set(record, Math.min(since, restored.get(record) ?? since));
  return restored;
}

/** Removes and returns the due entries (dueBy). */
function takeChangedBy<T>(
  dirty: Map<T, number>,
  cutoff: number,
  awaited: Set<T>
): Array<[T, number]> {
  const taken = dueBy(dirty, cutoff, awaited);
  for (const [record] of taken) {
    dirty.delete(record);
    awaited.delete(record);
  }
  return taken;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** changed contacts and visits → when each first changed since it was last written */
  let dirtyContacts = new Map<ContactRecord, number>();
  let dirtyVisits = new Map<VisitRecord, number>();
  /** contacts and visits that a caller of `commit` waits for: written by the next flush, whatever their delay */
  const awaitedContacts = new Set<ContactRecord>();
  const awaitedVisits = new Set<VisitRecord>();
  let interactions: QueuedInteraction[] = [];
  let pendingRollups = new Map<string, RollupRow>();
  let flushing: Promise<void> | undefined;
  let followUp: Promise<void> | undefined;
  let followUpWritesAll = false;
  let timer: NodeJS.Timeout | undefined;
  let cache: WrittenContacts | undefined;
  const contactCache = (): WrittenContacts => (cache ??= getService(strapi, 'contact-cache'));

  const settings = () => getService(strapi, 'settings').get();

  function markDirty(contact: ContactRecord, visit?: VisitRecord): void {
    if (contact.forgotten) return;
    if (contact.held) {
      if (visit && !contact.held.visits.includes(visit)) contact.held.visits.push(visit);
      return;
    }
    const now = Date.now();
    if (!dirtyContacts.has(contact)) dirtyContacts.set(contact, now);
    if (visit && !dirtyVisits.has(visit)) dirtyVisits.set(visit, now);
    // a failed flush keeps its data for the next one and is logged there
    if (interactions.length >= settings().writeBuffer.maxBatchSize)
      void flush(false).catch(() => undefined);
  }

  /** Queues an interaction and its rollup deltas. */
  function queue(row: QueuedInteraction): void {
    addDeltas(pendingRollups, rollupDeltasOf(row));
    interactions.push(row);
  }

  /** Rollup deltas of what is queued, after queued interactions changed or came back from a failed flush. */
  function recountRollups(): void {
    pendingRollups = addDeltas(new Map(), interactions.flatMap(rollupDeltasOf));
  }

  const versioned = createVersionedRows(strapi);

  /** Runs `write` (its own statements, or a transaction) and applies what it defers to the commit once it succeeded. */
  async function committed<T>(write: (afterCommit: AfterCommit) => Promise<T>): Promise<T> {
    const afterCommit: AfterCommit = [];
    const result = await write(afterCommit);
    for (const apply of afterCommit) apply();
    return result;
  }

  const direct = createDirectRows(strapi);

  const writeInteractions = (rows: QueuedInteraction[], trx: Knex.Transaction) =>
    direct.insert(
      UIDS.interaction,
      rows.map(({ rollups: _counted, ...row }) => ({
        ...interactionToRow(row),
        publishedAt: row.occurredAt,
      })),
      trx
    );

  /** Adds deltas to the stored rollup rows with SQL increments, so instances writing at once never lose a count. */
  async function addToRollups(rows: Iterable<RollupRow>, trx: Knex.Transaction): Promise<void> {
    for (const row of rows) {
      const key = rollupKey(row);
      const { visits, newContacts, value, goals, conversions } = row;
      const updated = await direct.increment(
        UIDS.rollup,
        { key },
        { visits, newContacts, value, goals, conversions },
        trx
      );
      if (!updated)
        await direct.insert(
          UIDS.rollup,
          [{ ...row, key, documentId: newDocumentId(), publishedAt: new Date() }],
          trx
        );
    }
  }

  /**
   * The whole batch in one transaction: one UPDATE per changed row and one batched INSERT per
   * type, written past Strapi's entity layer (direct-rows). Returns the visitors whose rows are gone (erased on another instance): nothing of
   * theirs is written.
   */
  async function writeTogether(
    contacts: ContactRecord[],
    visits: VisitRecord[],
    batch: QueuedInteraction[],
    rollups: Map<string, RollupRow>
  ): Promise<Set<string>> {
    return committed((afterCommit) =>
      strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        // Strapi's update() would read the row before and after writing it
        const gone = await versioned.writeContacts(contacts, afterCommit, trx);
        await versioned.writeVisits(
          visits.filter((visit) => !gone.has(visit.contactId)),
          afterCommit,
          trx
        );
        await writeInteractions(
          batch.filter((row) => row.rollups !== 'only' && !gone.has(row.contactId)),
          trx
        );
        await addToRollups(rollups.values(), trx); // rollups keep the counts of erased visitors
        return gone;
      })
    );
  }

  /**
   * After a row refused the batch: every row on its own (an interaction with its rollup delta),
   * those refused again set aside. Adds what it wrote or set aside to `settled`; any other
   * failure stops it, and the rows not settled are queued again. Returns the visitors whose
   * rows are gone, as writeTogether does.
   */
  async function writeEachOnItsOwn(
    contacts: ContactRecord[],
    visits: VisitRecord[],
    batch: QueuedInteraction[],
    settled: Set<object>
  ): Promise<Set<string>> {
    const refused: string[] = [];
    const deadLetters = getService(strapi, 'dead-letters');
    async function attempt<T extends object>(
      kind: 'contact' | 'visit' | 'interaction',
      item: T,
      key: string,
      write: () => Promise<unknown>,
      row: () => object
    ): Promise<void> {
      try {
        await write();
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        await deadLetters.setAside(kind, key, row(), error);
        refused.push(`${kind} ${key}: ${databaseMessage(error)}`);
      }
      settled.add(item);
    }
    const gone = new Set<string>();
    try {
      for (const contact of contacts) {
        await attempt(
          'contact',
          contact,
          contact.visitorId,
          async () => {
            const lost = await committed((after) => versioned.writeContacts([contact], after));
            for (const visitorId of lost) gone.add(visitorId);
          },
          () => contactToRow(contact)
        );
        // a refused new row is given up: later changes update nothing instead of being refused again
        contact.stored = true;
      }
      for (const visit of visits) {
        if (gone.has(visit.contactId)) settled.add(visit);
        else
          await attempt(
            'visit',
            visit,
            visit.visitKey,
            () => committed((after) => versioned.writeVisits([visit], after)),
            () => visitToRow(visit)
          );
        visit.stored = true;
      }
      for (const row of batch) {
        if (gone.has(row.contactId)) settled.add(row);
        else
          await attempt(
            'interaction',
            row,
            row.documentId,
            () =>
              strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
                if (row.rollups !== 'only') await writeInteractions([row], trx);
                await addToRollups(rollupDeltasOf(row), trx);
              }),
            () => row
          );
      }
      return gone;
    } finally {
      if (refused.length > 0)
        strapi.log.error(
          `[cxm] the database refused ${refused.length} row(s), set aside in cxm_dead_letters; the rest of the batch was written. First: ${refused[0]}`
        );
    }
  }

  /** How the flushes have been failing since the last one that succeeded, for a log line per interval. */
  let failing: { since: number; count: number; loggedAt: number } | undefined;

  function logFailure(error: unknown): void {
    const now = Date.now();
    failing ??= { since: now, count: 0, loggedAt: -Infinity };
    failing.count += 1;
    if (now - failing.loggedAt < FAILURE_LOG_INTERVAL_MS) return;
    failing.loggedAt = now;
    const waiting = dirtyContacts.size + dirtyVisits.size + interactions.length;
    strapi.log.error(
      `[cxm] write buffer flush failed ${failing.count} time(s) since ${new Date(failing.since).toISOString()}, ` +
        `${waiting} row(s) kept for the next attempt: ${databaseMessage(error)}`
    );
  }

  function logRecovery(): void {
    if (!failing) return;
    strapi.log.warn(
      `[cxm] write buffer flushed again after ${failing.count} failed attempt(s) since ${new Date(failing.since).toISOString()}`
    );
    failing = undefined;
  }

  /** Drops everything queued of these visitors, here and in the cache: their rows were erased by another instance. */
  function forgetGone(visitorIds: Set<string>): void {
    forget(visitorIds);
    contactCache().forget(visitorIds);
  }

  /** Drops everything queued of these contacts (erasure); rollups keep their counts. */
  function forget(visitorIds: ReadonlySet<string>): void {
    for (const contact of dirtyContacts.keys())
      if (visitorIds.has(contact.visitorId)) {
        contact.forgotten = true;
        dirtyContacts.delete(contact);
        awaitedContacts.delete(contact);
      }
    for (const visit of dirtyVisits.keys())
      if (visitorIds.has(visit.contactId)) {
        dirtyVisits.delete(visit);
        awaitedVisits.delete(visit);
      }
    interactions = interactions.filter((row) => !visitorIds.has(row.contactId));
  }

  /**
   * Writes the buffered interactions and rollup deltas, and the contacts and visits that changed
   * at least `stateWriteDelayMs` ago (all of them when `writeAll`).
   */
  async function flushOnce(writeAll: boolean): Promise<void> {
    const cutoff = writeAll ? Infinity : Date.now() - settings().writeBuffer.stateWriteDelayMs;
    // the visitors this flush writes (the rest is checked when its turn comes)
    const writing = new Set([
      ...dueBy(dirtyContacts, cutoff, awaitedContacts).map(([contact]) => contact.visitorId),
      ...dueBy(dirtyVisits, cutoff, awaitedVisits).map(([visit]) => visit.contactId),
      ...interactions.map((row) => row.contactId),
    ]);
    try {
      await getService(strapi, 'erasures').check(writing); // erased on another instance moments ago
    } catch (error) {
      logFailure(error);
      throw error;
    }
    if (writing.size === 0) return;
    const changedContacts = takeChangedBy(dirtyContacts, cutoff, awaitedContacts);
    const changedVisits = takeChangedBy(dirtyVisits, cutoff, awaitedVisits);
    const contacts = changedContacts.map(([contact]) => contact);
    const visits = changedVisits.map(([visit]) => visit);
    const batch = interactions;
    const rollups = pendingRollups;
    interactions = [];
    pendingRollups = new Map();
    if (contacts.length + visits.length + batch.length === 0) return;
    /** written, or set aside as refused: not queued again */
    const settled = new Set<object>();
    try {
      let gone: Set<string>;
      try {
        gone = await writeTogether(contacts, visits, batch, rollups);
        for (const item of [...contacts, ...visits, ...batch]) settled.add(item);
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        gone = await writeEachOnItsOwn(contacts, visits, batch, settled);
      }
      if (gone.size > 0) forgetGone(gone);
      logRecovery();
    } catch (error) {
      // Keep everything not written for the next attempt rather than lose accepted events.
      dirtyContacts = restore(
        dirtyContacts,
        changedContacts.filter(([contact]) => !settled.has(contact) && !contact.forgotten)
      );
      dirtyVisits = restore(
        dirtyVisits,
        changedVisits.filter(([visit]) => !settled.has(visit))
      );
      interactions = batch.filter((row) => !settled.has(row)).concat(interactions);
      recountRollups();
      logFailure(error);
      throw error;
    } finally {
      // the stored rows now equal these cached contacts: no need to reload them before the cache TTL runs out again
      contactCache().written(
        contacts.filter((contact) => settled.has(contact)),
        Date.now()
      );
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

  let commitFlush: Promise<void> | undefined;
  /**
   * The flush that commits what callers of `commit` queued, started once the event loop has run
   * the I/O that is ready: the requests that arrived with this one share its transaction (their
   * own work is synchronous once their body is read, so without the wait each flush, ending
   * before the next request is read, would commit one request).
   */
  function flushForCommit(): Promise<void> {
    commitFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      commitFlush = undefined;
      return flush(false);
    });
    return commitFlush;
  }

  return {
    flush,
    markDirty,

    /**
     * Resolves once every interaction queued so far is committed, with this contact's and visit's
     * rows if they do not exist yet (a known contact's changed state keeps its write delay: the
     * interactions are the record); rejects when that flush failed (what it held stays queued).
     */
    commit(contact: ContactRecord, visit: VisitRecord): Promise<void> {
      if (!contact.stored && dirtyContacts.has(contact)) awaitedContacts.add(contact);
      if (!visit.stored && dirtyVisits.has(visit)) awaitedVisits.add(visit);
      return flushForCommit();
    },

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
      const row: InteractionRow = {
        documentId: newTimeOrderedDocumentId(now),
        contactId: contact.visitorId,
        visitKey: visit.visitKey,
        type,
        occurredAt: new Date(now),
        ...fields,
      };
      if (contact.held) contact.held.interactions.push(row);
      // a forgotten contact's interactions still count in the rollups, as everything erased does
      queue(contact.held || contact.forgotten ? { ...row, rollups: 'only' } : row);
    },

    /** A held contact is kept from now on: its contact, visits and interactions are queued as if never held. */
    release(contact: ContactRecord): void {
      const held = contact.held;
      if (!held || contact.forgotten) return;
      contact.held = undefined;
      for (const row of held.interactions) queue({ ...row, rollups: 'done' });
      markDirty(contact);
      for (const visit of held.visits) markDirty(contact, visit);
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
      awaitedContacts.delete(absorbed);
    },

    forget,

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
