/**
 * Experiment statistics for conversion-rate A/B tests: pure functions, no dependencies.
 *
 * The normal and chi-square distributions both reduce to the regularized incomplete gamma
 * function, so one well-understood routine (series + continued fraction, as in Numerical
 * Recipes §6.2) backs both CDFs at close to double precision, tails included.
 */

const CONVERGENCE_EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;
/** Smallest magnitude allowed in Lentz's continued-fraction evaluation, to avoid dividing by 0. */
const TINY = 1e-300;

/** Lanczos approximation (g = 7, 9 terms), relative error ~1e-15 for x > 0. */
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

function logGamma(x: number): number {
  // The approximation below is accurate for x >= 0.5; Γ(x) = Γ(x + 1) / x covers the rest.
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const shifted = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++)
    series += LANCZOS_COEFFICIENTS[i] / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

/** e^-x x^a / Γ(a): the factor shared by both incomplete gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * CONVERGENCE_EPSILON) return sum * gammaPrefactor(a, x);
  }
  throw new Error(`Incomplete gamma series did not converge for a=${a}, x=${x}`);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x >= a + 1. */
function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let result = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < CONVERGENCE_EPSILON) return result * gammaPrefactor(a, x);
  }
  throw new Error(`Incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). Computed directly rather than
 * as 1 - P where possible, so small tail probabilities keep their precision.
 */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaContinuedFraction(a, x);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
function lowerRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? lowerGammaSeries(a, x) : 1 - upperGammaContinuedFraction(a, x);
}

/**
 * Standard normal CDF Φ(z). Uses P(|Z| > |z|) = Q(1/2, z²/2), so the lower tail keeps full
 * relative precision far out (Φ(-10) ≈ 7.6e-24 is not rounded to 0).
 */
export function normalCdf(z: number): number {
  const tail = 0.5 * upperRegularizedGamma(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9 before refinement). */
const ACKLAM_CENTRAL_NUMERATOR = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const ACKLAM_CENTRAL_DENOMINATOR = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1, 1,
];
const ACKLAM_TAIL_NUMERATOR = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const ACKLAM_TAIL_DENOMINATOR = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1,
];
const ACKLAM_TAIL_BOUNDARY = 0.02425;

function polynomial(coefficients: number[], x: number): number {
  return coefficients.reduce((acc, coefficient) => acc * x + coefficient, 0);
}

/**
 * Standard normal quantile Φ⁻¹(p): Acklam's approximation plus one Halley step against
 * normalCdf, which brings it to ~1e-15 relative error. Throws for p outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Solve in the lower half only; 1 - p is exact for p >= 0.5, and the lower tail CDF is precise.
  if (p > 0.5) return -normalQuantile(1 - p);

  let x: number;
  if (p < ACKLAM_TAIL_BOUNDARY) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(ACKLAM_TAIL_NUMERATOR, q) / polynomial(ACKLAM_TAIL_DENOMINATOR, q);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (q * polynomial(ACKLAM_CENTRAL_NUMERATOR, r)) / polynomial(ACKLAM_CENTRAL_DENOMINATOR, r);
  }
  const error = normalCdf(x) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** P(X ≤ x) for a chi-square distribution with the given (positive) degrees of freedom. */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) {
    throw new RangeError(`chiSquareCdf: degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  }
  return lowerRegularizedGamma(degreesOfFreedom / 2, x / 2);
}

function assertCounts(conversions: number, visitors: number, label: string): void {
  if (!(Number.isFinite(visitors) && visitors > 0)) {
    throw new RangeError(`${label}: visitors must be a positive number, got ${visitors}`);
  }
  if (!(Number.isFinite(conversions) && conversions >= 0 && conversions <= visitors)) {
    throw new RangeError(
      `${label}: conversions must be between 0 and visitors (${visitors}), got ${conversions}`
    );
  }
}

/**
 * 95% Wilson score interval of a conversion rate: unlike the Wald interval it stays within 0..1
 * and is not zero-width at 0 or all conversions, so a small sample shows as the wide interval
 * it is. [0, 1] when there are no visitors.
 */
export function wilsonInterval95(conversions: number, visitors: number): [number, number] {
  if (visitors === 0) return [0, 1];
  assertCounts(conversions, visitors, 'wilsonInterval95');
  const z = normalQuantile(0.975);
  const rate = conversions / visitors;
  const denominator = 1 + (z * z) / visitors;
  const centre = (rate + (z * z) / (2 * visitors)) / denominator;
  const half =
    (z * Math.sqrt((rate * (1 - rate)) / visitors + (z * z) / (4 * visitors * visitors))) /
    denominator;
  // exact at the edges, where the formula leaves a rounding residue
  return [
    conversions === 0 ? 0 : Math.max(0, centre - half),
    conversions === visitors ? 1 : Math.min(1, centre + half),
  ];
}

