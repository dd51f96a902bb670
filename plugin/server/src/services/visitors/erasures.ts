/**
 * An erasure on one instance reaches every instance: the erased visitor ids are kept for a day
 * in `cxm_erasures`; each instance reads the new ones every `definitionsPollMs` (as it learns of
 * changed definitions) and drops its cached contact and everything it has queued of them, and
 * each flush checks the visitors it is about to write, so nothing is written under an erased id
 * in between. A flush that was already writing when the erasure came may still have written
 * rows of it: the next flush, which waits for that one, deletes them. A request that resolved
 * the visitor before the erasure reached its instance changes only the dropped record, which is
 * never queued again. A contact first seen after the erasure is a new one and stays.
 */
import type { Core } from '@strapi/strapi';
import { newDocumentId } from '../../core/ids';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';

/** Long past any cache lifetime and any flush retry: older erasures have nothing left to reach. */
const KEEP_ERASURES_MS = 86_400_000;
/** Polls overlap by this much, so an erasure committed just before a poll's read is not missed. */
const POLL_OVERLAP_MS = 5_000;
const CHECK_CHUNK = 500;

interface ErasureRow {
  visitorId: string;
  erasedAt: Date | string;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UIDS.erasure);
  let timer: NodeJS.Timeout | undefined;
  let polledAt = 0;
  /** visitor id → erased at: dropped here, and what a flush under way wrote of it is still to be deleted */
  const stragglers = new Map<string, number>();

  /** Drops what this instance holds of visitors erased at the given times, unless it is a contact first seen since. */
  function apply(rows: ErasureRow[]): void {
    const cache = getService(strapi, 'contact-cache');
    const erased = new Set<string>();
    for (const row of rows) {
      const erasedAt = new Date(row.erasedAt).getTime();
      const entry = cache.peek(row.visitorId);
      // a new contact since: the old one was dropped when it began, or had no row
      if (entry && entry.record.firstSeenAt > erasedAt) continue;
      erased.add(row.visitorId);
      // a flush under way may still write what it held of it, whether or not this instance holds
      // it now: until the next flush deleted that, a row of it from before is no contact
      stragglers.set(row.visitorId, Math.max(erasedAt, stragglers.get(row.visitorId) ?? 0));
    }
    if (erased.size === 0) return;
    cache.forget(erased);
    getService(strapi, 'write-buffer').forget(erased);
  }

  async function poll(): Promise<void> {
    const since = polledAt - POLL_OVERLAP_MS;
    polledAt = Date.now();
    apply(
      (await query().findMany({
        where: { erasedAt: { $gte: new Date(since) } },
        select: ['visitorId', 'erasedAt'],
      })) as ErasureRow[]
    );
  }

  return {
    /** Whether a row read of this visitor is what a flush wrote after its erasure, to be deleted: no contact. */
    isErased(visitorId: string, firstSeenAt: number): boolean {
      const erasedAt = stragglers.get(visitorId);
      return erasedAt !== undefined && firstSeenAt <= erasedAt;
    },

    /** Announces erased visitor ids to the other instances (inside the erasing transaction). */
    async record(visitorIds: Iterable<string>, at: number): Promise<void> {
      const erasedAt = new Date(at);
      await query().createMany({
        data: [...visitorIds].map((visitorId) => ({
          documentId: newDocumentId(),
          visitorId,
          erasedAt,
          publishedAt: erasedAt,
        })),
      });
      await query().deleteMany({ where: { erasedAt: { $lt: new Date(at - KEEP_ERASURES_MS) } } });
    },

    /**
     * Before a flush, once the one before it has ended: deletes what that one may have written
     * of visitors erased meanwhile, and drops what is queued of these visitors if they were erased.
     */
    async check(visitorIds: Set<string>): Promise<void> {
      for (const [visitorId, erasedAt] of stragglers) {
        const before = { $lte: new Date(erasedAt) };
        await strapi.db.transaction(async () => {
          await strapi.db
            .query(UIDS.interaction)
            .deleteMany({ where: { contactId: visitorId, occurredAt: before } });
          await strapi.db
            .query(UIDS.visit)
            .deleteMany({ where: { contactId: visitorId, startedAt: before } });
          await strapi.db
            .query(UIDS.contact)
            .deleteMany({ where: { visitorId, firstSeenAt: before } });
        });
        stragglers.delete(visitorId);
      }
      const ids = [...visitorIds];
      for (let start = 0; start < ids.length; start += CHECK_CHUNK) {
        apply(
          (await query().findMany({
            where: { visitorId: { $in: ids.slice(start, start + CHECK_CHUNK) } },
            select: ['visitorId', 'erasedAt'],
          })) as ErasureRow[]
        );
      }
    },

    startPolling(intervalMs: number): void {
      polledAt = Date.now();
      timer = setInterval(
        () =>
          void poll().catch((error: Error) =>
            strapi.log.warn(`[cxm] reading erasures failed, will retry: ${error.message}`)
          ),
        intervalMs
      );
      timer.unref();
    },

    stopPolling(): void {
      if (timer) clearInterval(timer);
    },
  };
};
