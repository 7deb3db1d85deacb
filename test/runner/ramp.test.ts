import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueCount, rampDurationMs, rampOffsetMs } from '../../src/runner/ramp.js';

// The ramp is a schedule computed up front: pure functions, pinned by tables.

const OFFSETS: Array<[index: number, ratePerSec: number, ms: number]> = [
  [0, 10, 0],
  [1, 10, 100],
  [5, 10, 500],
  [10, 1, 10_000],
  [3, 1000, 3],
  [1, 4, 250],
  [7, 0, 0], // rate 0: everyone at once
  [1_000_000, 0, 0],
];

for (const [index, rate, ms] of OFFSETS) {
  test(`charge point #${index} starts ${ms} ms into a ramp of ${rate}/s`, () => {
    assert.equal(rampOffsetMs(index, rate), ms);
  });
}

const DURATIONS: Array<[count: number, ratePerSec: number, ms: number]> = [
  [0, 10, 0],
  [1, 10, 0], // one charge point starts at once
  [2, 10, 100],
  [11, 10, 1000],
  [1000, 100, 9990],
  [10_000, 0, 0],
];

for (const [count, rate, ms] of DURATIONS) {
  test(`a ramp of ${count} charge points at ${rate}/s takes ${ms} ms`, () => {
    assert.equal(rampDurationMs(count, rate), ms);
  });
}

const DUE: Array<[elapsedMs: number, count: number, ratePerSec: number, due: number]> = [
  [0, 10, 10, 1], // the first starts at once
  [-50, 10, 10, 1], // a clock read before the start counts as the start
  [99, 10, 10, 1],
  [100, 10, 10, 2],
  [450, 10, 10, 5],
  [900, 10, 10, 10],
  [60_000, 10, 10, 10], // never more than the count
  [0, 10, 0, 10], // rate 0: all due at once
  [0, 0, 10, 0],
  [1, 5000, 1000, 2],
  [2500, 100, 2, 6],
];

for (const [elapsed, count, rate, due] of DUE) {
  test(`${due} of ${count} charge points are due ${elapsed} ms into a ramp of ${rate}/s`, () => {
    assert.equal(dueCount(elapsed, count, rate), due);
  });
}

test('every charge point is due exactly at its own start offset, whatever the rate', () => {
  const wrong: string[] = [];
  for (const rate of [1, 3, 7, 10, 13, 49, 100, 333, 1000]) {
    for (let index = 0; index < 200; index++) {
      const due = dueCount(rampOffsetMs(index, rate), 200, rate);
      if (due !== index + 1) wrong.push(`rate ${rate}/s, #${index} at ${rampOffsetMs(index, rate)} ms: dueCount ${due}`);
    }
  }
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} offsets where dueCount disagrees with rampOffsetMs`);
});

test('the last charge point is due exactly when the ramp duration has elapsed', () => {
  for (const [count, rate] of [[1, 10], [2, 10], [11, 10], [1000, 100], [37, 3]] as const) {
    assert.equal(dueCount(rampDurationMs(count, rate), count, rate), count, `${count} at ${rate}/s`);
    if (count > 1) assert.equal(dueCount(rampDurationMs(count, rate) - 1, count, rate), count - 1, `${count} at ${rate}/s, 1 ms early`);
  }
});
