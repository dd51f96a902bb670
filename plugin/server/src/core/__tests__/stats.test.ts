import fc from 'fast-check';
import {
  chanceToBeatControl,
  chiSquareCdf,
  normalCdf,
  normalQuantile,
  sampleRatioMismatch,
  twoProportionZTest,
  verdict,
  wilsonInterval95,
  type VariantData,
} from '../stats';

/** |actual - expected| relative to |expected| (absolute near 0). */
const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

/** Mulberry32: tiny seeded PRNG so simulations are deterministic. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function simulateConversions(visitors: number, rate: number, random: () => number): number {
  let conversions = 0;
  for (let i = 0; i < visitors; i++) if (random() < rate) conversions++;
  return conversions;
}

/** Conversions of a seeded 5,000-vs-5,000 experiment with a 10% control rate. */
function simulateExperiment(challengerRate: number): { control: number; challenger: number } {
  const random = mulberry32(20260101);
  return {
    control: simulateConversions(5000, 0.1, random),
    challenger: simulateConversions(5000, challengerRate, random),
  };
}

describe('normalCdf', () => {
  // Reference values: mpmath.ncdf at 30 significant digits, written as the nearest doubles.
  it.each([
    [1.96, 0.9750021048517795],
    [0, 0.5],
    [-1, 0.15865525393145705],
    [3, 0.9986501019683699],
    [-5, 2.866515718791939e-7],
    [-10, 7.619853024160525e-24],
  ])('Φ(%p) = %p', (z, expected) => {
    expect(relativeError(normalCdf(z), expected)).toBeLessThan(1e-13);
  });

  it('handles infinities', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });

  it('matches Simpson integration of the normal density', () => {
    const density = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    const integrateFromZero = (z: number, intervals = 2000) => {
      const h = z / intervals;
      let sum = density(0) + density(z);
      for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h);
      return (sum * h) / 3;
    };
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (z) => {
        expect(Math.abs(normalCdf(z) - (0.5 + integrateFromZero(z)))).toBeLessThan(1e-10);
      }),
      { numRuns: 200 }
    );
  });
});

describe('normalQuantile', () => {
  // Reference values: mpmath sqrt(2)·erfinv(2p - 1) at 30 significant digits, written as the nearest doubles.
  it.each([
    [0.975, 1.9599639845400543],
    [0.95, 1.6448536269514726],
    [0.8, 0.8416212335729142],
    [0.001, -3.0902323061678136],
    [1e-10, -6.361340902404057],
  ])('Φ⁻¹(%p) = %p', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-13);
  });

  it('is 0 at the median and infinite at the ends', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(1.1)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('inverts normalCdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-9);
      })
    );
  });
});

describe('chiSquareCdf', () => {
  // Critical values from standard chi-square tables (3 decimals, hence 4-decimal precision).
  it.each([
    [3.841, 1, 0.95],
    [10.828, 1, 0.999],
    [6.635, 1, 0.99],
    [5.991, 2, 0.95],
    [13.816, 2, 0.999],
    [7.815, 3, 0.95],
    [18.307, 10, 0.95],
  ])('P(X² ≤ %p; df = %p) ≈ %p', (x, degreesOfFreedom, expected) => {
    expect(chiSquareCdf(x, degreesOfFreedom)).toBeCloseTo(expected, 4);
  });

  it('matches the closed forms for 2 and 4 degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 80, noNaN: true }), (x) => {
        expect(chiSquareCdf(x, 2)).toBeCloseTo(1 - Math.exp(-x / 2), 13);
        expect(chiSquareCdf(x, 4)).toBeCloseTo(1 - Math.exp(-x / 2) * (1 + x / 2), 13);
      })
    );
  });

  it('is 0 at and below 0, and rejects non-positive degrees of freedom', () => {
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(() => chiSquareCdf(1, 0)).toThrow(RangeError);
  });
});