export interface ZTestResult {
  z: number;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  pValue: number;
  rateA: number;
  rateB: number;
  /** Relative uplift of B over A, (rateB - rateA) / rateA; null when rateA is 0. */
  uplift: number | null;
  /**
   * 95% interval for the relative uplift from the delta method on log(rateB / rateA)
   * (Katz log risk-ratio interval), so it is asymmetric and never below -100%.
   * Null when either variant has no conversions (the log ratio is undefined).
   */
  upliftInterval95: [number, number] | null;
  /** 95% Wald interval for rateB - rateA with the unpooled standard error. */
  differenceInterval95: [number, number];
}

/**
 * Two-proportion z-test of B against A. The test uses the pooled standard error (the
 * variance under the null hypothesis of equal rates); the intervals use unpooled errors
 * because they describe the effect, not the null.
 */
export function twoProportionZTest(
  conversionsA: number,
  visitorsA: number,
  conversionsB: number,
  visitorsB: number
): ZTestResult {
  assertCounts(conversionsA, visitorsA, 'twoProportionZTest (A)');
  assertCounts(conversionsB, visitorsB, 'twoProportionZTest (B)');
  const rateA = conversionsA / visitorsA;
  const rateB = conversionsB / visitorsB;
  const difference = rateB - rateA;
  const z95 = normalQuantile(0.975);

  const pooledRate = (conversionsA + conversionsB) / (visitorsA + visitorsB);
  const pooledStandardError = Math.sqrt(
    pooledRate * (1 - pooledRate) * (1 / visitorsA + 1 / visitorsB)
  );
  // All or no visitors converted in both groups: the data carries no evidence of a difference.
  const z = pooledStandardError === 0 ? 0 : difference / pooledStandardError;
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));

  const differenceStandardError = Math.sqrt(
    (rateA * (1 - rateA)) / visitorsA + (rateB * (1 - rateB)) / visitorsB
  );
  const differenceInterval95: [number, number] = [
    difference - z95 * differenceStandardError,
    difference + z95 * differenceStandardError,
  ];

  let upliftInterval95: [number, number] | null = null;
  if (conversionsA > 0 && conversionsB > 0) {
    const logRatio = Math.log(rateB / rateA);
    const logRatioStandardError = Math.sqrt(
      (1 - rateA) / conversionsA + (1 - rateB) / conversionsB
    );
    upliftInterval95 = [
      Math.exp(logRatio - z95 * logRatioStandardError) - 1,
      Math.exp(logRatio + z95 * logRatioStandardError) - 1,
    ];
  }

  return {
    z,
    pValue,
    rateA,
    rateB,
    uplift: rateA === 0 ? null : difference / rateA,
    upliftInterval95,
    differenceInterval95,
  };
}

/** Mean and variance of the Beta(1 + conversions, 1 + non-conversions) posterior. */
function betaPosterior(conversions: number, visitors: number): { mean: number; variance: number } {
  const alpha = 1 + conversions;
  const beta = 1 + visitors - conversions;
  const total = alpha + beta;
  return { mean: alpha / total, variance: (alpha * beta) / (total * total * (total + 1)) };
}

/**
 * Bayesian probability that B's true conversion rate exceeds A's, with uniform Beta(1, 1)
 * priors and each posterior approximated by a normal of the same mean and variance (as
 * GrowthBook's Bayesian engine historically did); accurate once each variant has a few
 * dozen conversions and non-conversions.
 */
export function chanceToBeatControl(
  conversionsA: number,
  visitorsA: number,
  conversionsB: number,
  visitorsB: number
): number {
  assertCounts(conversionsA, visitorsA, 'chanceToBeatControl (A)');
  assertCounts(conversionsB, visitorsB, 'chanceToBeatControl (B)');
  const a = betaPosterior(conversionsA, visitorsA);
  const b = betaPosterior(conversionsB, visitorsB);
  return normalCdf((b.mean - a.mean) / Math.sqrt(a.variance + b.variance));
}

export interface SampleRatioMismatchResult {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /**
   * True when p < 0.001, the conventional SRM threshold: the check runs continuously,
   * so it must rarely raise a false alarm.
   */
  mismatch: boolean;
}

/**
 * Chi-square goodness-of-fit test of observed exposures per variant against the configured
 * traffic split. A mismatch means assignment or tracking is broken and results can't be trusted.
 * Weights need not sum to 1; they default to an equal split.
 */
export function sampleRatioMismatch(
  observed: number[],
  expectedWeights: number[] = observed.map(() => 1)
): SampleRatioMismatchResult {
  if (observed.length < 2 || observed.length !== expectedWeights.length) {
    throw new RangeError(
      'sampleRatioMismatch: need at least two variants and one weight per variant'
    );
  }
  if (observed.some((count) => !(count >= 0)) || expectedWeights.some((weight) => !(weight > 0))) {
    throw new RangeError('sampleRatioMismatch: counts must be >= 0 and weights > 0');
  }
  const total = observed.reduce((sum, count) => sum + count, 0);
  const totalWeight = expectedWeights.reduce((sum, weight) => sum + weight, 0);
  const degreesOfFreedom = observed.length - 1;
  if (total === 0) return { chiSquare: 0, degreesOfFreedom, pValue: 1, mismatch: false };

  const chiSquare = observed.reduce((sum, count, i) => {
    const expected = (total * expectedWeights[i]) / totalWeight;
    return sum + (count - expected) ** 2 / expected;
  }, 0);
  const pValue = upperRegularizedGamma(degreesOfFreedom / 2, chiSquare / 2);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < 0.001 };
}

