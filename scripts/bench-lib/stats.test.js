'use strict';
// Run with `node --test scripts/bench-lib/` (scripts/test.sh does).
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { mean, trimmedMean, bootstrapInterval, meanOfPair, differenceOf } = require('./stats');
const { seededRandom } = require('../lib/seeded-random');

test('a trimmed mean cuts the same share off both ends', () => {
  assert.equal(trimmedMean([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.1), 5.5);
  assert.equal(trimmedMean([3, 1, 1_000, 2, -1_000], 0.2), 2);
  assert.equal(trimmedMean([4, 2], 0), 3);
  assert.throws(() => trimmedMean([1], 0.5), /not in/);
  assert.throws(() => trimmedMean([], 0.1), /no values/);
});

test('a bootstrap interval of constant values is that value', () => {
  const random = seededRandom(1).next;
  assert.deepEqual(bootstrapInterval([7, 7, 7], mean, { resamples: 200, random }), {
    low: 7,
    high: 7,
  });
});

test('a 95 % bootstrap interval of a mean is about ±1.96 standard errors wide and covers it', () => {
  const random = seededRandom(17);
  // 400 draws of a normal distribution with mean 10 and standard deviation 2 (Box–Muller)
  const values = Array.from(
    { length: 400 },
    () =>
      10 + 2 * Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
  );
  const sampleMean = mean(values);
  const { low, high } = bootstrapInterval(values, mean, { resamples: 4000, random: random.next });
  const standardError = Math.sqrt(
    values.reduce((sum, value) => sum + (value - sampleMean) ** 2, 0) /
      (values.length - 1) /
      values.length
  );
  assert.ok(low < sampleMean && sampleMean < high);
  assert.ok(low < 10 && 10 < high, `true mean 10 outside [${low}, ${high}]`);
  const halfWidth = (high - low) / 2;
  assert.ok(Math.abs(halfWidth / (1.96 * standardError) - 1) < 0.1, `half width ${halfWidth}`);
});

test('pairs of servers are combined block by block', () => {
  assert.deepEqual(meanOfPair([1, 4, 10], [3, 6, -10]), [2, 5, 0]);
  assert.deepEqual(differenceOf([1, 4, 10], [3, 6, -10]), [-2, -2, 20]);
});
