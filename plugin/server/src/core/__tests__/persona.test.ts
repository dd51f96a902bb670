import fc from 'fast-check';
import {
  DEFAULT_MIN_VIEWS,
  euclideanDistance,
  matchPersona,
  rankPersonas,
  similarPersonas,
  SIMILAR_PERSONA_SHARE,
  type PersonaDef,
} from '../persona';
import {
  applyView,
  averageScores,
  decayState,
  type ProfileDef,
  type ProfileState,
} from '../scoring';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const carMaker = (halfLifeDays = 0): ProfileDef => ({
  slug: 'car-interest',
  scoring: 'average',
  halfLifeDays,
  keys: ['limousine', 'hybrid', 'compact', 'leasing'].map((slug) => ({ slug, min: 0, max: 10 })),
});

const familyFather: PersonaDef = {
  slug: 'family-father',
  values: { limousine: 8, leasing: 6, hybrid: 2, compact: 1 },
};
const urbanSingle: PersonaDef = {
  slug: 'urban-single',
  values: { compact: 8, hybrid: 6, limousine: 1, leasing: 2 },
};
const personas = [familyFather, urbanSingle];

function view(
  state: ProfileState | undefined,
  profile: ProfileDef,
  values: Record<string, number>,
  at = T0,
  times = 1
) {
  let current = state;
  for (let i = 0; i < times; i++) current = applyView(current, profile, values, at);
  return current!;
}

/** limousine 5, leasing 5, limousine 5: averages limousine 10/3, leasing 5/3, hybrid 0, compact 0. */
function familyReader(profile: ProfileDef): ProfileState {
  const afterLimousine = view(undefined, profile, { limousine: 5 });
  return view(view(afterLimousine, profile, { leasing: 5 }), profile, { limousine: 5 });
}

describe('euclideanDistance', () => {
  it('is the Euclidean distance over the profile keys', () => {
    // (3 - 0)² + (4 - 0)² = 25
    expect(euclideanDistance({ limousine: 3, hybrid: 4 }, {}, carMaker())).toBe(5);
  });

  it('counts a key missing on either side as the key minimum and ignores slugs outside the profile', () => {
    const profile: ProfileDef = { ...carMaker(), keys: [{ slug: 'budget', min: 2, max: 9 }] };
    expect(euclideanDistance({ budget: 5 }, {}, profile)).toBe(3);
    expect(euclideanDistance({}, { budget: 6, unknown: 100 }, profile)).toBe(4);
  });
});

describe('matchPersona: the car-maker example', () => {
  const profile = carMaker();
  const state = familyReader(profile);

  it('averages the three views', () => {
    const averages = averageScores(state, profile);
    expect(averages.limousine).toBeCloseTo(10 / 3, 12);
    expect(averages.leasing).toBeCloseTo(5 / 3, 12);
    expect(averages).toMatchObject({ hybrid: 0, compact: 0 });
  });

  it('matches family-father with hand-computed distances', () => {
    // family-father: (10/3 - 8)² + (0 - 2)² + (0 - 1)² + (5/3 - 6)² = (196 + 36 + 9 + 169) / 9 = 410/9
    // urban-single:  (10/3 - 1)² + (0 - 6)² + (0 - 8)² + (5/3 - 2)² = (49 + 324 + 576 + 1) / 9 = 950/9
    const match = matchPersona(state, profile, personas)!;
    expect(match.persona).toBe('family-father');
    expect(match.distance).toBeCloseTo(Math.sqrt(410) / 3, 12);
    expect(match.distances.map((d) => d.persona)).toEqual(['family-father', 'urban-single']);
    expect(match.distances[1].distance).toBeCloseTo(Math.sqrt(950) / 3, 12);
    expect(match.distances[0]).toEqual({ persona: match.persona, distance: match.distance });
  });

  it('gives the same match whatever the order of the personas', () => {
    expect(matchPersona(state, profile, [urbanSingle, familyFather])).toEqual(
      matchPersona(state, profile, personas)
    );
  });
});

describe('matchPersona: when there is no match', () => {
  const profile = carMaker();

  it(`needs ${DEFAULT_MIN_VIEWS} scored views by default`, () => {
    const twoViews = view(undefined, profile, { limousine: 5 }, T0, 2);
    expect(matchPersona(twoViews, profile, personas)).toBeNull();
    expect(
      matchPersona(view(twoViews, profile, { limousine: 5 }), profile, personas)?.persona
    ).toBe('family-father');
  });

  it('honours a custom minViews', () => {
    const twoViews = view(undefined, profile, { limousine: 5 }, T0, 2);
    expect(matchPersona(twoViews, profile, personas, { minViews: 2 })?.persona).toBe(
      'family-father'
    );
    expect(matchPersona(familyReader(profile), profile, personas, { minViews: 4 })).toBeNull();
  });

  it('is null without a state', () => {
    expect(matchPersona(undefined, profile, personas, { minViews: 0 })).toBeNull();
  });

  it('is null when the profile has no personas', () => {
    expect(matchPersona(familyReader(profile), profile, [])).toBeNull();
  });

  it('counts raw views, so long-decayed views still reach minViews', () => {
    const decaying = carMaker(30);
    const state = familyReader(decaying);
    expect(matchPersona(state, decaying, personas)?.persona).toBe('family-father');
    const yearLater = view(state, decaying, { hybrid: 2 }, T0 + 365 * DAY);
    expect(yearLater.views).toBe(4);
    expect(yearLater.weight).toBeLessThan(1.01);
    expect(matchPersona(yearLater, decaying, personas)).not.toBeNull();
  });
});

