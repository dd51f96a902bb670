import fc from 'fast-check';
import { assignVariation, chooseVariation, getBucketRanges, hash } from '../bucketing';

/*
 * Reference vectors are copied from GrowthBook's shared SDK test suite, cases.json
 * (spec version 0.7.1, as vendored in growthbook/growthbook-python tests/cases.json),
 * which every official GrowthBook SDK must pass.
 */

/** [seed, value, version, expected] — cases.json "hash". */
const GROWTHBOOK_HASH_CASES: Array<[string, string, number, number | null]> = [
  ['', 'a', 1, 0.22],
  ['', 'b', 1, 0.077],
  ['b', 'a', 1, 0.946],
  ['ef', 'd', 1, 0.652],
  ['asdf', '8952klfjas09ujk', 1, 0.549],
  ['', '123', 1, 0.011],
  ['', '___)((*":&', 1, 0.563],
  ['seed', 'a', 2, 0.0505],
  ['seed', 'b', 2, 0.2696],
  ['foo', 'ab', 2, 0.2575],
  ['foo', 'def', 2, 0.2019],
  ['89123klj', '8952klfjas09ujkasdf', 2, 0.124],
  ['90850943850283058242805', '123', 2, 0.7516],
  ['()**(%$##$%#$#', '___)((*":&', 2, 0.0128],
  ['abc', 'def', 99, null],
];

