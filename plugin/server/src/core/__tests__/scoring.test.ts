import fc from 'fast-check';
import {
  applyView,
  averageScores,
  clampToKey,
  decayFactor,
  decayState,
  emptyProfileState,
  profileScores,
  topKey,
  type KeyDef,
  type ProfileDef,
  type ProfileState,
} from '../scoring';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const profile = (overrides: Partial<ProfileDef> = {}): ProfileDef => ({
  slug: 'interest',
  scoring: 'sum',
  halfLifeDays: 0,
  keys: [
    { slug: 'limousine', min: 0, max: 10 },
    { slug: 'compact', min: 0, max: 10 },
  ],
  ...overrides,
});

type View = { at: number; values: Record<string, number> };

function applyViews(
  def: ProfileDef,
  views: View[],
  state?: ProfileState
): ProfileState | undefined {
  return views.reduce<ProfileState | undefined>(
    (current, view) => applyView(current, def, view.values, view.at),
    state
  );
}

describe('decayFactor', () => {
  it.each([
    ['one half-life', 30 * DAY, 30, 0.5],
    ['two half-lives', 60 * DAY, 30, 0.25],
    ['three half-lives', 90 * DAY, 30, 0.125],
    ['half a half-life', 15 * DAY, 30, Math.SQRT1_2],
    ['a 7-day half-life after 14 days', 14 * DAY, 7, 0.25],
    ['no elapsed time', 0, 30, 1],
    ['negative elapsed time (clock skew)', -5 * DAY, 30, 1],
    ['NaN elapsed time', Number.NaN, 30, 1],
    ['half-life 0 (no decay)', 365 * DAY, 0, 1],
    ['negative half-life', 30 * DAY, -30, 1],
    ['NaN half-life', 30 * DAY, Number.NaN, 1],
  ])('%s', (_name, elapsedMs, halfLifeDays, expected) => {
    expect(decayFactor(elapsedMs, halfLifeDays)).toBeCloseTo(expected, 15);
  });
});

describe('clampToKey', () => {
  const key: KeyDef = { slug: 'k', min: 2, max: 8 };

  it.each([
    [5, 5],
    [2, 2],
    [8, 8],
    [-1, 2],
    [11, 8],
    [Number.NaN, 2],
    [Number.POSITIVE_INFINITY, 2],
    [Number.NEGATIVE_INFINITY, 2],
  ])('clamps %p to %p', (value, expected) => {
    expect(clampToKey(value, key)).toBe(expected);
  });
});

describe('applyView', () => {
  it('starts from an empty state and records one scored view', () => {
    expect(applyView(undefined, profile(), { limousine: 7 }, T0)).toEqual({
      totals: { limousine: 7 },
      weight: 1,
      views: 1,
      updatedAt: T0,
    });
  });

  it.each([
    ['above the maximum', 15, 10],
    ['below the minimum', -3, 0],
    ['NaN', Number.NaN, 0],
    ['Infinity', Number.POSITIVE_INFINITY, 0],
  ])('clamps a value %s into the key range', (_name, value, expected) => {
    expect(applyView(undefined, profile(), { limousine: value }, T0).totals).toEqual({
      limousine: expected,
    });
  });

  it('ignores slugs that are not keys of the profile', () => {
    const state = applyView(undefined, profile(), { limousine: 4, suv: 9 }, T0);
    expect(state.totals).toEqual({ limousine: 4 });
    expect(state.views).toBe(1);
  });

  it('does not count a view whose tag names no key of the profile', () => {
    const before = applyView(undefined, profile(), { limousine: 4 }, T0);
    const after = applyView(before, profile(), { suv: 9, van: 3 }, T0 + DAY);
    expect(after).toEqual(before);
    expect(applyView(undefined, profile(), {}, T0)).toEqual(emptyProfileState(T0));
  });

  it('counts a view that scores a key with 0', () => {
    const state = applyView(undefined, profile(), { compact: 0 }, T0);
    expect(state).toMatchObject({ totals: { compact: 0 }, weight: 1, views: 1 });
  });

  it('adds up several views', () => {
    const state = applyViews(profile(), [
      { at: T0, values: { limousine: 4 } },
      { at: T0, values: { limousine: 6, compact: 2 } },
      { at: T0, values: { compact: 3 } },
    ]);
    expect(state).toEqual({
      totals: { limousine: 10, compact: 5 },
      weight: 3,
      views: 3,
      updatedAt: T0,
    });
  });

  it('does not mutate the state it is given', () => {
    const before = applyView(undefined, profile(), { limousine: 4 }, T0);
    const snapshot = structuredClone(before);
    applyView(before, profile({ halfLifeDays: 30 }), { limousine: 6 }, T0 + 30 * DAY);
    expect(before).toEqual(snapshot);
  });

  it('never moves updatedAt backwards when a view arrives with an earlier clock', () => {
    const before = applyView(undefined, profile({ halfLifeDays: 30 }), { limousine: 4 }, T0);
    const after = applyView(before, profile({ halfLifeDays: 30 }), { limousine: 6 }, T0 - DAY);
    expect(after).toEqual({ totals: { limousine: 10 }, weight: 2, views: 2, updatedAt: T0 });
  });
});