describe('matchPersona: drift toward what is read now', () => {
  /** Compact views (value 5) at `at` until the match leaves family-father; returns how many it took. */
  function compactViewsUntilUrbanSingle(profile: ProfileDef, at: number): number {
    let state = familyReader(profile);
    for (let views = 1; views <= 20; views++) {
      state = view(state, profile, { compact: 5 }, at);
      if (matchPersona(state, profile, personas)?.persona === 'urban-single') return views;
    }
    throw new Error('never drifted to urban-single');
  }

  it('drifts to urban-single after enough compact views without decay', () => {
    const profile = carMaker(0);
    const state = view(familyReader(profile), profile, { compact: 5 }, T0, 10);
    expect(matchPersona(state, profile, personas)?.persona).toBe('urban-single');
    // after 2 views: family-father √66 ≈ 8.124 vs urban-single √74 ≈ 8.602; after 3: ≈ 8.547 vs ≈ 8.250
    expect(compactViewsUntilUrbanSingle(profile, T0 + 60 * DAY)).toBe(3);
  });

  it('drifts faster with a 30-day half-life when the compact views come 60 days later', () => {
    const profile = carMaker(30);
    // The old views weigh 0.25 each: totals limousine 2.5, leasing 1.25 over a weight of 0.75.
    // One compact view gives averages 10/7, 20/7 (compact), 5/7: the same as four undecayed compact views.
    const oneView = view(familyReader(profile), profile, { compact: 5 }, T0 + 60 * DAY);
    const undecayed = view(familyReader(carMaker(0)), carMaker(0), { compact: 5 }, T0, 4);
    const averages = averageScores(oneView, profile);
    expect(averages.compact).toBeCloseTo(20 / 7, 12);
    for (const [slug, value] of Object.entries(averageScores(undecayed, carMaker(0)))) {
      expect(averages[slug]).toBeCloseTo(value, 12);
    }
    expect(compactViewsUntilUrbanSingle(profile, T0 + 60 * DAY)).toBe(1);
    expect(compactViewsUntilUrbanSingle(profile, T0 + 60 * DAY)).toBeLessThan(
      compactViewsUntilUrbanSingle(carMaker(0), T0 + 60 * DAY)
    );
  });

  it('does not move with decay alone', () => {
    const profile = carMaker(30);
    const state = familyReader(profile);
    const decayed = decayState(state, profile, T0 + 90 * DAY);
    expect(decayed.weight).toBeCloseTo(3 / 8, 12);
    const before = matchPersona(state, profile, personas)!;
    const after = matchPersona(decayed, profile, personas)!;
    expect(after.persona).toBe(before.persona);
    expect(after.distance).toBeCloseTo(before.distance, 12);
  });
});

describe('rankPersonas: ties', () => {
  const profile = carMaker();

  it('resolves equal distances to the lexicographically smallest slug', () => {
    const twins = [
      { slug: 'zeta', values: { compact: 4 } },
      { slug: 'alpha', values: { compact: 4 } },
      { slug: 'mid', values: { compact: 6 } },
    ];
    // scores compact 5: every persona is at distance 1
    expect(rankPersonas({ compact: 5 }, profile, twins).map((d) => d.persona)).toEqual([
      'alpha',
      'mid',
      'zeta',
    ]);
  });

  it('treats float noise as a tie', () => {
    const noisy = [
      { slug: 'b', values: { compact: 0.3 } },
      { slug: 'a', values: { compact: 0.1 + 0.2 } }, // 0.30000000000000004
    ];
    expect(rankPersonas({}, profile, noisy)[0].persona).toBe('a');
  });
});

