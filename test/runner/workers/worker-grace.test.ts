import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKER_GRACE_MS, WORKER_GRACE_PER_CP_MS, workerGraceMs } from '../../../src/runner/workers/run-workers.js';

// A worker reports its result after stopping every charge point it holds: the bigger its share,
// the longer it may take before it is killed (and its result lost). Pure.

const CASES: Array<[chargePoints: number, stopMs: number, graceMs: number | undefined, expected: number]> = [
  [0, 0, undefined, WORKER_GRACE_MS],
  [1000, 0, undefined, WORKER_GRACE_MS + 1000 * WORKER_GRACE_PER_CP_MS],
  [16_667, 0, undefined, 53_334], // a third of 50,000: what three workers needed on a loaded 2-core machine
  [16_667, 5_000, undefined, 58_334], // the run's graceful stop (default 5 s) on top
  [-5, -1, undefined, WORKER_GRACE_MS], // no count or stop known: the base
  [16_667, 5_000, 500, 500], // a fixed grace (tests) wins whatever the size
  [0, 0, 0, 0],
];

for (const [chargePoints, stopMs, graceMs, expected] of CASES) {
  test(`a worker of ${chargePoints} charge points stopping in ${stopMs} ms${graceMs === undefined ? '' : `, given ${graceMs} ms`}, gets ${expected} ms to report`, () => {
    assert.equal(workerGraceMs(chargePoints, stopMs, graceMs), expected);
  });
}
