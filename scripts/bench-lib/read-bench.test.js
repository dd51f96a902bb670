'use strict';
// Run with `node --test scripts/bench-lib/` (scripts/test.sh does).
const assert = require('node:assert/strict');
const { test } = require('node:test');
const { blocksWithoutFullCollection, estimate } = require('./read-bench');
const { seededRandom } = require('../lib/seeded-random');

const windows = (...fullCollections) =>
  fullCollections.map((count) => ({ fullCollections: count }));

test('a block is left out when any server or mode had a full collection in it', () => {
  assert.deepEqual(blocksWithoutFullCollection([windows(0, 1, 0, 0), windows(0, 0, 0, 2)]), [
    true,
    false,
    true,
    false,
  ]);
});

test('the trimmed estimate is over the kept blocks, the untrimmed one over all', () => {
  const random = seededRandom(3).next;
  // a block with a full collection: 100 ms among 40 requests, 2,500 µs per request more
  const values = [100, 100, 2_600, 100, 100];
  const kept = [true, true, false, true, true];
  const result = estimate(values, random, kept);
  assert.equal(result.value, 100);
  assert.deepEqual([result.low, result.high], [100, 100]);
  assert.equal(result.untrimmed.value, 600);
  assert.equal(
    estimate(values, random).value,
    estimate(
      values,
      random,
      values.map(() => true)
    ).value
  );
});

test('a shape whose every block held a full collection says so', () => {
  const random = seededRandom(3).next;
  assert.throws(
    () => estimate([1, 2], random, [false, false]),
    /every block held a full collection/
  );
});