describe('properties', () => {
  const profile = carMaker();
  const KEYS = profile.keys.map((key) => key.slug);

  /** Small integer values make equal distances (ties) common. */
  const small = fc.integer({ min: 0, max: 3 });
  const values = fc.dictionary(fc.constantFrom(...KEYS), small);
  /** Every tag names a key, so every view counts toward minViews. */
  const tag = fc.dictionary(fc.constantFrom(...KEYS), small, { minKeys: 1 });

  const stateArb = fc
    .array(tag, { minLength: DEFAULT_MIN_VIEWS, maxLength: 12 })
    .map((views) =>
      views.reduce<ProfileState | undefined>(
        (state, viewTag) => applyView(state, profile, viewTag, T0),
        undefined
      )
    );

  const personasArb = fc
    .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'aa', 'ab', 'B'), {
      minLength: 1,
      maxLength: 8,
    })
    .chain((slugs) =>
      fc.tuple(...slugs.map((slug) => values.map((v): PersonaDef => ({ slug, values: v }))))
    );

  const withShuffle = personasArb.chain((list) =>
    fc.tuple(
      fc.constant(list),
      fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })
    )
  );

  /** Independent reference distance: missing keys count as the minimum 0. */
  const distanceTo = (scores: Record<string, number>, persona: PersonaDef) =>
    Math.sqrt(
      KEYS.reduce((sum, slug) => sum + (scores[slug] - (persona.values[slug] ?? 0)) ** 2, 0)
    );

  it('is stable under input order: shuffling the personas never changes the match', () => {
    fc.assert(
      fc.property(stateArb, withShuffle, (state, [list, shuffled]) => {
        expect(matchPersona(state, profile, shuffled)).toEqual(matchPersona(state, profile, list));
      })
    );
  });

  it('picks a nearest persona, and the smallest slug among equally near ones', () => {
    fc.assert(
      fc.property(stateArb, personasArb, (state, list) => {
        const match = matchPersona(state, profile, list)!;
        const scores = averageScores(state, profile);
        const nearest = Math.min(...list.map((persona) => distanceTo(scores, persona)));
        const tied = list
          .filter((persona) => distanceTo(scores, persona) - nearest <= 1e-9)
          .map((p) => p.slug);
        expect(match.distance).toBeCloseTo(nearest, 9);
        expect(match.persona).toBe([...tied].sort()[0]);
        for (const other of match.distances)
          expect(match.distance).toBeLessThanOrEqual(other.distance + 1e-9);
      })
    );
  });

  it('lists every persona once in distances, nearest first, ties by slug', () => {
    fc.assert(
      fc.property(stateArb, personasArb, (state, list) => {
        const { distances } = matchPersona(state, profile, list)!;
        expect(distances.map((d) => d.persona).sort()).toEqual(list.map((p) => p.slug).sort());
        for (let i = 1; i < distances.length; i++) {
          const [previous, current] = [distances[i - 1], distances[i]];
          expect(previous.distance).toBeLessThanOrEqual(current.distance + 1e-9);
          if (Math.abs(previous.distance - current.distance) <= 1e-9) {
            expect(previous.persona < current.persona).toBe(true);
          }
        }
      })
    );
  });
});

describe('similarPersonas', () => {
  // three keys of 0..10: the widest distance is √300 ≈ 17.3, so "similar" is within ≈ 1.73
  const profile = {
    keys: ['limousine', 'compact', 'hybrid'].map((slug) => ({ slug, min: 0, max: 10 })),
  };
  const familyFather: PersonaDef = { slug: 'family-father', values: { limousine: 8, compact: 2 } };
  const urbanSingle: PersonaDef = { slug: 'urban-single', values: { compact: 8, hybrid: 6 } };

  it('names the personas within a tenth of the widest distance, nearest first', () => {
    const near: PersonaDef = { slug: 'near', values: { limousine: 7, compact: 2, hybrid: 1 } };
    expect(
      similarPersonas({ limousine: 7.5, compact: 2 }, profile, [urbanSingle, near, familyFather])
    ).toEqual([
      { persona: 'family-father', distance: 0.5 },
      { persona: 'near', distance: Math.sqrt(1.25) },
    ]);
    expect(
      similarPersonas({ limousine: 2, hybrid: 9 }, profile, [familyFather, urbanSingle])
    ).toEqual([]);
  });

  it('is symmetric and includes a persona exactly at the limit', () => {
    const atLimit = { limousine: 8 + Math.sqrt(300) * SIMILAR_PERSONA_SHARE, compact: 2 };
    expect(similarPersonas(atLimit, profile, [familyFather]).map((d) => d.persona)).toEqual([
      'family-father',
    ]);
    fc.assert(
      fc.property(
        fc.record({
          limousine: fc.integer({ min: 0, max: 10 }),
          hybrid: fc.integer({ min: 0, max: 10 }),
        }),
        fc.record({
          limousine: fc.integer({ min: 0, max: 10 }),
          hybrid: fc.integer({ min: 0, max: 10 }),
        }),
        (a, b) =>
          similarPersonas(a, profile, [{ slug: 'b', values: b }]).length ===
          similarPersonas(b, profile, [{ slug: 'a', values: a }]).length
      )
    );
  });
});
