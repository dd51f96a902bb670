/**
 * The tracking service: the write side's lifecycle (start, flush, stop) and its maintenance,
 * erasure of a visitor and the rebuild of rollups from the raw interactions.
 */
import type { Core } from '@strapi/strapi';
import { newDocumentId } from '../../core/ids';
import { accumulate, rollupKey, type RollupRow } from '../../core/rollups';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import {
  rollupSourceOf,
  type ContactRow,
  type StoredInteraction,
  type StoredRollupRow,
} from './rows';

/** How many merges erasure follows back from a contact to the contacts merged into it. */
const MAX_MERGE_HOPS = 5;
const REBUILD_PAGE_SIZE = 5000;
const REBUILD_INSERT_SIZE = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const buffer = () => getService(strapi, 'write-buffer');
  const cache = () => getService(strapi, 'contact-cache');

  /** The visitor id and the ids of every contact merged into it (other devices of the same person). */
  async function mergedIds(visitorId: string): Promise<Set<string>> {
    const ids = new Set([visitorId]);
    for (
      let frontier = [visitorId], hops = 0;
      frontier.length > 0 && hops < MAX_MERGE_HOPS;
      hops++
    ) {
      const absorbed = (await strapi.db
        .query(UIDS.contact)
        .findMany({ where: { mergedInto: { $in: frontier } }, select: ['visitorId'] })) as Array<
        Pick<ContactRow, 'visitorId'>
      >;
      frontier = absorbed.map((row) => row.visitorId).filter((id) => !ids.has(id));
      for (const id of frontier) ids.add(id);
    }
    return ids;
  }

  return {
    flush: (writeAll = true): Promise<void> => buffer().flush(writeAll),
    start(): void {
      buffer().start();
      getService(strapi, 'erasures').startPolling(
        getService(strapi, 'settings').get().definitionsPollMs
      );
      getService(strapi, 'retention').start();
    },
    async stop(): Promise<void> {
      getService(strapi, 'erasures').stopPolling();
      await getService(strapi, 'retention').stop();
      await buffer().stop();
    },

    /**
     * Erases a contact, the contacts merged into it, their visits and interactions, buffered or
     * stored; rollups keep their counts (no personal data in them). The next request with an
     * erased id starts a new contact.
     */
    async erase(
      visitorId: string
    ): Promise<{ contacts: number; visits: number; interactions: number } | null> {
      await buffer().flush(); // what is still buffered of it is erased with the rest
      const ids = await mergedIds(visitorId);
      const forget = () => {
        cache().forget(ids);
        buffer().forget(ids);
      };
      forget();
      await buffer().flush(); // a flush running now may hold a snapshot with the contact: let it land, then delete
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
        await getService(strapi, 'erasures').record(ids, Date.now()); // for the other instances
        return { contacts: contacts.count, visits: visits.count, interactions: logged.count };
      });
      forget(); // a request that loaded the contact meanwhile
      if (counts) await getService(strapi, 'automations').eraseContacts([...ids]);
      return counts;
    },

    /**
     * Everything stored about a visitor (the contact, the contacts merged into it, their visits
     * and interactions), without the database's own row ids: what `GET /api/cxm/me` hands out.
     */
    async exportVisitor(visitorId: string) {
      await buffer().flush(); // what is still buffered is part of it
      const ids = [...(await mergedIds(visitorId))];
      const withoutRowIds = (rows: Array<Record<string, unknown>>) =>
        rows.map(({ id: _id, documentId: _documentId, ...row }) => row);
      const [contacts, visits, interactions, automation] = await Promise.all([
        strapi.db.query(UIDS.contact).findMany({ where: { visitorId: { $in: ids } } }),
        strapi.db
          .query(UIDS.visit)
          .findMany({ where: { contactId: { $in: ids } }, orderBy: { startedAt: 'asc' } }),
        strapi.db
          .query(UIDS.interaction)
          .findMany({ where: { contactId: { $in: ids } }, orderBy: { occurredAt: 'asc' } }),
        getService(strapi, 'automations').exportContacts(ids),
      ]);
      const [contact = null, ...merged] = withoutRowIds(
        [...contacts].sort(
          (a, b) => Number(a.visitorId !== visitorId) - Number(b.visitorId !== visitorId)
        )
      );
      return {
        exportedAt: new Date().toISOString(),
        contact,
        mergedContacts: merged,
        visits: withoutRowIds(visits),
        interactions: withoutRowIds(interactions),
        enrollments: withoutRowIds(automation.enrollments),
        automationSteps: withoutRowIds(automation.steps),
      };
    },

    /** Recomputes the rollup rows from the raw interactions (after a restore, a bug fix, a change of rules); the unlogged ones stay. */
    async rebuildRollups(): Promise<{ rows: number; interactions: number }> {
      await buffer().flush();
      const rows = new Map<string, RollupRow>();
      let seen = 0;
      for (let lastId = 0; ;) {
        const page = (await strapi.db.query(UIDS.interaction).findMany({
          where: { id: { $gt: lastId }, type: { $in: ['visit', 'goal'] } },
          orderBy: { id: 'asc' },
          limit: REBUILD_PAGE_SIZE,
        })) as StoredInteraction[];
        if (page.length === 0) break;
        accumulate(rows, page.map(rollupSourceOf));
        seen += page.length;
        lastId = page[page.length - 1].id;
      }
      await strapi.db.transaction(async () => {
        // the unlogged rows count interactions that have no row: nothing to recompute them from
        await strapi.db
          .query(UIDS.rollup)
          .deleteMany({ where: { $or: [{ unlogged: false }, { unlogged: null }] } });
        const all: StoredRollupRow[] = [...rows.values()].map((row) => ({
          ...row,
          key: rollupKey(row),
          documentId: newDocumentId(),
          publishedAt: new Date(),
        }));
        for (let start = 0; start < all.length; start += REBUILD_INSERT_SIZE) {
          await strapi.db
            .query(UIDS.rollup)
            .createMany({ data: all.slice(start, start + REBUILD_INSERT_SIZE) });
        }
      });
      return { rows: rows.size, interactions: seen };
    },
  };
};
