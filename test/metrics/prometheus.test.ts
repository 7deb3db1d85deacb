import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketCounts, createHistogram, recordMs } from '../../src/metrics/histogram.js';
import { Counter, Histogram, LabeledGauge, Registry, ROUND_TRIP_BUCKETS } from '../../src/metrics/prometheus.js';

test('bucketCounts puts each value in the first bucket whose bound it does not exceed, with sum and count', () => {
  const cases: Array<{ values: number[]; bounds: number[]; counts: number[]; sumMs: number }> = [
    { values: [], bounds: [1, 10], counts: [0, 0, 0], sumMs: 0 },
    { values: [0.5, 1, 1.001, 9.999, 10, 11], bounds: [1, 10], counts: [2, 3, 1], sumMs: 33.5 },
    { values: [0.001, 0.002, 0.003], bounds: [0.001, 0.002], counts: [1, 1, 1], sumMs: 0.006 },
    { values: [2000, 70_000], bounds: [1000, 60_000], counts: [0, 1, 1], sumMs: 72_000 },
  ];
  for (const { values, bounds, counts, sumMs } of cases) {
    const h = createHistogram();
    for (const v of values) recordMs(h, v);
    const got = bucketCounts(h, bounds);
    assert.deepEqual(got.counts, counts, `${values.join(',')} into ${bounds.join(',')}`);
    assert.equal(got.count, values.length);
    // Above 2.048 ms the HdrHistogram keeps 3 significant digits: the sum is that close.
    assert.ok(Math.abs(got.sumMs - sumMs) <= sumMs * 0.001 + 1e-9, `sum ${got.sumMs} ≈ ${sumMs}`);
  }
});

test('counters, labelled gauges and histograms set from figures kept elsewhere render like observed ones', () => {
  const registry = new Registry();
  registry.add(new Counter('c_total', 'c', ['kind'])).set(['a'], 7);
  const g = registry.add(new LabeledGauge('g', 'g', ['state']));
  g.set(['idle'], 3);
  g.set(['idle'], 2);
  const h = registry.add(new Histogram('h_seconds', 'h', [0.1, 1], ['action']));
  h.set(['Heartbeat'], { counts: [1, 2, 1], sum: 4.05, count: 4 });
  assert.equal(registry.render(), [
    '# HELP c_total c', '# TYPE c_total counter', 'c_total{kind="a"} 7',
    '# HELP g g', '# TYPE g gauge', 'g{state="idle"} 2',
    '# HELP h_seconds h', '# TYPE h_seconds histogram',
    'h_seconds_bucket{action="Heartbeat",le="0.1"} 1', 'h_seconds_bucket{action="Heartbeat",le="1"} 3', 'h_seconds_bucket{action="Heartbeat",le="+Inf"} 4',
    'h_seconds_sum{action="Heartbeat"} 4.05', 'h_seconds_count{action="Heartbeat"} 4', '',
  ].join('\n'));
  assert.throws(() => h.set(['x'], { counts: [1], sum: 0, count: 1 }), /h_seconds: 1 bucket counts for 2 bounds/);
});

test('the round-trip buckets ascend from 1 ms to 60 s', () => {
  assert.deepEqual([ROUND_TRIP_BUCKETS[0], ROUND_TRIP_BUCKETS.at(-1)], [0.001, 60]);
  assert.ok(ROUND_TRIP_BUCKETS.every((b, i) => i === 0 || b > (ROUND_TRIP_BUCKETS[i - 1] as number)));
});
