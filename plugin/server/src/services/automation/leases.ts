/**
 * Named leases in the `cxm_leases` table, taken by compare-and-set on the fencing counter
 * (core/automation/lease.ts), so of several Strapi instances on one database one holds a
 * lease at a time, and the token it got proves it still does when it writes under the lease.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { canTake, granted, type LeaseState } from '../../core/automation/lease';
import { UIDS } from '../../uids';
import { isUniqueViolation, tableOf, toNumber } from './sql';

export interface HeldLease {
  name: string;
  owner: string;
  token: number;
  until: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => tableOf(strapi, UIDS.lease);

  async function read(name: string): Promise<LeaseState | null> {
    const t = table();
    const row = await t
      .query()
      .where(t.column('name'), name)
      .first(t.column('owner'), t.column('leaseUntil'), t.column('fencing'));
    if (!row) return null;
    return {
      owner: row[t.column('owner')] ?? null,
      leaseUntil: toNumber(row[t.column('leaseUntil')]) ?? 0,
      fencing: toNumber(row[t.column('fencing')]) ?? 0,
    };
  }

  async function ensureRow(name: string): Promise<LeaseState> {
    const existing = await read(name);
    if (existing) return existing;
    try {
      await table()
        .query()
        .insert(table().insertRow({ name, owner: null, leaseUntil: 0, fencing: 0 }, new Date()));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error; // another instance created it first
    }
    return (await read(name))!;
  }

  return {
    /** The lease for `ttlMs` from `now`, or null when another owner holds it. */
    async acquire(
      name: string,
      owner: string,
      now: number,
      ttlMs: number
    ): Promise<HeldLease | null> {
      const current = await ensureRow(name);
      if (!canTake(current, owner, now)) return null;
      const next = granted(current, owner, now, ttlMs);
      const t = table();
      const updated = await t
        .query()
        .where(t.column('name'), name)
        .andWhere(t.column('fencing'), current.fencing)
        .update(
          t.columns({
            owner,
            leaseUntil: next.leaseUntil,
            fencing: next.fencing,
            updatedAt: new Date(),
          })
        );
      return updated === 1 ? { name, owner, token: next.fencing, until: next.leaseUntil } : null;
    },

    /**
     * Inside a transaction that writes under the lease: succeeds only while `lease` is still the
     * current grant (same owner and fencing token, not expired), so a holder that lost its lease
     * rolls its writes back instead of committing them.
     */
    async assertHeld(lease: HeldLease, now: number, trx: Knex.Transaction): Promise<void> {
      const t = table();
      if (strapi.db.dialect.client === 'sqlite') {
        // A write first takes SQLite's one writer lock at once (waiting out another process's
        // write): a transaction that reads first must upgrade later, which WAL refuses with
        // "database is locked" when another process wrote in between.
        const touched = await t
          .query(trx)
          .where(t.column('name'), lease.name)
          .andWhere(t.column('owner'), lease.owner)
          .andWhere(t.column('fencing'), lease.token)
          .andWhere(t.column('leaseUntil'), '>', now)
          .update(t.columns({ updatedAt: new Date() }));
        if (touched !== 1) throw new Error(`lease '${lease.name}' was lost`);
        return;
      }
      // the row stays locked until the transaction ends
      const row = await t
        .query(trx)
        .where(t.column('name'), lease.name)
        .forUpdate()
        .first(t.column('owner'), t.column('leaseUntil'), t.column('fencing'));
      const held =
        row &&
        row[t.column('owner')] === lease.owner &&
        toNumber(row[t.column('fencing')]) === lease.token &&
        (toNumber(row[t.column('leaseUntil')]) ?? 0) > now;
      if (!held) throw new Error(`lease '${lease.name}' was lost`);
    },

    /** Gives the lease up at once (the fencing counter stays: the next grant is higher still). */
    async release(lease: HeldLease): Promise<void> {
      const t = table();
      await t
        .query()
        .where(t.column('name'), lease.name)
        .andWhere(t.column('owner'), lease.owner)
        .andWhere(t.column('fencing'), lease.token)
        .update(t.columns({ owner: null, leaseUntil: 0, updatedAt: new Date() }));
    },

    read,
  };
};
