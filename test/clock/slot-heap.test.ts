import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlotHeap } from '../../src/clock/slot-heap.js';
import { TimerWheel } from '../../src/clock/timer-wheel.js';
import { sfc32 } from '../../src/random/sfc32.js';

// The timer wheel's min-heap of bucket numbers: always yields the smallest, whatever the order in.

const cases: Array<{ name: string; input: number[] }> = [
  { name: 'empty', input: [] },
  { name: 'one', input: [7] },
  { name: 'ascending', input: [1, 2, 3, 4, 5, 6] },
  { name: 'descending', input: [6, 5, 4, 3, 2, 1] },
  { name: 'duplicates', input: [3, 1, 3, 2, 1, 3] },
  { name: 'large slot numbers', input: [172_800_123, 172_800_001, 172_800_050] },
];

for (const { name, input } of cases) {
  test(`slot heap pops in ascending order: ${name}`, () => {
    const heap = new SlotHeap();
    for (const value of input) heap.push(value);
    assert.equal(heap.size, input.length);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop() as number);
    assert.deepEqual(out, [...input].sort((a, b) => a - b));
    assert.equal(heap.pop(), undefined);
    assert.equal(heap.peek(), undefined);
  });
}

test('slot heap matches a sorted list under 2,000 interleaved random pushes and pops', () => {
  const random = sfc32(42);
  const heap = new SlotHeap();
  const model: number[] = [];
  for (let i = 0; i < 2000; i++) {
    if (model.length > 0 && random() < 0.4) {
      model.sort((a, b) => a - b);
      assert.equal(heap.pop(), model.shift());
    } else {
      const value = Math.floor(random() * 500);
      heap.push(value);
      model.push(value);
    }
    assert.equal(heap.peek(), model.length ? Math.min(...model) : undefined);
  }
});

const firesAtCases: Array<[resolution: number, at: number, expected: number]> = [
  [10, 0, 0],
  [10, 10, 10],
  [10, 10.01, 20],
  [10, 19.99, 20],
  [5, 12, 15],
];

test('the wheel reports when a callback due at a time runs: that time rounded up to its resolution', () => {
  for (const [resolution, at, expected] of firesAtCases) {
    assert.equal(new TimerWheel(resolution).firesAt(at), expected, `${at} at ${resolution} ms`);
  }
});
