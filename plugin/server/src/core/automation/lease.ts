/**
 * A named lease in a database row (owner, lease-until, fencing counter), taken by
 * compare-and-set on the counter: of several instances that read the same row, only the first
 * write matches the counter it read, and every grant gets a higher fencing token than any
 * before it, so a holder whose lease ran out can be told apart from the current one. Pure module.
 */

export interface LeaseState {
  owner: string | null;
  /** epoch ms; 0 when free */
  leaseUntil: number;
  fencing: number;
}

/** Free, expired, or already ours (a renewal). */
export function canTake(lease: LeaseState, owner: string, now: number): boolean {
  return lease.owner === null || lease.leaseUntil <= now || lease.owner === owner;
}

/** The row after granting the lease to `owner` for `ttlMs`: the fencing counter goes up by one. */
export function granted(lease: LeaseState, owner: string, now: number, ttlMs: number): LeaseState {
  return { owner, leaseUntil: now + ttlMs, fencing: lease.fencing + 1 };
}

/** Whether the holder of `token` still holds the lease at `now`. */
export function holds(lease: LeaseState, owner: string, token: number, now: number): boolean {
  return lease.owner === owner && lease.fencing === token && lease.leaseUntil > now;
}
