import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, decodeHistogram, encodeHistogram, recordMs, type Histogram } from '../../src/metrics/histogram.js';
import type { ThresholdData } from '../../src/metrics/threshold-data.js';
import type { Threshold } from '../../src/metrics/threshold-types.js';
import {
  canStillPass, evaluateThresholds, finalFailures, formatThresholdValue, parseThreshold, parseThresholds, THRESHOLD_GRAMMAR, ThresholdSyntaxError,
  unknownActionProblems,
} from '../../src/metrics/thresholds.js';

const VALID: Array<[string, Omit<Threshold, 'expression'>]> = [
  ['p(99)<500ms', { metric: 'latency', aggregation: 'p', percentile: 99, operator: '<', value: 500 }],
  ['p(99)<500', { metric: 'latency', aggregation: 'p', percentile: 99, operator: '<', value: 500 }],
  ['BootNotification:p(95)<=200ms', { metric: 'BootNotification', aggregation: 'p', percentile: 95, operator: '<=', value: 200 }],
  ['connect:max<2s', { metric: 'connect', aggregation: 'max', operator: '<', value: 2000 }],
  ['errors:rate<0.01', { metric: 'errors', aggregation: 'rate', operator: '<', value: 0.01 }],
  ['errors:rate<1%', { metric: 'errors', aggregation: 'rate', operator: '<', value: 0.01 }],
  ['booted:count>=1000', { metric: 'booted', aggregation: 'count', operator: '>=', value: 1000 }],
  ['timeouts:count==0', { metric: 'timeouts', aggregation: 'count', operator: '==', value: 0 }],
  ['Heartbeat.corrected:p(99)<1s', { metric: 'Heartbeat.corrected', aggregation: 'p', percentile: 99, operator: '<', value: 1000 }],
  ['p(99.9) < 1.5s', { metric: 'latency', aggregation: 'p', percentile: 99.9, operator: '<', value: 1500 }],
  ['  latency.corrected : p ( 100 ) != 1.1 s ', { metric: 'latency.corrected', aggregation: 'p', percentile: 100, operator: '!=', value: 1100 }],
  ['med>250us', { metric: 'latency', aggregation: 'med', operator: '>', value: 0.25 }],
  ['answer:avg<=0.5m', { metric: 'answer', aggregation: 'avg', operator: '<=', value: 30_000 }],
  ['boot:min>=.5s', { metric: 'boot', aggregation: 'min', operator: '>=', value: 500 }],
  ['StartTransaction:count>10', { metric: 'StartTransaction', aggregation: 'count', operator: '>', value: 10 }],
  ['count==0', { metric: 'latency', aggregation: 'count', operator: '==', value: 0 }],
  ['messages:rate>=1200.5', { metric: 'messages', aggregation: 'rate', operator: '>=', value: 1200.5 }],
  ['connect_failures:rate<=0.5%', { metric: 'connect_failures', aggregation: 'rate', operator: '<=', value: 0.005 }],
  ['expectations:count!=3', { metric: 'expectations', aggregation: 'count', operator: '!=', value: 3 }],
  ['reconnects:rate<250%', { metric: 'reconnects', aggregation: 'rate', operator: '<', value: 2.5 }],
  ['errors:rate<=100%', { metric: 'errors', aggregation: 'rate', operator: '<=', value: 1 }],
];