describe('twoProportionZTest', () => {
  /*
   * [conversionsA, visitorsA, conversionsB, visitorsB, z, pValue, differenceInterval95, upliftInterval95]
   * Computed with mpmath at 30 digits from the textbook formulas (pooled SE for z; unpooled Wald
   * interval for the difference; Katz log-ratio interval for the uplift). z and p were cross-checked
   * with scipy.stats.chi2_contingency(correction=False), whose Pearson χ² equals z².
   */
  type ZTestReference = [
    number,
    number,
    number,
    number,
    number,
    number,
    [number, number],
    [number, number],
  ];
  // prettier-ignore
  const REFERENCE: ZTestReference[] = [
    [200, 1000, 250, 1000, 2.6773977630083294, 0.0074196492610256745, [0.013463621687539845, 0.08653637831246015], [0.0609462508375631, 0.4727419025860035]],
    [100, 1000, 100, 1000, 0, 1, [-0.026295676217297448, 0.026295676217297448], [-0.23122486324106092, 0.3007704752469966]],
    [100, 1000, 130, 1000, 2.1027406056221145, 0.03548845046647469, [0.0020679344393763643, 0.057932065560623636], [0.016984270971045514, 0.6617759470226023]],
    [500, 10000, 560, 10000, 1.8937529756356755, 0.058257806033516144, [-0.00020922034622822237, 0.012209220346228223], [-0.0040274607203277454, 0.25947247592512235]],
    [30, 400, 18, 350, -1.3158045352907, 0.18823965667049686, [-0.0582367273061983, 0.011093870163341157], [-0.6108382689299148, 0.20824850978980947]],
    [1200, 24000, 1100, 23500, -1.6201179079449197, 0.10520695126819903, [-0.007051067330571883, 0.000668088607167627], [-0.13564331935257914, 0.013950244028663617]],
    [10, 200, 25, 180, 2.9918991924106892, 0.002772477971730157, [0.030026710077422986, 0.1477510677003548], [0.37229948532333956, 4.6227153513054065]],
  ];

  it.each(REFERENCE)(
    '%p/%p vs %p/%p',
    (
      conversionsA,
      visitorsA,
      conversionsB,
      visitorsB,
      z,
      pValue,
      differenceInterval,
      upliftInterval
    ) => {
      const result = twoProportionZTest(conversionsA, visitorsA, conversionsB, visitorsB);
      expect(result.z).toBeCloseTo(z, 10);
      expect(result.pValue).toBeCloseTo(pValue, 10);
      expect(result.rateA).toBe(conversionsA / visitorsA);
      expect(result.rateB).toBe(conversionsB / visitorsB);
      expect(result.uplift).toBeCloseTo(
        (conversionsB / visitorsB - conversionsA / visitorsA) / (conversionsA / visitorsA),
        12
      );
      expect(result.differenceInterval95[0]).toBeCloseTo(differenceInterval[0], 10);
      expect(result.differenceInterval95[1]).toBeCloseTo(differenceInterval[1], 10);
      expect(result.upliftInterval95?.[0]).toBeCloseTo(upliftInterval[0], 10);
      expect(result.upliftInterval95?.[1]).toBeCloseTo(upliftInterval[1], 10);
    }
  );

  it('reports no evidence when nobody (or everybody) converted', () => {
    expect(twoProportionZTest(0, 100, 0, 100)).toMatchObject({
      z: 0,
      pValue: 1,
      uplift: null,
      upliftInterval95: null,
    });
    expect(twoProportionZTest(100, 100, 50, 50)).toMatchObject({ z: 0, pValue: 1, uplift: 0 });
  });

  it('has no relative uplift from a zero control rate, and no uplift interval without conversions', () => {
    const fromZero = twoProportionZTest(0, 1000, 5, 1000);
    expect(fromZero.uplift).toBeNull();
    expect(fromZero.upliftInterval95).toBeNull();
    const toZero = twoProportionZTest(5, 1000, 0, 1000);
    expect(toZero.uplift).toBe(-1);
    expect(toZero.upliftInterval95).toBeNull();
  });

  it('rejects impossible counts', () => {
    expect(() => twoProportionZTest(1, 0, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(-1, 10, 1, 10)).toThrow(RangeError);
  });

  const countsArbitrary = fc
    .tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }))
    .chain(([visitorsA, visitorsB]) =>
      fc.tuple(
        fc.integer({ min: 0, max: visitorsA }),
        fc.constant(visitorsA),
        fc.integer({ min: 0, max: visitorsB }),
        fc.constant(visitorsB)
      )
    );

  it('is antisymmetric in A and B, with a p-value in [0, 1] and intervals around the estimates', () => {
    fc.assert(
      fc.property(countsArbitrary, ([conversionsA, visitorsA, conversionsB, visitorsB]) => {
        const forward = twoProportionZTest(conversionsA, visitorsA, conversionsB, visitorsB);
        const backward = twoProportionZTest(conversionsB, visitorsB, conversionsA, visitorsA);
        expect(backward.z).toBeCloseTo(-forward.z, 9);
        expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        const difference = forward.rateB - forward.rateA;
        expect(forward.differenceInterval95[0]).toBeLessThanOrEqual(difference + 1e-12);
        expect(forward.differenceInterval95[1]).toBeGreaterThanOrEqual(difference - 1e-12);
        if (forward.upliftInterval95 && forward.uplift !== null) {
          expect(forward.upliftInterval95[0]).toBeGreaterThan(-1);
          expect(forward.upliftInterval95[0]).toBeLessThanOrEqual(forward.uplift + 1e-9);
          expect(forward.upliftInterval95[1]).toBeGreaterThanOrEqual(forward.uplift - 1e-9);
        }
      })
    );
  });

  describe('simulated experiments (seeded)', () => {
    it('finds a real difference: 10% vs 13% with 5,000 visitors each', () => {
      const { control, challenger } = simulateExperiment(0.13);
      const result = twoProportionZTest(control, 5000, challenger, 5000);
      expect(result.pValue).toBeLessThan(0.05);
      expect(result.z).toBeGreaterThan(0);
    });

    it('finds nothing without a difference: 10% vs 10% with 5,000 visitors each', () => {
      const { control, challenger } = simulateExperiment(0.1);
      expect(twoProportionZTest(control, 5000, challenger, 5000).pValue).toBeGreaterThanOrEqual(
        0.05
      );
    });

    it('keeps the false-positive rate near alpha over 400 A/A tests and has high power for 10% vs 13%', () => {
      const random = mulberry32(42);
      const significantShare = (rateB: number, runs: number) => {
        let significant = 0;
        for (let run = 0; run < runs; run++) {
          const result = twoProportionZTest(
            simulateConversions(5000, 0.1, random),
            5000,
            simulateConversions(5000, rateB, random),
            5000
          );
          if (result.pValue < 0.05) significant++;
        }
        return significant / runs;
      };
      const falsePositiveRate = significantShare(0.1, 400);
      expect(falsePositiveRate).toBeGreaterThan(0.02);
      expect(falsePositiveRate).toBeLessThan(0.08);
      // Expected power at z ≈ 4.7 is about 99.7%.
      expect(significantShare(0.13, 100)).toBeGreaterThanOrEqual(0.97);
    });
  });
});

