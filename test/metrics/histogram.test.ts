import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, decodeHistogram, encodeHistogram, mergeEncoded, percentiles, recordMs } from '../../src/metrics/histogram.js';

// The one module that wraps hdr-histogram-js: 3 significant digits, so a figure may differ
// from the exact one by at most 0.1 %.

const near = (actual: number, expected: number, what: string): void => {
  assert.ok(Math.abs(actual - expected) <= expected * 0.001 + 0.001, `${what}: ${actual} is not within 0.1 % of ${expected}`);
};

function histogramOf(values: readonly number[]) {
  const histogram = createHistogram();
  for (const ms of values) recordMs(histogram, ms);
  return histogram;
}

test('percentiles of 1 to 100 ms are the values at those ranks, within 0.1 %', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  const p = percentiles(histogramOf(values));
  assert.equal(p.count, 100);
  near(p.min, 1, 'min');
  near(p.mean, 50.5, 'mean');
  near(p.p50, 50, 'p50');
  near(p.p90, 90, 'p90');
  near(p.p95, 95, 'p95');
  near(p.p99, 99, 'p99');
  assert.equal(p.max, 100, 'max is exact');
});

test('percentiles never exceed the largest value recorded', () => {
  const p = percentiles(histogramOf([1234.567]));
  assert.equal(p.max, 1234.567);
  assert.ok(p.p50 <= p.max && p.p99 <= p.max, JSON.stringify(p));
  near(p.p50, 1234.567, 'p50 of one value');
});

test('a skewed distribution: 990 fast answers and 10 slow ones put p99 at the fast edge and max at the slow one', () => {
  const values = [...Array.from({ length: 990 }, () => 5), ...Array.from({ length: 10 }, () => 2000)];
  const p = percentiles(histogramOf(values));
  near(p.p50, 5, 'p50');
  near(p.p99, 5, 'p99');
  assert.equal(p.max, 2000);
  near(p.mean, (990 * 5 + 10 * 2000) / 1000, 'mean');
});

test('an empty histogram gives zeros everywhere', () => {
  assert.deepEqual(percentiles(createHistogram()), { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
});

test('durations outside the trackable range are clamped, not lost: 0 ms counts as 1 µs, 2 hours as 1 hour', () => {
  const p = percentiles(histogramOf([0, -5, 7_200_000]));
  assert.equal(p.count, 3);
  assert.equal(p.min, 0.001);
  near(p.max, 3_600_000, 'max');
});

test('merging two encoded histograms gives exactly the encoding of one histogram of all their values', () => {
  const a = Array.from({ length: 500 }, (_, i) => 0.5 + (i * 7.3) % 120);
  const b = Array.from({ length: 300 }, (_, i) => 40 + (i * 13.1) % 3000);
  const mergedText = mergeEncoded([encodeHistogram(histogramOf(a)), encodeHistogram(histogramOf(b))]);
  const allText = encodeHistogram(histogramOf([...a, ...b]));
  const merged = decodeHistogram(mergedText);
  const all = decodeHistogram(allText);
  assert.deepEqual(percentiles(merged), percentiles(all));
  assert.equal(merged.totalCount, 800);
  for (let pct = 0; pct <= 100; pct += 0.5) {
    assert.equal(merged.getValueAtPercentile(pct), all.getValueAtPercentile(pct), `value at ${pct} %`);
  }
  assert.equal(mergedText, allText, 'the encodings are identical');
});

test('merging is order-independent, and merging nothing gives an empty histogram', () => {
  const x = encodeHistogram(histogramOf([1, 2, 3]));
  const y = encodeHistogram(histogramOf([400, 500]));
  assert.deepEqual(percentiles(decodeHistogram(mergeEncoded([x, y]))), percentiles(decodeHistogram(mergeEncoded([y, x]))));
  assert.deepEqual(percentiles(decodeHistogram(mergeEncoded([]))), percentiles(createHistogram()));
});

test('an encoded histogram decodes to the same counts, and figures within 0.1 % (the encoding keeps buckets, not exact values)', () => {
  const h = histogramOf([0.25, 3, 3, 17.5, 980]);
  const original = percentiles(h);
  const decoded = percentiles(decodeHistogram(encodeHistogram(h)));
  assert.equal(decoded.count, original.count);
  for (const key of ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const) near(decoded[key], original[key], key);
  assert.equal(encodeHistogram(decodeHistogram(encodeHistogram(h))), encodeHistogram(h), 're-encoding a decoded histogram changes nothing');
});
