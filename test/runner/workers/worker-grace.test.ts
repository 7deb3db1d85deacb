import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKER_GRACE_MS, WORKER_GRACE_PER_CP_MS, workerGraceMs } from '../../../src/runner/workers/run-workers.js';

// A worker reports its result after stopping every charge point it holds: the bigger its share,
// the longer it may take before it is killed (and its result lost). Pure.

const CASES: Array<[chargePoints: number, graceMs: number | undefined, expected: number]> = [
  [0, undefined, WORKER_GRACE_MS],
  [1000, undefined, WORKER_GRACE_MS + 1000 * WORKER_GRACE_PER_CP_MS],
  [16_667, undefined, 53_334], // a third of 50,000: what three workers needed on a loaded 2-core machine
  [-5, undefined, WORKER_GRACE_MS], // no count known: the base
  [16_667, 500, 500], // a grace given (tests) wins whatever the size
  [0, 0, 0],
];

for (const [chargePoints, graceMs, expected] of CASES) {
  test(`a worker of ${chargePoints} charge points${graceMs === undefined ? '' : ` given ${graceMs} ms`} gets ${expected} ms to report`, () => {
    assert.equal(workerGraceMs(chargePoints, graceMs), expected);
  });
}