for (const [expression, expected] of VALID) {
  test(`'${expression}' parses into ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(parseThreshold(expression), { expression: expression.trim(), ...expected });
  });
}

const INVALID: Array<[string, string]> = [
  ['p(99)<<5ms', "invalid threshold 'p(99)<<5ms': expected an operator (<, <=, >, >=, ==, !=) after p(99), found '<<'"],
  ['p(99)=5ms', "found '=' (use == to test equality)"],
  ['p(99)', 'expected an operator (<, <=, >, >=, ==, !=) after p(99), but the expression ends'],
  ['', 'the expression is empty'],
  ['p(99)<', "missing value after '<'"],
  ['p(99)<ms', "expected a number after '<', found 'ms'"],
  ['p(99)<-5ms', "expected a number after '<', found '-5ms'"],
  ['p(99)<500ms garbage', "unexpected 'garbage' after 500ms"],
  ['p(99)<500ms)', "unexpected ')' after 500ms"],
  ['p(99)<500ms,p(95)<200', "unexpected ',p(95)<200' after 500ms"],
  ['foo:p(99)<1s', "unknown metric 'foo': time metrics are latency, latency.corrected, connect, boot, answer, <Action> and <Action>.corrected; counters are errors,"],
  ['Heartbeat.slow:p(99)<1s', "unknown metric 'Heartbeat.slow'"],
  [':p(99)<1s', "missing metric before ':'"],
  ['BootNotification p(99)<1s', "expected ':' after the metric BootNotification, as in BootNotification:p(99)<500ms"],
  ['errors<5', "expected ':' after the metric errors, as in errors:count<10"],
  ['booted:p(99)<1ms', 'booted is a counter: it takes count or rate, not p(N)'],
  ['timeouts:avg<1', 'timeouts is a counter: it takes count or rate, not avg'],
  ['latency:rate<1', 'latency is a time metric: it takes p(N), avg, min, max, med or count, not rate'],
  ['latency:mean<1', "unknown aggregation 'mean': latency takes p(N), avg, min, max, med or count"],
  ['errors:', 'expected an aggregation (count or rate) for errors, but the expression ends'],
  ['<500ms', "expected an aggregation (p(N), avg, min, max, med or count) for latency, found '<500ms'"],
  ['p99<500ms', 'write the percentile as p(99), not p99'],
  ['p<500ms', "expected '(' after p, as in p(99), found '<500ms'"],
  ['p()<500ms', "expected a percentile in p(…), as in p(99) or p(99.9), found ')<500ms'"],
  ['p(0)<500ms', 'percentile 0 is out of range: p(N) needs 0 < N <= 100'],
  ['p(100.1)<500ms', 'percentile 100.1 is out of range'],
  ['p(99<500ms', "expected ')' after p(99, found '<500ms'"],
  ['booted:count>=1000ms', 'count takes a plain number, without a unit: 1000ms'],
  ['latency:count<5s', 'count takes a plain number, without a unit: 5s'],
  ['errors:rate<1ms', 'a rate takes a fraction (0.01) or a percentage (1%), not a unit: 1ms'],
  ['messages:rate>10%', 'messages:rate is messages per second: a plain number, without a unit: 10%'],
  ['p(99)<5%', 'a time takes a unit (us, ms, s or m; none means ms), not %: 5%'],
  ['p(99)<5h', "unknown time unit 'h' in 5h: use us, ms, s or m (none means ms)"],
  ['errors:rate<150%', 'errors:rate is a share of CALLs sent and connection attempts, from 0% to 100%: a limit of 150% can never mean anything'],
  ['booted:rate>=1.5', 'booted:rate is a share of charge points, from 0% to 100%'],
  ['erors:rate<1%', "unknown metric 'erors' (did you mean errors?)"],
  ['timeout:count==0', "unknown metric 'timeout' (did you mean timeouts?)"],
];

for (const [expression, fragment] of INVALID) {
  test(`'${expression}' is rejected with a message containing "${fragment}"`, () => {
    assert.throws(() => parseThreshold(expression), (error: unknown) => {
      assert.ok(error instanceof ThresholdSyntaxError, String(error));
      assert.equal(error.code, 'E_THRESHOLD_SYNTAX');
      assert.equal(error.expression, expression.trim());
      assert.ok(error.message.includes(fragment), `message: ${error.message}`);
      assert.ok(error.message.endsWith(THRESHOLD_GRAMMAR), 'the message shows the grammar');
      return true;
    });
  });
}

test('parseThresholds returns every threshold when all are valid, in order', () => {
  assert.deepEqual(parseThresholds(['p(99)<500ms', 'errors:rate<1%']).map((t) => t.expression), ['p(99)<500ms', 'errors:rate<1%']);
  assert.deepEqual(parseThresholds([]), []);
});

test('parseThresholds reports every invalid expression in one error', () => {
  assert.throws(() => parseThresholds(['p(99)<500ms', 'foo:count<1', 'p(99)<<5', 'errors:rate<1%']), (error: unknown) => {
    assert.ok(error instanceof ThresholdSyntaxError);
    assert.equal(error.problems.length, 2);
    assert.equal(error.expression, 'foo:count<1');
    assert.match(error.message, /^2 invalid thresholds:\n {2}- invalid threshold 'foo:count<1': unknown metric 'foo'.*\n {2}- invalid threshold 'p\(99\)<<5': expected an operator/);
    assert.ok(error.message.endsWith(THRESHOLD_GRAMMAR));
    return true;
  });
});

test('parseThresholds with a single invalid expression throws that expression\'s own error', () => {
  assert.throws(() => parseThresholds(['p(99)<500ms', 'p(99)<']), { message: `invalid threshold 'p(99)<': missing value after '<'\n${THRESHOLD_GRAMMAR}` });
});

/** Histograms go through encode/decode, as the real results do. */
function recorded(values: readonly number[]): Histogram {
  const histogram = createHistogram();
  for (const ms of values) recordMs(histogram, ms);
  return decodeHistogram(encodeHistogram(histogram));
}

const HISTOGRAMS: Record<string, Histogram> = {
  latency: recorded(Array.from({ length: 1000 }, (_, i) => i + 1)),
  BootNotification: recorded([1.5]),
  connect: recorded([0.25, 0.5, 0.75, 1]),
  'Heartbeat.corrected': recorded([100, 200, 300]),
  StatusNotification: createHistogram(),
};

const COUNTERS: Record<string, { count: number; rate: number }> = {
  errors: { count: 3, rate: 0.015 },
  timeouts: { count: 0, rate: 0 },
  booted: { count: 1000, rate: 1 },
  connected: { count: 990, rate: 0.99 },
  messages: { count: 12_000, rate: 200 },
};

const DATA: ThresholdData = {
  histogram: (metric) => HISTOGRAMS[metric],
  counter: (metric) => COUNTERS[metric],
};

// 1..1000 ms at 3 significant digits: p(99) is 990.207ms, med 500.223ms, avg 500.505ms, max 1000.447ms.
const EVALUATIONS: Array<[string, boolean, number | null, string]> = [
  ['p(99)<500ms', false, 990.207, 'p(99) of latency is 990.207ms, limit < 500ms'],
  ['p(99)<1s', true, 990.207, 'p(99) of latency is 990.207ms, limit < 1s'],
  ['p(99.9)<=1000.5', true, 999.423, 'p(99.9) of latency is 999.423ms, limit <= 1000.5ms'],
  ['med>500ms', true, 500.223, 'med of latency is 500.223ms, limit > 500ms'],
  ['med<500ms', false, 500.223, 'med of latency is 500.223ms, limit < 500ms'],
  ['avg>=500.505', true, 500.505, 'avg of latency is 500.505ms, limit >= 500.505ms'],
  ['min==1ms', true, 1, 'min of latency is 1ms, limit == 1ms'],
  ['max<1s', false, 1000.447, 'max of latency is 1000.447ms, limit < 1s'],
  ['max<0.02m', true, 1000.447, 'max of latency is 1000.447ms, limit < 1.2s'],
  ['count==1000', true, 1000, 'count of latency is 1000, limit == 1000'],
  ['latency:count!=1000', false, 1000, 'count of latency is 1000, limit != 1000'],
  ['BootNotification:p(95)<=1.5ms', true, 1.5, 'p(95) of BootNotification is 1.5ms, limit <= 1.5ms'],
  ['BootNotification:p(95)<1500us', false, 1.5, 'p(95) of BootNotification is 1.5ms, limit < 1.5ms'],
  ['BootNotification:avg>=0.0025s', false, 1.5, 'avg of BootNotification is 1.5ms, limit >= 2.5ms'],
  ['connect:min==250us', true, 0.25, 'min of connect is 250us, limit == 250us'],
  ['connect:avg<1', true, 0.625, 'avg of connect is 625us, limit < 1ms'],
  ['Heartbeat.corrected:p(99)<1s', true, 300.031, 'p(99) of Heartbeat.corrected is 300.031ms, limit < 1s'],
  ['StatusNotification:p(99)<1s', false, null, 'p(99) of StatusNotification has no data (nothing recorded), limit < 1s'],
  ['Authorize:count>=0', false, null, 'count of Authorize has no data (nothing recorded), limit >= 0'],
  ['latency.corrected:p(99)<1s', false, null, 'p(99) of latency.corrected has no data (nothing recorded; only scheduled actions have corrected latency), limit < 1s'],
  ['errors:rate<1%', false, 0.015, 'rate of errors is 1.5%, limit < 1%'],
  ['errors:rate<0.02', true, 0.015, 'rate of errors is 1.5%, limit < 2%'],
  ['errors:count<=3', true, 3, 'count of errors is 3, limit <= 3'],
  ['errors:count<3', false, 3, 'count of errors is 3, limit < 3'],
  ['timeouts:count==0', true, 0, 'count of timeouts is 0, limit == 0'],
  ['timeouts:rate!=0', false, 0, 'rate of timeouts is 0%, limit != 0%'],
  ['booted:count>=1000', true, 1000, 'count of booted is 1000, limit >= 1000'],
  ['booted:rate==100%', true, 1, 'rate of booted is 100%, limit == 100%'],
  ['connected:rate>=99.5%', false, 0.99, 'rate of connected is 99%, limit >= 99.5%'],
  ['messages:rate>100', true, 200, 'rate of messages is 200/s, limit > 100/s'],
  ['expectations:rate<1%', false, null, 'rate of expectations has no data (0 step checks), limit < 1%'],
  ['delayed:count==0', false, null, 'count of delayed has no data (0 scheduled sends), limit == 0'],
];

for (const [expression, passed, observed, message] of EVALUATIONS) {
  test(`'${expression}' ${passed ? 'passes' : 'fails'}: ${message}`, () => {
    const threshold = parseThreshold(expression);
    const [result] = evaluateThresholds([threshold], DATA);
    assert.deepEqual(result, { expression, metric: threshold.metric, aggregation: threshold.aggregation, passed, observed, message });
  });
}

test('evaluateThresholds judges every threshold, in order, without changing them', () => {
  const thresholds = parseThresholds(['p(99)<1s', 'errors:rate<1%', 'booted:count>=1000']);
  const copy = structuredClone(thresholds);
  assert.deepEqual(evaluateThresholds(thresholds, DATA).map((r) => r.passed), [true, false, true]);
  assert.deepEqual(thresholds, copy);
});

const FORMATS: Array<[Pick<Threshold, 'metric' | 'aggregation'>, number, string]> = [
  [{ metric: 'latency', aggregation: 'p' }, 0, '0ms'],
  [{ metric: 'latency', aggregation: 'p' }, 0.0005, '0.5us'],
  [{ metric: 'latency', aggregation: 'p' }, 0.85, '850us'],
  [{ metric: 'latency', aggregation: 'max' }, 612.3, '612.3ms'],
  [{ metric: 'latency', aggregation: 'avg' }, 999.9994, '999.999ms'],
  [{ metric: 'connect', aggregation: 'max' }, 1500, '1.5s'],
  [{ metric: 'boot', aggregation: 'max' }, 59_999, '59.999s'],
  [{ metric: 'boot', aggregation: 'max' }, 90_000, '1.5m'],
  [{ metric: 'boot', aggregation: 'max' }, 61_000, '61s'],
  [{ metric: 'boot', aggregation: 'max' }, 61_234.567, '61234.567ms'],
  [{ metric: 'latency', aggregation: 'p' }, 1000.5, '1000.5ms'],
  [{ metric: 'errors', aggregation: 'count' }, 12, '12'],
  [{ metric: 'latency', aggregation: 'count' }, 1000, '1000'],
  [{ metric: 'errors', aggregation: 'rate' }, 0.0125, '1.25%'],
  [{ metric: 'errors', aggregation: 'rate' }, 0.0000123, '0.00123%'],
  [{ metric: 'errors', aggregation: 'rate' }, 2 / 3, '66.67%'],
  [{ metric: 'messages', aggregation: 'rate' }, 1234.5678, '1234.6/s'],
  [{ metric: 'messages', aggregation: 'rate' }, 12.34567, '12.35/s'],
  [{ metric: 'messages', aggregation: 'rate' }, 0.0123456, '0.01235/s'],
];

test('an observed value that would read like its limit is shown in full', () => {
  const data: ThresholdData = { histogram: () => recorded([1000.2]), counter: () => ({ count: 1, rate: 0.010004 }) };
  assert.deepEqual(evaluateThresholds(parseThresholds(['max<1s', 'errors:rate<=1%', 'messages:rate<0.01']), data).map((r) => r.message), [
    'max of latency is 1000.447ms, limit < 1s',
    'rate of errors is 1.0004%, limit <= 1%',
    'rate of messages is 0.010004/s, limit < 0.01/s',
  ]);
});

for (const [threshold, value, text] of FORMATS) {
  test(`formatThresholdValue shows ${value} for ${threshold.metric}:${threshold.aggregation} as ${text}`, () => {
    assert.equal(formatThresholdValue(threshold, value), text);
  });
}

// canStillPass(threshold, observed) for a threshold that fails now, mid-run.
const STILL: Array<[string, number | null, boolean]> = [
  ['p(99)<500ms', 600, false],
  ['errors:count<=0', 1, false],
  ['errors:rate<1%', 0.5, false],
  ['timeouts:count==0', 2, false],
  ['booted:count==1000', 10, true],
  ['booted:count>=1000', 10, true],
  ['connected:rate>0.99', 0.5, true],
  ['messages:rate>=100', 20, true],
  ['p(99)!=0', 0, true],
  ['errors:rate==0', 0.1, true],
  ['p(99)<500ms', null, true],
];

for (const [expression, observed, expected] of STILL) {
  test(`'${expression}' failing at ${observed} mid-run ${expected ? 'can still pass' : 'cannot pass anymore'}`, () => {
    assert.equal(canStillPass(parseThreshold(expression), observed), expected);
  });
}

test('finalFailures keeps only the failures that cannot recover, for --abort-on-fail', () => {
  const thresholds = parseThresholds(['p(99)<500ms', 'booted:count>=2000', 'errors:count<10', 'expectations:rate<1%', 'errors:count==0']);
  assert.deepEqual(finalFailures(thresholds, DATA).map((r) => r.expression), ['p(99)<500ms', 'errors:count==0']);
});

test('thresholds on actions the run\'s protocols do not have are refused with the closest action', () => {
  const actions = new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues']);
  const thresholds = parseThresholds(['Bootnotifcation:p(95)<1s', 'Heartbeat.corrected:p(99)<1s', 'Hartbeat.corrected:max<2s', 'ZzzTop:p(50)<1s', 'errors:rate<1%', 'connect:max<1s']);
  assert.deepEqual(unknownActionProblems(thresholds, actions, 'ocpp1.6'), [
    "'Bootnotifcation:p(95)<1s': Bootnotifcation is not an OCPP action of ocpp1.6 (did you mean BootNotification?)",
    "'Hartbeat.corrected:max<2s': Hartbeat is not an OCPP action of ocpp1.6 (did you mean Heartbeat?)",
    "'ZzzTop:p(50)<1s': ZzzTop is not an OCPP action of ocpp1.6",
  ]);
});
