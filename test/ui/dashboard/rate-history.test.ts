import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rateOver, rateSeries, SampleRing, type RateSample } from '../../../src/ui/dashboard/rate-history.js';

const at = (atMs: number, sent: number, received = 0, connects = 0): RateSample => ({ atMs, sent, received, connects });

test('the ring keeps the newest samples up to its capacity, oldest first', () => {
  const ring = new SampleRing(3);
  assert.deepEqual(ring.toArray(), []);
  for (let i = 1; i <= 5; i++) ring.push(at(i, i));
  assert.deepEqual(ring.toArray().map((s) => s.atMs), [3, 4, 5]);
  assert.throws(() => new SampleRing(1), RangeError);
});

test('the rate now is measured over the last second back from the newest sample', () => {
  const steady = [0, 250, 500, 750, 1000, 1250].map((t) => at(t, t)); // 1 message per ms
  const cases: Array<[string, RateSample[], number]> = [
    ['no samples', [], 0],
    ['one sample', [at(0, 50)], 0],
    ['two samples 250 ms apart', [at(0, 0), at(250, 100)], 400],
    ['a steady 1000/s', steady, 1000],
    ['a burst older than a second is left out', [at(0, 0), at(100, 5000), at(1100, 5000), at(2100, 5100)], 100],
    ['totals that went down count as zero', [at(0, 10), at(1000, 5)], 0],
  ];
  for (const [name, samples, rate] of cases) assert.equal(rateOver(samples, 'sent'), rate, name);
});

test('several totals can be picked together: messages out plus in', () => {
  assert.equal(rateOver([at(0, 0, 0), at(1000, 300, 200)], ['sent', 'received']), 500);
  assert.equal(rateOver([at(0, 0, 0, 0), at(2000, 0, 0, 10)], 'connects'), 5);
});

test('the series gives one rate per slice, undefined for slices before the first sample', () => {
  // 100/s for 3 s, then 300/s for 1 s.
  const samples = [at(0, 0), at(1000, 100), at(2000, 200), at(3000, 300), at(4000, 600)];
  assert.deepEqual(rateSeries(samples, 'sent', 4000, 4), [100, 100, 100, 300]);
  assert.deepEqual(rateSeries(samples, 'sent', 6000, 6), [undefined, undefined, 100, 100, 100, 300]);
  // Slices finer than the samples are interpolated.
  assert.deepEqual(rateSeries(samples, 'sent', 2000, 4), [100, 100, 300, 300]);
  assert.deepEqual(rateSeries([], 'sent', 60_000, 60), []);
  assert.deepEqual(rateSeries(samples, 'sent', 60_000, 0), []);
});
