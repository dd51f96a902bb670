/**
 * Retention: anonymous contacts not seen for `retention.anonymousContactDays` are deleted with
 * their visits and interactions, and raw interactions older than `retention.interactionMonths`
 * are deleted; rollups keep their counts. Runs hourly, in chunks, on the one instance that holds
 * the `retention` lease (a run cut short by a crash is taken up by the next holder).
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';

const RETENTION_INTERVAL_MS = 3_600_000;
/** Longer than a run takes: another instance may run only after the holder finished or died. */
const LEASE_TTL_MS = 30 * 60_000;
const MS_PER_DAY = 86_400_000;
const CONTACT_CHUNK = 500;
const INTERACTION_CHUNK = 5000;

export interface RetentionResult {
  contacts: number;
  visits: number;
  interactions: number;
}

/** `months` calendar months before `now` (UTC). */
function monthsBefore(now: number, months: number): Date {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RetentionResult> | undefined;
  const owner = `retention-${randomUUID()}`;

  async function deleteAnonymousContacts(before: Date, result: RetentionResult): Promise<void> {
    const stale = {
      lastSeenAt: { $lt: before },
      $or: [{ identified: false }, { identified: null }],
    };
    for (;;) {
      const rows = (await strapi.db
        .query(UIDS.contact)
        .findMany({ where: stale, select: ['visitorId'], limit: CONTACT_CHUNK })) as Array<{
        visitorId: string;
      }>;
      if (rows.length === 0) return;
      const ids = rows.map((row) => row.visitorId);
      await strapi.db.transaction(async () => {
        // seen again since it was selected: kept
        const contacts = await strapi.db
          .query(UIDS.contact)
          .deleteMany({ where: { ...stale, visitorId: { $in: ids } } });
        const visits = await strapi.db
          .query(UIDS.visit)
          .deleteMany({ where: { contactId: { $in: ids } } });
        const interactions = await strapi.db
          .query(UIDS.interaction)
          .deleteMany({ where: { contactId: { $in: ids } } });
        result.contacts += contacts.count;
        result.visits += visits.count;
        result.interactions += interactions.count;
      });
      if (rows.length < CONTACT_CHUNK) return;
    }
  }

  async function deleteInteractions(before: Date, result: RetentionResult): Promise<void> {
    for (;;) {
      const rows = (await strapi.db.query(UIDS.interaction).findMany({
        where: { occurredAt: { $lt: before } },
        select: ['id'],
        limit: INTERACTION_CHUNK,
      })) as Array<{ id: number }>;
      if (rows.length === 0) return;
      const { count } = await strapi.db
        .query(UIDS.interaction)
        .deleteMany({ where: { id: { $in: rows.map((row) => row.id) } } });
      result.interactions += count;
      if (rows.length < INTERACTION_CHUNK) return;
    }
  }

  /** Deletes what is older than the retention settings allow, as of `now`. */
  async function apply(now = Date.now()): Promise<RetentionResult> {
    const { anonymousContactDays, interactionMonths } = getService(strapi, 'settings').get()
      .retention;
    const result: RetentionResult = { contacts: 0, visits: 0, interactions: 0 };
    if (anonymousContactDays > 0)
      await deleteAnonymousContacts(new Date(now - anonymousContactDays * MS_PER_DAY), result);
    if (interactionMonths > 0)
      await deleteInteractions(monthsBefore(now, interactionMonths), result);
    return result;
  }

  /** One run at a time on this instance. */
  function run(now?: number): Promise<RetentionResult> {
    running ??= apply(now).finally(() => (running = undefined));
    return running;
  }

  /** The scheduled run: only while this instance holds the lease, so instances take turns. */
  async function runUnderLease(): Promise<void> {
    const leases = getService(strapi, 'leases');
    const lease = await leases.acquire('retention', owner, Date.now(), LEASE_TTL_MS);
    if (!lease) return;
    try {
      await run();
    } finally {
      await leases.release(lease);
    }
  }

  return {
    apply: run,
    /** What the hourly timer runs. */
    runScheduled: runUnderLease,

    start(): void {
      timer = setInterval(
        () =>
          void runUnderLease().catch((error: Error) =>
            strapi.log.error(`[cxm] retention failed, will retry within the hour: ${error.message}`)
          ),
        RETENTION_INTERVAL_MS
      );
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
};