describe('chanceToBeatControl', () => {
  /*
   * [conversionsA, visitorsA, conversionsB, visitorsB, exact P(pB > pA)]: the exact posterior
   * probability under Beta(1, 1) priors, by numerical integration with scipy
   * (∫ betaA.pdf(x) · betaB.sf(x) dx). The normal approximation must stay close to it.
   */
  it.each([
    [100, 1000, 130, 1000, 0.9821650661163508],
    [100, 1000, 110, 1000, 0.7666141363174647],
    [20, 100, 30, 100, 0.9476031033523689],
    [200, 1000, 250, 1000, 0.9962833291304407],
    [50, 1000, 45, 1000, 0.30059211224851146],
  ])(
    '%p/%p vs %p/%p ≈ exact Bayesian %p',
    (conversionsA, visitorsA, conversionsB, visitorsB, exact) => {
      expect(
        Math.abs(chanceToBeatControl(conversionsA, visitorsA, conversionsB, visitorsB) - exact)
      ).toBeLessThan(0.001);
    }
  );

  it('is 0.5 for identical data and above 0.99 for a clearly better variant', () => {
    expect(chanceToBeatControl(100, 1000, 100, 1000)).toBe(0.5);
    expect(chanceToBeatControl(100, 1000, 200, 1000)).toBeGreaterThan(0.99);
    expect(chanceToBeatControl(200, 1000, 100, 1000)).toBeLessThan(0.01);
  });

  it('is symmetric: P(B beats A) + P(A beats B) = 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (visitorsA, visitorsB, shareA, shareB) => {
          const conversionsA = Math.round(shareA * visitorsA);
          const conversionsB = Math.round(shareB * visitorsB);
          const forward = chanceToBeatControl(conversionsA, visitorsA, conversionsB, visitorsB);
          const backward = chanceToBeatControl(conversionsB, visitorsB, conversionsA, visitorsA);
          expect(forward + backward).toBeCloseTo(1, 12);
        }
      )
    );
  });
});

