/**
 * Deterministic, sticky variant assignment compatible with GrowthBook's published algorithm.
 *
 * A visitor id is hashed together with a seed (the experiment key) into a number in [0, 1),
 * and each variation owns a slice of that interval. The same inputs always give the same
 * number, so a visitor keeps their variation without any stored state, and a frontend using
 * a GrowthBook SDK with the same key, id and weights computes the same assignment.
 */

/** FNV-1a 32-bit over UTF-16 code units, exactly as GrowthBook's JS SDK computes it. */
function fnv1a32(text: string): number {
  let hval = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hval ^= text.charCodeAt(i);
    // Multiplication by the FNV prime 0x01000193, written as shifts to stay within 32 bits.
    hval += (hval << 1) + (hval << 4) + (hval << 7) + (hval << 8) + (hval << 24);
  }
  return hval >>> 0;
}

/**
 * Hashes `value` with `seed` into [0, 1). Version 2 hashes twice to spread similar inputs
 * (GrowthBook's current default); version 1 is the legacy scheme. Unknown versions give null.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

function equalWeights(numVariations: number): number[] {
  return numVariations < 1 ? [] : new Array<number>(numVariations).fill(1 / numVariations);
}

/**
 * The slice of [0, 1) owned by each variation. Slices start where the previous variation's
 * full weight ends, so lowering coverage shrinks every slice in place and visitors never
 * move between variations when coverage is raised later. Weights that are missing, of the
 * wrong length or not summing to ~1 fall back to an equal split, as GrowthBook does.
 */
export function getBucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: number[]
): Array<[number, number]> {
  const clampedCoverage = Math.min(1, Math.max(0, coverage));
  let effectiveWeights = weights ?? equalWeights(numVariations);
  if (effectiveWeights.length !== numVariations) effectiveWeights = equalWeights(numVariations);
  const totalWeight = effectiveWeights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight < 0.99 || totalWeight > 1.01) effectiveWeights = equalWeights(numVariations);

  let cumulative = 0;
  return effectiveWeights.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + clampedCoverage * weight];
  });
}

/** Index of the range containing `n` (start inclusive, end exclusive), or -1 if none does. */
export function chooseVariation(n: number, ranges: Array<[number, number]>): number {
  return ranges.findIndex(([start, end]) => n >= start && n < end);
}

/**
 * Variation index for a visitor, or -1 when the visitor falls outside the coverage (or the
 * hash version is unknown). GrowthBook seeds the hash with the experiment key by default;
 * note its SDKs default an experiment to hashVersion 1 unless the experiment sets 2.
 */
export function assignVariation(
  experimentKey: string,
  visitorId: string,
  weights: number[],
  coverage = 1,
  hashVersion = 2
): number {
  const n = hash(experimentKey, visitorId, hashVersion);
  if (n === null) return -1;
  return chooseVariation(n, getBucketRanges(weights.length, coverage, weights));
}