export interface VariantData {
  name: string;
  visitors: number;
  conversions: number;
}

export interface VerdictInput {
  /** The first variant is the control. */
  variants: VariantData[];
  /** Visitors every variant needs before any difference is reported. */
  minimumSample: number;
  /** Family-wise significance level; split across challengers (Bonferroni). */
  alpha?: number;
  /** Configured traffic split, for the sample-ratio check; defaults to equal. */
  expectedWeights?: number[];
}

export type VerdictStatus = 'collecting' | 'no-difference' | 'winner' | 'loser' | 'srm';

export interface Verdict {
  status: VerdictStatus;
  message: string;
  /** Name of the winning challenger, only when status is 'winner'. */
  winner?: string;
}

const formatCount = (count: number): string => count.toLocaleString('en-US');
const formatRate = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
const formatUplift = (uplift: number | null): string =>
  uplift === null ? 'control at 0%' : `${uplift >= 0 ? '+' : ''}${(uplift * 100).toFixed(1)}%`;
const formatPValue = (pValue: number): string =>
  pValue < 0.001 ? 'p < 0.001' : `p = ${pValue.toFixed(3)}`;

/**
 * Plain-language status of an experiment, checked in order of what invalidates the rest:
 * a broken traffic split (SRM), then too little data, then significance of each challenger
 * against the control at alpha / (number of challengers).
 */
export function verdict({
  variants,
  minimumSample,
  alpha = 0.05,
  expectedWeights,
}: VerdictInput): Verdict {
  if (variants.length < 2)
    throw new RangeError('verdict: need a control and at least one challenger');
  if (!(minimumSample >= 1)) {
    throw new RangeError(`verdict: minimumSample must be >= 1, got ${minimumSample}`);
  }
  if (!(alpha > 0 && alpha < 1))
    throw new RangeError(`verdict: alpha must be in (0, 1), got ${alpha}`);

  const visitorCounts = variants.map((variant) => variant.visitors);
  const srm = sampleRatioMismatch(visitorCounts, expectedWeights);
  if (srm.mismatch) {
    return {
      status: 'srm',
      message:
        `Traffic split looks broken: ${visitorCounts.map(formatCount).join(' / ')} visitors ` +
        `don't match the configured split (sample ratio mismatch, ${formatPValue(srm.pValue)}). ` +
        'Check assignment and tracking before trusting any result.',
    };
  }

  const leastSampled = variants.reduce((least, variant) =>
    variant.visitors < least.visitors ? variant : least
  );
  if (leastSampled.visitors < minimumSample) {
    return {
      status: 'collecting',
      message:
        `Keep running: ${formatCount(leastSampled.visitors)} of ${formatCount(minimumSample)} ` +
        `visitors in variant ${leastSampled.name}`,
    };
  }

  const [control, ...challengers] = variants;
  const comparisonAlpha = alpha / challengers.length;
  const comparisons = challengers.map((challenger) => ({
    challenger,
    test: twoProportionZTest(
      control.conversions,
      control.visitors,
      challenger.conversions,
      challenger.visitors
    ),
  }));
  const significant = comparisons.filter(({ test }) => test.pValue < comparisonAlpha);
  const summarize = ({ test }: (typeof comparisons)[number]): string =>
    `${formatRate(test.rateB)} vs ${formatRate(test.rateA)} for control ${control.name} ` +
    `(${formatUplift(test.uplift)}, ${formatPValue(test.pValue)})`;

  const better = significant.filter(({ test }) => test.rateB > test.rateA);
  if (better.length > 0) {
    const best = better.reduce((top, comparison) =>
      comparison.test.rateB > top.test.rateB ? comparison : top
    );
    return {
      status: 'winner',
      winner: best.challenger.name,
      message: `Variant ${best.challenger.name} wins: ${summarize(best)}.`,
    };
  }

  if (significant.length > 0) {
    return {
      status: 'loser',
      message: significant
        .map(
          (comparison) =>
            `Variant ${comparison.challenger.name} converts worse: ${summarize(comparison)}.`
        )
        .join(' '),
    };
  }

  const correction =
    challengers.length > 1 ? ` (${comparisonAlpha.toPrecision(2)} per comparison, Bonferroni)` : '';
  return {
    status: 'no-difference',
    message: `No significant difference from control ${control.name} at α = ${alpha}${correction}.`,
  };
}