describe('lazy decay', () => {
  const decaying = profile({ halfLifeDays: 30 });
  const first = applyView(undefined, decaying, { limousine: 8 }, T0);

  it('leaves the stored state alone until the next view', () => {
    expect(profileScores(first, decaying, T0 + 30 * DAY)).toEqual({ limousine: 4, compact: 0 });
    expect(first).toEqual({ totals: { limousine: 8 }, weight: 1, views: 1, updatedAt: T0 });
  });

  it('decays totals and weight by the same factor when the next view arrives', () => {
    const second = applyView(first, decaying, { limousine: 2 }, T0 + 30 * DAY);
    // 8 * 0.5 + 2 = 6 over a weight of 1 * 0.5 + 1 = 1.5
    expect(second).toEqual({
      totals: { limousine: 6 },
      weight: 1.5,
      views: 2,
      updatedAt: T0 + 30 * DAY,
    });
  });

  it('makes the average an EWMA that favours recent views', () => {
    const second = applyView(first, decaying, { limousine: 2 }, T0 + 30 * DAY);
    // (8 * 0.5 + 2 * 1) / 1.5 = 4, where an undecayed mean would be 5
    expect(averageScores(second, decaying).limousine).toBeCloseTo(4, 12);
  });

  it('decayState applies the decay at now and moves updatedAt there', () => {
    expect(decayState(first, decaying, T0 + 60 * DAY)).toEqual({
      totals: { limousine: 2 },
      weight: 0.25,
      views: 1,
      updatedAt: T0 + 60 * DAY,
    });
  });

  it('decayState returns the same state when nothing decays', () => {
    expect(decayState(first, decaying, T0)).toBe(first);
    expect(decayState(first, decaying, T0 - DAY)).toBe(first);
    expect(decayState(first, profile({ halfLifeDays: 0 }), T0 + 365 * DAY)).toBe(first);
  });
});

describe('profileScores', () => {
  const views: View[] = [
    { at: T0, values: { limousine: 4 } },
    { at: T0, values: { limousine: 6, compact: 2 } },
  ];

  it('sums for sum profiles', () => {
    const def = profile({ scoring: 'sum' });
    expect(profileScores(applyViews(def, views), def, T0)).toEqual({ limousine: 10, compact: 2 });
  });

  it('averages over scored views for average profiles (an unnamed key scores 0 for that view)', () => {
    const def = profile({ scoring: 'average' });
    expect(profileScores(applyViews(def, views), def, T0)).toEqual({ limousine: 5, compact: 1 });
  });

  it('decays sum scores at now', () => {
    const def = profile({ scoring: 'sum', halfLifeDays: 30 });
    expect(profileScores(applyViews(def, views), def, T0 + 60 * DAY)).toEqual({
      limousine: 2.5,
      compact: 0.5,
    });
  });

  it('leaves average scores unchanged by decay alone', () => {
    const def = profile({ scoring: 'average', halfLifeDays: 30 });
    expect(profileScores(applyViews(def, views), def, T0 + 60 * DAY)).toEqual({
      limousine: 5,
      compact: 1,
    });
  });

  it('gives 0 for sum profiles and the key minimum for average profiles before any view', () => {
    const keys = [{ slug: 'budget', min: 3, max: 9 }];
    expect(profileScores(undefined, profile({ scoring: 'sum', keys }), T0)).toEqual({ budget: 0 });
    expect(profileScores(undefined, profile({ scoring: 'average', keys }), T0)).toEqual({
      budget: 3,
    });
    expect(averageScores(emptyProfileState(T0), profile({ keys }))).toEqual({ budget: 3 });
  });
});

