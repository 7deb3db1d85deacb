import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, percentileInterval, recordMs } from '../../src/metrics/histogram.js';
import { evaluateRegression, formatChange, parseRegressionBound } from '../../src/metrics/regression.js';
import type { ThresholdData } from '../../src/metrics/threshold-data.js';

function data(latencies: number[], errors: { count: number; rate: number }): ThresholdData {
  const h = createHistogram();
  for (const ms of latencies) recordMs(h, ms);
  return { histogram: (metric) => (metric === 'latency' && h.totalCount > 0 ? h : undefined), counter: (metric) => (metric === 'errors' ? errors : undefined) };
}

const BASE = data([10, 10, 10, 10, 20], { count: 1, rate: 0.01 });
const NEW = data([10, 10, 10, 10, 29], { count: 3, rate: 0.03 });
const EMPTY = data([], { count: 0, rate: 0 });

test('bounds parse as threshold, operator and signed change, relative with % or in the metric\'s unit', () => {
  const cases: Array<[string, { metric: string; aggregation: string; operator: string; value: number; relative: boolean; percentile?: number }]> = [
    ['p(99)<+10%', { metric: 'latency', aggregation: 'p', percentile: 99, operator: '<', value: 0.1, relative: true }],
    ['Heartbeat:p(95) <= +20ms', { metric: 'Heartbeat', aggregation: 'p', percentile: 95, operator: '<=', value: 20, relative: false }],
    ['avg<+1s', { metric: 'latency', aggregation: 'avg', operator: '<', value: 1000, relative: false }],
    ['errors:rate<+0.5%', { metric: 'errors', aggregation: 'rate', operator: '<', value: 0.005, relative: true }],
    ['booted:count>-5', { metric: 'booted', aggregation: 'count', operator: '>', value: -5, relative: false }],
  ];
  for (const [expression, expected] of cases) {
    const bound = parseRegressionBound(expression);
    const { metric, aggregation, operator, value, percentile } = bound.threshold;
    assert.deepEqual({ metric, aggregation, operator, value, relative: bound.relative, ...(percentile !== undefined ? { percentile } : {}) }, expected, expression);
  }
});

test('bad bounds say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['p(99)<10%', /needs a sign, as in p\(99\)<\+10%/],
    ['p(99)+10%', /expected an operator/],
    ['p99<+10%', /write the percentile as p\(99\)/],
    ['p(99)<+10parsecs', /unknown time unit 'parsecs'/],
  ];
  for (const [expression, reason] of cases) assert.throws(() => parseRegressionBound(expression), (error: Error & { reason?: string }) => reason.test(error.reason ?? ''), expression);
});

test('bounds are judged on the change from BASE to NEW', () => {
  const cases: Array<[string, ThresholdData, ThresholdData, boolean, string]> = [
    ['p(99)<+50%', BASE, NEW, true, 'p(99) of latency 20ms → 29ms (+45%), limit < +50%'],
    ['p(99)<+40%', BASE, NEW, false, 'p(99) of latency 20ms → 29ms (+45%), limit < +40%'],
    ['p(99)<+10ms', BASE, NEW, true, 'p(99) of latency 20ms → 29ms (+9ms), limit < +10ms'],
    ['p(50)<=+0%', BASE, NEW, true, 'p(50) of latency 10.007ms → 10.007ms (0%), limit <= 0%'],
    ['errors:rate<+100%', BASE, NEW, false, 'rate of errors 1% → 3% (+200%), limit < +100%'],
    ['p(99)<+10%', EMPTY, NEW, false, 'p(99) of latency has no data in BASE, limit < +10%'],
  ];
  for (const [expression, base, current, passed, message] of cases) {
    const result = evaluateRegression(parseRegressionBound(expression), base, current);
    assert.deepEqual([result.passed, result.message], [passed, message], expression);
  }
});

test('changes read to 3 significant digits, with a sign', () => {
  assert.deepEqual([0.0921, -0.0031, 2.66, 0, Infinity].map(formatChange), ['+9.21%', '-0.31%', '+266%', '0%', '+∞%']);
});

test('the confidence interval of a percentile narrows as samples grow and holds the percentile', () => {
  const widths: number[] = [];
  for (const n of [100, 10_000]) {
    const h = createHistogram();
    for (let i = 1; i <= n; i++) recordMs(h, (i / n) * 100);
    const interval = percentileInterval(h, 99);
    assert.ok(interval && interval.low <= 99.1 && interval.high >= 98.9, JSON.stringify(interval));
    widths.push((interval?.high ?? 0) - (interval?.low ?? 0));
  }
  assert.ok((widths[1] as number) < (widths[0] as number) / 5, JSON.stringify(widths));
  assert.equal(percentileInterval(createHistogram(), 99), undefined);
});

test('a rank beyond the sample leaves that side of the interval open, so a tail percentile of few samples has no upper bound', () => {
  const uniform = (n: number) => {
    const h = createHistogram();
    for (let i = 1; i <= n; i++) recordMs(h, i);
    return h;
  };
  // [n, percentile, upper bound finite, lower bound above 0]: p99 needs 563 samples, p50 8.
  const cases: Array<[number, number, boolean, boolean]> = [
    [20, 99, false, true], [20, 95, false, true], [20, 50, true, true], [5, 50, false, false],
    [562, 99, false, true], [563, 99, true, true], [10_000, 99, true, true],
  ];
  for (const [n, percentile, boundedAbove, boundedBelow] of cases) {
    const interval = percentileInterval(uniform(n), percentile);
    assert.ok(interval, `${n} p${percentile}`);
    assert.equal(Number.isFinite(interval.high), boundedAbove, `${n} p${percentile} high ${interval.high}`);
    assert.equal(interval.low > 0, boundedBelow, `${n} p${percentile} low ${interval.low}`);
    assert.ok(interval.low <= n * percentile / 100 + 1 && interval.high >= n * percentile / 100 - 1, `${n} p${percentile} ${JSON.stringify(interval)}`);
  }
});