/** [name, [numVariations, coverage, weights], expected] — cases.json "getBucketRange". */
type BucketRangeCase = [string, [number, number, number[] | undefined], Array<[number, number]>];
// prettier-ignore
const GROWTHBOOK_BUCKET_RANGE_CASES: BucketRangeCase[] = [
  ['normal 50/50', [2, 1, undefined], [[0, 0.5], [0.5, 1]]],
  ['reduced coverage', [2, 0.5, undefined], [[0, 0.25], [0.5, 0.75]]],
  ['zero coverage', [2, 0, undefined], [[0, 0], [0.5, 0.5]]],
  ['4 variations', [4, 1, undefined], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ['uneven weights', [2, 1, [0.4, 0.6]], [[0, 0.4], [0.4, 1]]],
  ['uneven weights, 3 variations', [3, 1, [0.2, 0.3, 0.5]], [[0, 0.2], [0.2, 0.5], [0.5, 1]]],
  ['uneven weights, reduced coverage, 3 variations', [3, 0.2, [0.2, 0.3, 0.5]], [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]],
  ['negative coverage', [2, -0.2, undefined], [[0, 0], [0.5, 0.5]]],
  ['coverage above 1', [2, 1.5, undefined], [[0, 0.5], [0.5, 1]]],
  ['weights sum below 1', [2, 1, [0.4, 0.1]], [[0, 0.5], [0.5, 1]]],
  ['weights sum above 1', [2, 1, [0.7, 0.6]], [[0, 0.5], [0.5, 1]]],
  ['weights.length not equal to num variations', [4, 1, [0.4, 0.4, 0.2]], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ['weights sum almost equals 1', [2, 1, [0.4, 0.5999]], [[0, 0.4], [0.4, 0.9999]]],
  // Not in cases.json; expected values follow directly from the algorithm.
  ['three equal thirds', [3, 1, undefined], [[0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1]]],
  ['weights sum 1.1', [2, 1, [0.4, 0.7]], [[0, 0.5], [0.5, 1]]],
  ['too few weights', [3, 1, [0.1, 0.2]], [[0, 1 / 3], [1 / 3, 2 / 3], [2 / 3, 1]]],
];

/** [name, n, ranges, expected] — cases.json "chooseVariation". */
// prettier-ignore
const GROWTHBOOK_CHOOSE_VARIATION_CASES: Array<[string, number, Array<[number, number]>, number]> = [
  ['even range, 0.2', 0.2, [[0, 0.5], [0.5, 1]], 0],
  ['even range, 0.4', 0.4, [[0, 0.5], [0.5, 1]], 0],
  ['even range, 0.6', 0.6, [[0, 0.5], [0.5, 1]], 1],
  ['even range, 0.8', 0.8, [[0, 0.5], [0.5, 1]], 1],
  ['even range, 0', 0, [[0, 0.5], [0.5, 1]], 0],
  ['even range, 0.5', 0.5, [[0, 0.5], [0.5, 1]], 1],
  ['reduced range, 0.2', 0.2, [[0, 0.25], [0.5, 0.75]], 0],
  ['reduced range, 0.4', 0.4, [[0, 0.25], [0.5, 0.75]], -1],
  ['reduced range, 0.6', 0.6, [[0, 0.25], [0.5, 0.75]], 1],
  ['reduced range, 0.8', 0.8, [[0, 0.25], [0.5, 0.75]], -1],
  ['reduced range, 0.25', 0.25, [[0, 0.25], [0.5, 0.75]], -1],
  ['reduced range, 0.5', 0.5, [[0, 0.25], [0.5, 0.75]], 1],
  ['zero range', 0.5, [[0, 0.5], [0.5, 0.5], [0.5, 1]], 2],
];

/**
 * End-to-end experiment assignments from cases.json "run" (experiment key "my-test", ids
 * "1".."9", default hashVersion 1): expected variation per id, -1 = not in the experiment.
 */
const GROWTHBOOK_RUN_CASES: Array<[string, number[], number, number[]]> = [
  ['default weights', [0.5, 0.5], 1, [1, 0, 0, 1, 1, 1, 0, 1, 0]],
  ['uneven weights', [0.1, 0.9], 1, [1, 1, 0, 1, 1, 1, 0, 1, 1]],
  ['coverage 0.4', [0.5, 0.5], 0.4, [-1, 0, 0, -1, 1, -1, 0, 1, -1]],
  ['three way test', [1 / 3, 1 / 3, 1 / 3], 1, [2, 0, 0, 2, 1, 2, 0, 1, 0]],
];

/** Straightforward FNV-1a 32-bit with BigInt arithmetic, independent of the shift trick. */
function referenceFnv1a32(text: string): number {
  const prime = 16777619n;
  const modulus = 2n ** 32n;
  let hval = 2166136261n;
  for (let i = 0; i < text.length; i++) {
    hval = ((hval ^ BigInt(text.charCodeAt(i))) * prime) % modulus;
  }
  return Number(hval);
}

function referenceHash(seed: string, value: string, version: 1 | 2): number {
  return version === 2
    ? (referenceFnv1a32(String(referenceFnv1a32(seed + value))) % 10000) / 10000
    : (referenceFnv1a32(value + seed) % 1000) / 1000;
}

const syntheticVisitorIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `visitor-${i}`);

function shareOfVisitors(ids: string[], assign: (id: string) => number, variation: number): number {
  return ids.filter((id) => assign(id) === variation).length / ids.length;
}

describe('hash', () => {
  it.each(GROWTHBOOK_HASH_CASES)(
    'hash(%j, %j, v%d) = %p (GrowthBook cases.json)',
    (seed, value, version, expected) => {
      expect(hash(seed, value, version)).toBe(expected);
    }
  );

  it('matches FNV-1a reference vectors (Landon Curt Noll) through version 1', () => {
    expect(hash('', '', 1)).toBe((0x811c9dc5 % 1000) / 1000);
    expect(hash('', 'a', 1)).toBe((0xe40c292c % 1000) / 1000);
    expect(hash('', 'foobar', 1)).toBe((0xbf9cf968 % 1000) / 1000);
  });

  it('agrees with an independent BigInt FNV-1a for arbitrary strings, including surrogate pairs', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary' }),
        fc.constantFrom<1 | 2>(1, 2),
        (seed, value, version) => {
          expect(hash(seed, value, version)).toBe(referenceHash(seed, value, version));
        }
      ),
      { numRuns: 500 }
    );
  });

  it('stays within [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(1, 2), (seed, value, version) => {
        const n = hash(seed, value, version) as number;
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThan(1);
      })
    );
  });
});