describe('topKey', () => {
  const def = profile({
    keys: [
      { slug: 'limousine', min: 0, max: 10 },
      { slug: 'hybrid', min: 0, max: 10 },
      { slug: 'compact', min: 0, max: 10 },
    ],
  });

  it('is null before any scored view', () => {
    expect(topKey(undefined, def)).toBeNull();
    expect(topKey(emptyProfileState(T0), def)).toBeNull();
  });

  it('is the key with the highest score', () => {
    const state = applyViews(def, [
      { at: T0, values: { limousine: 3, compact: 5 } },
      { at: T0, values: { hybrid: 7 } },
    ]);
    expect(topKey(state, def)).toBe('hybrid');
  });

  it('breaks ties in favour of the slug that sorts first, whatever the order of the keys', () => {
    const state = applyView(undefined, def, { hybrid: 5, compact: 5 }, T0);
    expect(topKey(state, def)).toBe('compact');
    expect(topKey(state, { ...def, keys: [...def.keys].reverse() })).toBe('compact');
  });

  it('takes the decay of the minutes between two reads of the same value for a tie', () => {
    const halfLife = { ...def, halfLifeDays: 30 };
    // limousine read first, compact a minute later: limousine has decayed by 0.002 %
    const state = applyViews(halfLife, [
      { at: T0, values: { limousine: 5 } },
      { at: T0 + 60_000, values: { compact: 5 } },
    ]);
    expect(state!.totals.limousine).toBeLessThan(state!.totals.compact);
    expect(topKey(state, halfLife)).toBe('compact');
    const reversed = applyViews(halfLife, [
      { at: T0, values: { compact: 5 } },
      { at: T0 + 60_000, values: { limousine: 5 } },
    ]);
    expect(topKey(reversed, halfLife)).toBe('compact');
    // a day later the decay is a difference: the fresher read wins
    const dayLater = applyViews(halfLife, [
      { at: T0, values: { compact: 5 } },
      { at: T0 + 86_400_000, values: { limousine: 5 } },
    ]);
    expect(topKey(dayLater, halfLife)).toBe('limousine');
  });
});