describe('sampleRatioMismatch', () => {
  // Reference values: scipy.stats.chisquare with the expected counts.
  it.each([
    [[5000, 5000], undefined, 0, 1, false],
    [[5000, 4600], undefined, 16.666666666666668, 0.00004455709060405612, true],
    [[1000, 1040], undefined, 0.7843137254901961, 0.37582508748869814, false],
    [[3000, 3000, 3300], [1, 1, 1], 19.354838709677416, 0.00006268305795836552, true],
    [[2000, 8150], [0.2, 0.8], 0.5541871921182266, 0.45661183900661917, false],
    [[1000, 2000], [1, 2], 0, 1, false],
  ])('%j with weights %j', (observed, weights, chiSquare, pValue, mismatch) => {
    const result = sampleRatioMismatch(observed, weights);
    expect(result.chiSquare).toBeCloseTo(chiSquare, 10);
    expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-9);
    expect(result.degreesOfFreedom).toBe(observed.length - 1);
    expect(result.mismatch).toBe(mismatch);
  });

  it('reports no mismatch before any exposure', () => {
    expect(sampleRatioMismatch([0, 0])).toEqual({
      chiSquare: 0,
      degreesOfFreedom: 1,
      pValue: 1,
      mismatch: false,
    });
  });

  it('rejects malformed input', () => {
    expect(() => sampleRatioMismatch([10])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, 10], [1])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, 10], [1, 0])).toThrow(RangeError);
    expect(() => sampleRatioMismatch([10, -1])).toThrow(RangeError);
  });
});