describe('getBucketRanges', () => {
  it.each(GROWTHBOOK_BUCKET_RANGE_CASES)(
    '%s',
    (_name, [numVariations, coverage, weights], expected) => {
      const ranges = getBucketRanges(numVariations, coverage, weights);
      expect(ranges).toHaveLength(expected.length);
      ranges.forEach(([start, end], i) => {
        expect(start).toBeCloseTo(expected[i][0], 10);
        expect(end).toBeCloseTo(expected[i][1], 10);
      });
    }
  );

  it('defaults coverage to 1 and weights to an equal split', () => {
    expect(getBucketRanges(2)).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
  });

  it('returns no ranges for zero variations', () => {
    expect(getBucketRanges(0)).toEqual([]);
  });
});

describe('chooseVariation', () => {
  it.each(GROWTHBOOK_CHOOSE_VARIATION_CASES)('%s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });
});

describe('assignVariation', () => {
  it.each(GROWTHBOOK_RUN_CASES)(
    'reproduces GrowthBook run cases: %s',
    (_name, weights, coverage, expected) => {
      const ids = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
      expect(ids.map((id) => assignVariation('my-test', id, weights, coverage, 1))).toEqual(
        expected
      );
    }
  );

  it('reproduces GrowthBook run case "Uses seed with weights/coverage" (hashVersion 2, seed "foo")', () => {
    expect(assignVariation('foo', '1', [0.5, 0.5], 0.99, 2)).toBe(1);
  });

  it('depends on the experiment key, as GrowthBook seeds the hash with it', () => {
    // cases.json "test name - my-test" / "test name - my-test-3"
    expect(assignVariation('my-test', '1', [0.5, 0.5], 1, 1)).toBe(1);
    expect(assignVariation('my-test-3', '1', [0.5, 0.5], 1, 1)).toBe(0);
  });

  it('defaults to hashVersion 2 and full coverage', () => {
    const expected = chooseVariation(hash('exp', 'v-1', 2) as number, getBucketRanges(2));
    expect(assignVariation('exp', 'v-1', [0.5, 0.5])).toBe(expected);
  });

  it('assigns nobody for an unknown hash version', () => {
    expect(assignVariation('exp', 'v-1', [0.5, 0.5], 1, 3)).toBe(-1);
  });

  it('is sticky: the same visitor always gets the same variation', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.constantFrom<number[]>([0.5, 0.5], [0.2, 0.3, 0.5], [0.1, 0.9]),
        (key, visitorId, weights) => {
          const first = assignVariation(key, visitorId, weights);
          for (let i = 0; i < 5; i++)
            expect(assignVariation(key, visitorId, [...weights])).toBe(first);
          expect(first).toBeGreaterThanOrEqual(0);
          expect(first).toBeLessThan(weights.length);
        }
      )
    );
  });

  describe('distribution over 100,000 synthetic visitors', () => {
    const ids = syntheticVisitorIds(100_000);

    it.each([[[0.5, 0.5]], [[0.2, 0.3, 0.5]], [[0.1, 0.9]]])(
      'splits within 1 point of weights %j',
      (weights) => {
        weights.forEach((weight, variation) => {
          const share = shareOfVisitors(
            ids,
            (id) => assignVariation('homepage-hero', id, weights),
            variation
          );
          expect(Math.abs(share - weight)).toBeLessThan(0.01);
        });
      }
    );

    it('leaves the share outside the coverage unassigned, shrinking every variation alike', () => {
      const coverage = 0.3;
      const weights = [0.2, 0.3, 0.5];
      const assign = (id: string) => assignVariation('homepage-hero', id, weights, coverage);
      expect(Math.abs(shareOfVisitors(ids, assign, -1) - (1 - coverage))).toBeLessThan(0.01);
      weights.forEach((weight, variation) => {
        expect(Math.abs(shareOfVisitors(ids, assign, variation) - coverage * weight)).toBeLessThan(
          0.01
        );
      });
    });

    it('keeps covered visitors in their variation when coverage is raised', () => {
      const weights = [0.5, 0.5];
      for (const id of ids.slice(0, 10_000)) {
        const atLowCoverage = assignVariation('homepage-hero', id, weights, 0.2);
        if (atLowCoverage !== -1)
          expect(assignVariation('homepage-hero', id, weights, 0.8)).toBe(atLowCoverage);
      }
    });
  });
});