describe('properties', () => {
  const SLUGS = ['a', 'b', 'c'] as const;

  /** Any number, including out-of-range and non-finite ones. */
  const anyValue = fc.oneof(fc.double(), fc.integer({ min: -50, max: 50 }));

  const halfLife = fc.oneof(
    fc.constant(0),
    fc.constant(30),
    fc.double({ min: 0.01, max: 365, noNaN: true })
  );

  const keyRange = (minArb: fc.Arbitrary<number>, maxArb: fc.Arbitrary<number>) =>
    fc.tuple(minArb, maxArb).map(([min, max]) => ({ min, max }));

  const profileWith = (
    range: fc.Arbitrary<{ min: number; max: number }>,
    scoring: fc.Arbitrary<'sum' | 'average'>
  ) =>
    fc.record({
      slug: fc.constant('p'),
      scoring,
      halfLifeDays: halfLife,
      keys: fc
        .tuple(range, range, range)
        .map((ranges) => ranges.map((r, i) => ({ slug: SLUGS[i], ...r }))),
    });

  /** Tags name any subset of the keys, plus a slug that is not a key. */
  const tag = fc.record(
    { a: anyValue, b: anyValue, c: anyValue, unknown: anyValue },
    { requiredKeys: [] }
  );

  /** Gaps from a day of clock skew back to a year forward. */
  const viewsArb = fc.array(
    fc.record({ gap: fc.integer({ min: -DAY, max: 365 * DAY }), values: tag }),
    {
      maxLength: 30,
    }
  );

  const timed = (gaps: Array<{ gap: number; values: Record<string, number> }>): View[] => {
    let at = T0;
    return gaps.map(({ gap, values }) => ({ at: (at += gap), values }));
  };

  const closeEnough = (bound: number) => Math.abs(bound) * 1e-9 + 1e-9;

  it('decay is monotone: a later now never gives larger sum scores, and scores stay ≥ 0 for mins ≥ 0', () => {
    const nonNegativeRange = keyRange(
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 5, max: 100 })
    );
    fc.assert(
      fc.property(
        profileWith(nonNegativeRange, fc.constant('sum')),
        viewsArb,
        fc.integer({ min: -30 * DAY, max: 3650 * DAY }),
        fc.integer({ min: 0, max: 3650 * DAY }),
        (def, views, offset, later) => {
          const state = applyViews(def, timed(views));
          const now = T0 + offset;
          const before = profileScores(state, def, now);
          const after = profileScores(state, def, now + later);
          for (const key of def.keys) {
            expect(after[key.slug]).toBeLessThanOrEqual(before[key.slug]);
            expect(after[key.slug]).toBeGreaterThanOrEqual(0);
          }
          for (const score of Object.values(
            profileScores(state, { ...def, scoring: 'average' }, now + later)
          )) {
            expect(score).toBeGreaterThanOrEqual(0);
          }
        }
      )
    );
  });

  it('decay is monotone for any stored state with non-negative totals', () => {
    const stateArb = fc.record({
      totals: fc.record({
        a: fc.double({ min: 0, max: 1e6, noNaN: true }),
        b: fc.double({ min: 0, max: 1e6, noNaN: true }),
      }),
      weight: fc.double({ min: 0, max: 1e3, noNaN: true }),
      views: fc.nat(),
      updatedAt: fc.integer({ min: T0, max: T0 + 365 * DAY }),
    });
    fc.assert(
      fc.property(
        profileWith(keyRange(fc.constant(0), fc.constant(10)), fc.constant('sum')),
        stateArb,
        fc.integer({ min: T0 - 30 * DAY, max: T0 + 3650 * DAY }),
        fc.integer({ min: 0, max: 3650 * DAY }),
        (def, state, now, later) => {
          const before = profileScores(state, def, now);
          const after = profileScores(state, def, now + later);
          for (const key of def.keys) expect(after[key.slug]).toBeLessThanOrEqual(before[key.slug]);
        }
      )
    );
  });

  it('averageScores stays within every key range for any views, values and gaps', () => {
    const anyRange = fc
      .tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }))
      .map(([x, y]) => ({ min: Math.min(x, y), max: Math.max(x, y) }));
    fc.assert(
      fc.property(profileWith(anyRange, fc.constant('average')), viewsArb, (def, views) => {
        const averages = averageScores(applyViews(def, timed(views)), def);
        for (const key of def.keys) {
          expect(averages[key.slug]).toBeGreaterThanOrEqual(key.min);
          expect(averages[key.slug]).toBeLessThanOrEqual(key.max);
        }
      })
    );
  });

  it('sum totals stay within [weight * min, weight * max] of every key', () => {
    // Ranges include 0: a key the tag does not name scores 0 for that view.
    const rangeAroundZero = keyRange(
      fc.integer({ min: -100, max: 0 }),
      fc.integer({ min: 0, max: 100 })
    );
    fc.assert(
      fc.property(profileWith(rangeAroundZero, fc.constant('sum')), viewsArb, (def, views) => {
        const state = applyViews(def, timed(views), emptyProfileState(T0))!;
        for (const key of def.keys) {
          const total = state.totals[key.slug] ?? 0;
          const low = state.weight * key.min;
          const high = state.weight * key.max;
          expect(total).toBeGreaterThanOrEqual(low - closeEnough(low));
          expect(total).toBeLessThanOrEqual(high + closeEnough(high));
        }
      })
    );
  });

  it('the view count never decreases and grows by one exactly for tags that name a key', () => {
    fc.assert(
      fc.property(
        profileWith(keyRange(fc.constant(0), fc.constant(10)), fc.constant('sum')),
        viewsArb,
        (def, views) => {
          let state: ProfileState | undefined;
          for (const view of timed(views)) {
            const before = state?.views ?? 0;
            state = applyView(state, def, view.values, view.at);
            const namesAKey = def.keys.some((key) => view.values[key.slug] !== undefined);
            expect(state.views).toBe(before + (namesAKey ? 1 : 0));
          }
        }
      )
    );
  });
});
