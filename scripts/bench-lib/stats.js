'use strict';
/**
 * The statistics of the read benchmark, as small pure functions: trimmed means and
 * percentile-bootstrap intervals.
 */

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Mean of the values left when the lowest and the highest `fraction` of them are cut off. */
function trimmedMean(values, fraction) {
  if (values.length === 0) throw new Error('trimmed mean of no values');
  if (!(fraction >= 0 && fraction < 0.5))
    throw new Error(`trim fraction ${fraction} not in [0, 0.5)`);
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * fraction);
  return mean(sorted.slice(cut, sorted.length - cut));
}

/**
 * Percentile-bootstrap interval of `statistic(values)`: the statistic of `resamples` samples
 * drawn with replacement, of which the middle `confidence` share is the interval.
 * `random` returns numbers in [0, 1) (seed it for a reproducible interval).
 */
function bootstrapInterval(values, statistic, { resamples = 2000, confidence = 0.95, random }) {
  if (values.length === 0) throw new Error('bootstrap of no values');
  const estimates = new Float64Array(resamples);
  const sample = new Array(values.length);
  for (let draw = 0; draw < resamples; draw++) {
    for (let index = 0; index < values.length; index++)
      sample[index] = values[Math.floor(random() * values.length)];
    estimates[draw] = statistic(sample);
  }
  estimates.sort();
  const tail = (1 - confidence) / 2;
  return {
    low: estimates[Math.floor(tail * resamples)],
    high: estimates[Math.ceil((1 - tail) * resamples) - 1],
  };
}

/** Per block, the mean of two servers' figures (two arrays of the same blocks). */
const meanOfPair = (first, second) => first.map((value, block) => (value + second[block]) / 2);
/** Per block, the first server's figure less the second's. */
const differenceOf = (first, second) => first.map((value, block) => value - second[block]);

module.exports = { mean, trimmedMean, bootstrapInterval, meanOfPair, differenceOf };
