import fc from 'fast-check';
import {
  afterFailure,
  isPermanentHttpFailure,
  isPermanentSmtpFailure,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
} from '../retry';
import { canTake, granted, holds, type LeaseState } from '../lease';

describe('retry backoff', () => {
  it('doubles from the base, with jitter between half and the whole delay, capped at a day', () => {
    expect(retryDelayMs(1, 60_000, 0)).toBe(30_000);
    expect(retryDelayMs(1, 60_000, 0.999_999)).toBe(60_000);
    expect(retryDelayMs(3, 60_000, 0)).toBe(120_000);
    expect(retryDelayMs(40, 60_000, 0.999_999)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(40, 60_000, 0.999_999)).toBeGreaterThan(MAX_RETRY_DELAY_MS - 1000);
  });

  it('never shrinks from one attempt to the next at the same jitter (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 100, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, base, random) => {
          const delay = retryDelayMs(attempt, base, random);
          expect(delay).toBeGreaterThan(0);
          expect(delay).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
          expect(retryDelayMs(attempt + 1, base, random)).toBeGreaterThanOrEqual(delay);
        }
      )
    );
  });

  it('retries transient failures up to the limit, never permanent ones', () => {
    expect(afterFailure(1, 5, false)).toBe('retry');
    expect(afterFailure(5, 5, false)).toBe('failed');
    expect(afterFailure(1, 5, true)).toBe('failed');
    expect(isPermanentSmtpFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure(new Error('ECONNREFUSED'))).toBe(false);
    expect([400, 404, 408, 429, 500, 503, undefined].map(isPermanentHttpFailure)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('lease arithmetic', () => {
  const free: LeaseState = { owner: null, leaseUntil: 0, fencing: 7 };

  it('grants a free or expired lease with a higher fencing token, refuses a held one', () => {
    const a = granted(free, 'a', 1000, 500);
    expect(a).toEqual({ owner: 'a', leaseUntil: 1500, fencing: 8 });
    expect(canTake(a, 'b', 1499)).toBe(false);
    expect(canTake(a, 'a', 1499)).toBe(true); // a renewal
    expect(canTake(a, 'b', 1500)).toBe(true);
    const b = granted(a, 'b', 1500, 500);
    expect(holds(b, 'b', 9, 1600)).toBe(true);
    expect(holds(b, 'a', 8, 1600)).toBe(false); // the old holder is fenced off
    expect(holds(b, 'b', 9, 2000)).toBe(false); // expired
  });

  it('gives every grant a token above all earlier ones, whoever asks when (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            owner: fc.constantFrom('a', 'b', 'c'),
            step: fc.integer({ min: 0, max: 1000 }),
          }),
          {
            maxLength: 50,
          }
        ),
        (requests) => {
          let lease = free;
          let now = 0;
          const tokens: number[] = [];
          for (const { owner, step } of requests) {
            now += step;
            if (!canTake(lease, owner, now)) {
              expect(lease.owner).not.toBe(owner);
              expect(lease.leaseUntil).toBeGreaterThan(now);
              continue;
            }
            lease = granted(lease, owner, now, 300);
            tokens.push(lease.fencing);
            expect(holds(lease, owner, lease.fencing, now)).toBe(true);
          }
          expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
          expect(new Set(tokens).size).toBe(tokens.length);
        }
      )
    );
  });
});
