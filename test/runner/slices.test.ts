import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inSlices } from '../../src/runner/slices.js';

// Where the pauses fall is pure: a recording pause instead of the event loop.

const CASES: Array<[items: number, size: number, trace: string]> = [
  [0, 3, ''],
  [1, 3, '0'],
  [3, 3, '012'],
  [4, 3, '012|3'],
  [7, 3, '012|345|6'],
  [6, 1, '0|1|2|3|4|5'],
  [5, 500, '01234'],
];

for (const [count, size, expected] of CASES) {
  test(`${count} items in slices of ${size}: ${expected || '(nothing)'}`, async () => {
    let trace = '';
    await inSlices(Array.from({ length: count }, (_, i) => i), size, (i) => { trace += String(i); }, async () => { trace += '|'; });
    assert.equal(trace, expected);
  });
}

test('a slice size that is not a positive integer is refused', async () => {
  for (const size of [0, -1, 1.5, Number.NaN]) await assert.rejects(inSlices([1], size, () => {}), RangeError);
});

test('between slices, I/O and timers of the event loop run (the default pause)', async () => {
  const seen: string[] = [];
  setTimeout(() => seen.push('timer'), 0);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the timer above is due before the slices start
  const immediate = new Promise<void>((resolve) => setImmediate(() => { seen.push('immediate'); resolve(); }));
  await inSlices([1, 2, 3, 4], 2, (i) => seen.push(`item ${i}`));
  await immediate;
  assert.deepEqual(seen, ['timer', 'item 1', 'item 2', 'immediate', 'item 3', 'item 4']);
});
