/**
 * Contact and visit rows written by compare-and-set on their version, so that several instances
 * serving one visitor never overwrite each other's changes: a write expects the version it last
 * read or wrote; when another instance moved it on, this instance's changes since are re-applied
 * to the row as it is now (core/rebase) and written again. A contact another instance stored
 * first is rebased onto that row instead of inserted twice. A row that is gone was erased.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { NO_CONTACT, rebaseContact, rebaseVisit } from '../../core/rebase';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import {
  contactFromRow,
  contactStateOf,
  contactToRow,
  visitFromRow,
  visitStateOf,
  visitToRow,
  type ContactRow,
  type VisitRow,
} from './rows';
import type { ContactRecord, VisitRecord } from './records';
import { createDirectRows } from './direct-rows';

/** How often one write is rebased before the flush gives up (and retries the batch later). */
const MAX_REBASES = 5;

/** What to do once the transaction that wrote the rows has committed. */
export type AfterCommit = Array<() => void>;

const nextVersion = (version: number | null | undefined) => (version ?? 0) + 1;

export function createVersionedRows(strapi: Core.Strapi) {
  const contacts = () => strapi.db.query(UIDS.contact);
  const visits = () => strapi.db.query(UIDS.visit);
  const direct = createDirectRows(strapi);

  /** Re-applies this instance's changes to `contact` onto the row another instance wrote. */
  async function rebaseContactOnto(contact: ContactRecord, row: ContactRow): Promise<void> {
    const theirs = contactFromRow(row);
    const defs = await getService(strapi, 'definitions').get();
    Object.assign(
      contact,
      rebaseContact(
        contact.base ?? NO_CONTACT,
        contactStateOf(contact),
        theirs.base!,
        defs.profiles
      )
    );
    getService(strapi, 'visitors').rematchPersonas(contact, defs);
    contact.version = theirs.version;
    contact.base = theirs.base;
    contact.stored = true;
  }

  /** Writes a stored contact; false when its row is gone (erased, or merged away on another instance). */
  async function updateContact(
    contact: ContactRecord,
    afterCommit: AfterCommit,
    trx: Knex.Transaction | undefined
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_REBASES; attempt++) {
      const state = contactStateOf(contact);
      const version = nextVersion(contact.version);
      const count = await direct.update(
        UIDS.contact,
        { visitorId: contact.visitorId, version: contact.version ?? null },
        { ...contactToRow(contact), version },
        trx
      );
      if (count > 0) {
        afterCommit.push(() => Object.assign(contact, { version, base: state }));
        return true;
      }
      const row = (await contacts().findOne({
        where: { visitorId: contact.visitorId },
      })) as ContactRow | null;
      if (!row || row.mergedInto) return false;
      await rebaseContactOnto(contact, row);
    }
    throw new Error(`contact ${contact.visitorId} kept changing under its write`);
  }

  async function updateVisit(
    visit: VisitRecord,
    afterCommit: AfterCommit,
    trx: Knex.Transaction | undefined
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_REBASES; attempt++) {
      const state = visitStateOf(visit);
      const version = nextVersion(visit.version);
      const count = await direct.update(
        UIDS.visit,
        { visitKey: visit.visitKey, version: visit.version ?? null },
        { ...visitToRow(visit), version },
        trx
      );
      if (count > 0) {
        afterCommit.push(() => Object.assign(visit, { version, base: state }));
        return true;
      }
      const row = (await visits().findOne({
        where: { visitKey: visit.visitKey },
      })) as VisitRow | null;
      if (!row) return false;
      const theirs = visitFromRow(row);
      Object.assign(
        visit,
        rebaseVisit(visit.base ?? theirs.base!, visitStateOf(visit), theirs.base!)
      );
      visit.version = theirs.version;
      visit.base = theirs.base;
    }
    throw new Error(`visit ${visit.visitKey} kept changing under its write`);
  }

  return {
    /** Writes the contacts (in `trx` when given); returns the visitor ids whose rows are gone. */
    async writeContacts(
      records: ContactRecord[],
      afterCommit: AfterCommit,
      trx?: Knex.Transaction
    ): Promise<Set<string>> {
      const gone = new Set<string>();
      const created = records.filter((contact) => !contact.stored);
      if (created.length > 0) {
        // another instance may have stored the same visitor since this one found no row
        const existing = (await contacts().findMany({
          where: { visitorId: { $in: created.map((contact) => contact.visitorId) } },
        })) as ContactRow[];
        for (const row of existing) {
          const contact = created.find((candidate) => candidate.visitorId === row.visitorId)!;
          if (row.mergedInto) gone.add(contact.visitorId);
          else await rebaseContactOnto(contact, row);
        }
      }
      for (const contact of records) {
        if (contact.stored && !gone.has(contact.visitorId)) {
          if (!(await updateContact(contact, afterCommit, trx))) gone.add(contact.visitorId);
        }
      }
      const inserted = records.filter((contact) => !contact.stored && !gone.has(contact.visitorId));
      if (inserted.length > 0) {
        const states = inserted.map(contactStateOf);
        await direct.insert(
          UIDS.contact,
          inserted.map((contact) => ({
            ...contactToRow(contact),
            version: 1,
            documentId: contact.documentId,
            publishedAt: new Date(contact.firstSeenAt),
          })),
          trx
        );
        afterCommit.push(() =>
          inserted.forEach((contact, index) =>
            Object.assign(contact, { stored: true, version: 1, base: states[index] })
          )
        );
      }
      return gone;
    },

    /** Writes the visits (in `trx` when given); returns the visit keys whose rows are gone. */
    async writeVisits(
      records: VisitRecord[],
      afterCommit: AfterCommit,
      trx?: Knex.Transaction
    ): Promise<Set<string>> {
      const gone = new Set<string>();
      for (const visit of records) {
        if (visit.stored && !(await updateVisit(visit, afterCommit, trx))) gone.add(visit.visitKey);
      }
      const inserted = records.filter((visit) => !visit.stored);
      if (inserted.length > 0) {
        const states = inserted.map(visitStateOf);
        await direct.insert(
          UIDS.visit,
          inserted.map((visit) => ({
            ...visitToRow(visit),
            version: 1,
            documentId: visit.documentId,
            publishedAt: new Date(visit.startedAt),
          })),
          trx
        );
        afterCommit.push(() =>
          inserted.forEach((visit, index) =>
            Object.assign(visit, { stored: true, version: 1, base: states[index] })
          )
        );
      }
      return gone;
    },
  };
}
