/**
 * The automation scheduler: a node-cron tick (no overlap) on every instance. Under the
 * database lease `automation-claim` an instance claims a batch of due enrollments (claimed by
 * and until, compare-and-set on each row), releases the lease and runs the batch, so several
 * instances work through the due enrollments side by side and never on the same one. A claim
 * whose worker died runs out and the enrollment is taken up again (see runner.ts for why that
 * never sends twice). Inactivity triggers are scanned under a lease of their own.
 *
 * Time is injectable: `tick(now)` runs everything as of `now`, so tests cover "14 days later".
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { schedule, type ScheduledTask } from 'node-cron';
import { MS_PER_DAY } from '../../core/automation/flow';
import { UIDS } from '../../uids';
import { getService } from '../../get-service';
import { tableOf, toNumber, type Row } from './sql';
import type { BatchResult } from './runner';

const CLAIM_LEASE = 'automation-claim';
const SCAN_LEASE = 'automation-inactivity';
const LEASE_ATTEMPTS = 50;
const LEASE_RETRY_MS = 20;
const INACTIVITY_SCAN_LIMIT = 5000;

export interface TickResult extends BatchResult {
  batches: number;
  enrolled: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** This instance's name in leases and claims: unique per process start. */
  const owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const settings = () => getService(strapi, 'settings').get();
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> | undefined;
  let stopping = false;

  const enrollments = () => tableOf(strapi, UIDS.enrollment);
  /** Claimed by no instance, or by one whose claim ran out by `now`. */
  const unclaimed = (now: number) => (query: Knex.QueryBuilder) => {
    const t = enrollments();
    return query.whereNull(t.column('claimedUntil')).orWhere(t.column('claimedUntil'), '<=', now);
  };
  /** Enrollments due at `now` that no instance holds. */
  function dueQuery(now: number, trx?: Knex.Transaction) {
    const t = enrollments();
    return t
      .query(trx)
      .where(t.column('state'), 'active')
      .andWhere(t.column('nextRunAt'), '<=', now)
      .andWhere(unclaimed(now));
  }

  /** Due enrollments of active automations, claimed for this instance under the lease; null when the lease is busy. */
  async function claim(now: number): Promise<Row[] | null> {
    const { batchSize, leaseMs, claimTimeoutMs } = settings().automation;
    const automations = getService(strapi, 'automations');
    // enrollments of a paused automation are paused with it: due rows here are all runnable
    if (automations.activeIds().length === 0) return [];
    // most ticks find nothing due: asked without the lease, which would cost two writes a tick
    if (!(await dueQuery(now).first(enrollments().column('id')))) return [];
    const leases = getService(strapi, 'leases');
    const lease = await leases.acquire(CLAIM_LEASE, owner, now, leaseMs);
    if (!lease) return null;
    const t = enrollments();
    try {
      const ids = await strapi.db.transaction(async ({ trx }) => {
        await leases.assertHeld(lease, now, trx);
        const due: Row[] = await dueQuery(now, trx)
          .orderBy(t.column('nextRunAt'))
          .limit(batchSize)
          .select(t.column('id'));
        const list = due.map((row) => row[t.column('id')]);
        if (list.length === 0) return list;
        await t
          .query(trx)
          .whereIn(t.column('id'), list)
          .andWhere(unclaimed(now))
          .update(t.columns({ claimedBy: owner, claimedUntil: now + claimTimeoutMs }));
        return list;
      });
      if (ids.length === 0) return [];
      return strapi.db
        .query(UIDS.enrollment)
        .findMany({ where: { id: { $in: ids }, claimedBy: owner } });
    } finally {
      await leases.release(lease);
    }
  }

  async function claimWithRetry(now: () => number): Promise<Row[]> {
    for (let attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
      const batch = await claim(now());
      if (batch) return batch;
      await sleep(LEASE_RETRY_MS); // another instance is claiming its batch right now
    }
    return [];
  }

  /** Contacts last seen N days ago, since the previous scan: enrolled in each inactivity automation. */
  async function scanInactivity(now: number): Promise<number> {
    const automations = getService(strapi, 'automations');
    const inactivity = automations.activeOfType('inactivity');
    if (inactivity.length === 0) return 0;
    const leases = getService(strapi, 'leases');
    const lease = await leases.acquire(SCAN_LEASE, owner, now, settings().automation.leaseMs);
    if (!lease) return 0;
    let enrolled = 0;
    try {
      for (const entry of inactivity) {
        if (entry.trigger.type !== 'inactivity') continue;
        const row: Row | null = await strapi.db
          .query(UIDS.automation)
          .findOne({ where: { documentId: entry.automationId }, select: ['scannedUntil'] });
        const cutoff = now - entry.trigger.days * MS_PER_DAY;
        // the first scan starts at activation: contacts who become inactive from then on
        const from = toNumber(row?.scannedUntil) ?? cutoff;
        if (from >= cutoff) {
          if (row?.scannedUntil === null || row?.scannedUntil === undefined)
            await strapi.db.query(UIDS.automation).update({
              where: { documentId: entry.automationId },
              data: { scannedUntil: cutoff },
            });
          continue;
        }
        const contacts: Row[] = await strapi.db.query(UIDS.contact).findMany({
          where: {
            mergedInto: null,
            lastSeenAt: { $gt: new Date(from), $lte: new Date(cutoff) },
          },
          select: ['visitorId', 'lastSeenAt'],
          orderBy: { lastSeenAt: 'asc' },
          limit: INACTIVITY_SCAN_LIMIT,
        });
        const reached =
          contacts.length === INACTIVITY_SCAN_LIMIT
            ? new Date(contacts[contacts.length - 1].lastSeenAt).getTime()
            : cutoff;
        enrolled += await automations.enrolMany(
          entry.automationId,
          contacts.map((contact) => contact.visitorId),
          now
        );
        await strapi.db
          .query(UIDS.automation)
          .update({ where: { documentId: entry.automationId }, data: { scannedUntil: reached } });
      }
    } finally {
      await leases.release(lease);
    }
    return enrolled;
  }

  async function runTick(fixedNow?: number): Promise<TickResult> {
    const now = () => fixedNow ?? Date.now();
    const automations = getService(strapi, 'automations');
    const runner = getService(strapi, 'automation-runner');
    // which automations are active is read again each tick: another instance may have changed them
    await automations.reload();
    await automations.flushEnrolments();
    const totals: TickResult = {
      batches: 0,
      enrollments: 0,
      steps: 0,
      emails: 0,
      failed: 0,
      enrolled: await scanInactivity(now()),
    };
    while (!stopping) {
      const batch = await claimWithRetry(now);
      if (batch.length === 0) break;
      const result = await runner.runBatch(batch, now(), owner);
      totals.batches += 1;
      totals.enrollments += result.enrollments;
      totals.steps += result.steps;
      totals.emails += result.emails;
      totals.failed += result.failed;
    }
    if (totals.batches > 0 || totals.enrolled > 0)
      strapi.log.debug(
        `[cxm] automation tick: ${totals.enrollments} enrollments in ${totals.batches} batches, ${totals.steps} steps, ${totals.emails} e-mails, ${totals.enrolled} enrolled by inactivity`
      );
    return totals;
  }

  return {
    owner,

    /** Runs every due enrollment as of `now` (the current time when absent). */
    tick(now?: number): Promise<TickResult> {
      const current = runTick(now);
      running = current.catch(() => undefined);
      return current;
    },

    start(): void {
      if (!settings().automation.scheduler) return;
      stopping = false;
      task = schedule(
        settings().automation.tickCron,
        async () => {
          try {
            await this.tick();
          } catch (error) {
            strapi.log.error(`[cxm] automation tick failed: ${(error as Error).message}`);
          }
        },
        { name: 'cxm-automation', noOverlap: true }
      );
    },

    /** Stops the cron and lets a running batch finish (its sends complete and are recorded). */
    async stop(): Promise<void> {
      stopping = true;
      if (task) await task.destroy();
      task = undefined;
      await running;
    },
  };
};