describe('verdict', () => {
  const variant = (name: string, visitors: number, conversions: number): VariantData => ({
    name,
    visitors,
    conversions,
  });

  it('keeps collecting until every variant reaches the minimum sample', () => {
    expect(
      verdict({ variants: [variant('A', 320, 30), variant('B', 312, 60)], minimumSample: 1000 })
    ).toEqual({
      status: 'collecting',
      message: 'Keep running: 312 of 1,000 visitors in variant B',
    });
  });

  it('flags a sample ratio mismatch before anything else, even while collecting', () => {
    const skewed = verdict({
      variants: [variant('A', 5000, 500), variant('B', 4600, 700)],
      minimumSample: 1000,
    });
    expect(skewed.status).toBe('srm');
    expect(skewed.message).toContain('5,000 / 4,600');
    expect(skewed.winner).toBeUndefined();
    expect(
      verdict({ variants: [variant('A', 500, 50), variant('B', 380, 40)], minimumSample: 1000 })
        .status
    ).toBe('srm');
  });

  it('checks the split against the configured weights', () => {
    const variants = [variant('A', 2000, 200), variant('B', 8150, 815)];
    expect(verdict({ variants, minimumSample: 1000, expectedWeights: [0.2, 0.8] }).status).toBe(
      'no-difference'
    );
    expect(verdict({ variants, minimumSample: 1000 }).status).toBe('srm');
  });

  it('declares a significantly better challenger the winner', () => {
    expect(
      verdict({
        variants: [variant('A', 10000, 1000), variant('B', 10000, 1150)],
        minimumSample: 5000,
      })
    ).toEqual({
      status: 'winner',
      winner: 'B',
      message: 'Variant B wins: 11.5% vs 10.0% for control A (+15.0%, p < 0.001).',
    });
  });

  it('picks the best of several significant challengers', () => {
    const result = verdict({
      variants: [variant('A', 10000, 1000), variant('B', 10000, 1200), variant('C', 10000, 1300)],
      minimumSample: 5000,
    });
    expect(result).toMatchObject({ status: 'winner', winner: 'C' });
  });

  it('reports a significantly worse challenger as a loser', () => {
    const result = verdict({
      variants: [variant('A', 10000, 1000), variant('B', 10000, 850)],
      minimumSample: 5000,
    });
    expect(result).toEqual({
      status: 'loser',
      message: 'Variant B converts worse: 8.5% vs 10.0% for control A (-15.0%, p < 0.001).',
    });
  });

  it('reports no difference when nothing is significant', () => {
    expect(
      verdict({
        variants: [variant('A', 10000, 1000), variant('B', 10000, 1030)],
        minimumSample: 5000,
      })
    ).toEqual({
      status: 'no-difference',
      message: 'No significant difference from control A at α = 0.05.',
    });
  });

  it('applies the Bonferroni correction with more than one challenger', () => {
    // B vs A: p ≈ 0.037 — significant at 0.05, not at 0.05 / 2.
    const control = variant('A', 10000, 1000);
    const challenger = variant('B', 10000, 1090);
    expect(verdict({ variants: [control, challenger], minimumSample: 5000 }).status).toBe('winner');
    expect(
      verdict({ variants: [control, challenger, variant('C', 10000, 1000)], minimumSample: 5000 })
    ).toEqual({
      status: 'no-difference',
      message:
        'No significant difference from control A at α = 0.05 (0.025 per comparison, Bonferroni).',
    });
  });

  it('honours a custom alpha', () => {
    const variants = [variant('A', 10000, 1000), variant('B', 10000, 1090)];
    expect(verdict({ variants, minimumSample: 5000, alpha: 0.01 }).status).toBe('no-difference');
  });

  it('turns the seeded 10% vs 13% simulation into a winner and 10% vs 10% into no difference', () => {
    const simulatedVerdict = (challengerRate: number) => {
      const { control, challenger } = simulateExperiment(challengerRate);
      return verdict({
        variants: [variant('A', 5000, control), variant('B', 5000, challenger)],
        minimumSample: 5000,
      });
    };
    expect(simulatedVerdict(0.13)).toMatchObject({ status: 'winner', winner: 'B' });
    expect(simulatedVerdict(0.1).status).toBe('no-difference');
  });

  it('rejects malformed input', () => {
    expect(() => verdict({ variants: [variant('A', 10, 1)], minimumSample: 5 })).toThrow(
      RangeError
    );
    expect(() =>
      verdict({ variants: [variant('A', 10, 1), variant('B', 10, 1)], minimumSample: 0 })
    ).toThrow(RangeError);
    expect(() =>
      verdict({ variants: [variant('A', 10, 1), variant('B', 10, 1)], minimumSample: 5, alpha: 1 })
    ).toThrow(RangeError);
  });
});

describe('wilsonInterval95', () => {
  it('matches published values (Newcombe 1998: 81 of 263 → 0.2553 … 0.3662)', () => {
    const [low, high] = wilsonInterval95(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });

  it('is not zero-width at 0 or all conversions, and spans everything without visitors', () => {
    expect(wilsonInterval95(0, 10)[0]).toBe(0);
    expect(wilsonInterval95(0, 10)[1]).toBeGreaterThan(0.2);
    expect(wilsonInterval95(10, 10)[1]).toBe(1);
    expect(wilsonInterval95(10, 10)[0]).toBeLessThan(0.8);
    expect(wilsonInterval95(0, 0)).toEqual([0, 1]);
  });

  it('always contains the observed rate within 0..1, and narrows as the sample grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (visitors, share) => {
          const conversions = Math.round(visitors * share);
          const [low, high] = wilsonInterval95(conversions, visitors);
          const rate = conversions / visitors;
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high).toBeLessThanOrEqual(1);
          expect(low).toBeLessThanOrEqual(rate + 1e-12);
          expect(high).toBeGreaterThanOrEqual(rate - 1e-12);
          const [bigLow, bigHigh] = wilsonInterval95(conversions * 4, visitors * 4);
          expect(bigHigh - bigLow).toBeLessThanOrEqual(high - low + 1e-12);
        }
      )
    );
  });
});
