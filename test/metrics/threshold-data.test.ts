import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, encodeHistogram, recordMs } from '../../src/metrics/histogram.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { thresholdDataFrom, type ThresholdData, type ThresholdSource } from '../../src/metrics/threshold-data.js';
import { evaluateThresholds, parseThresholds } from '../../src/metrics/thresholds.js';
import type { RunResult } from '../../src/runner/run.js';

// A RunResult is a ThresholdSource: metrics/ cannot import runner/, so the source is structural.
const fromRunResult: (result: RunResult) => ThresholdData = thresholdDataFrom;
void fromRunResult;

/**
 * A run of 4 charge points over 9 s, recorded through the real Recorder: 3 connect (one of them
 * reconnects once), 2 attempts fail, 1 gave up and never booted (failed); 8 CALLs sent, one
 * late answer after the timeout, 2 CALLs of the central system answered.
 */
function sampleRun(encode = true): ThresholdSource {
  const r = new Recorder();
  for (let i = 0; i < 3; i++) r.connected(5, false);
  r.connected(8, true);
  r.connectFailed('ECONNREFUSED');
  r.connectFailed('ECONNREFUSED');
  r.disconnected(1006);
  for (const ms of [10, 20, 30]) {
    r.callSent('BootNotification');
    r.callSettled('BootNotification', 'result', ms);
    r.bootAnswered('Accepted', 50);
  }
  r.callSent('Heartbeat', 0);
  r.callSettled('Heartbeat', 'result', 5, undefined, 5);
  r.callSent('Heartbeat', 10);
  r.callSettled('Heartbeat', 'result', 6, undefined, 16);
  r.callSent('Heartbeat', 120);
  r.callSettled('Heartbeat', 'timeout', 30_000);
  r.badFrame('late answer to message id "x"', 'late-answer');
  r.callSent('StatusNotification');
  r.callSettled('StatusNotification', 'error', 40, 'NotImplemented');
  r.callSent('StatusNotification');
  r.callSettled('StatusNotification', 'invalid', 41);
  r.callReceived('Reset');
  r.callAnswered('Reset', 2);
  r.callReceived('GetConfiguration');
  r.callAnswered('GetConfiguration', 1, 'NotSupported');
  r.stepChecked('a.yaml:3 expect', 'CP-001');
  r.stepChecked('a.yaml:3 expect', 'CP-002');
  r.stepChecked('a.yaml:7 expect', 'CP-003', 'status was Rejected');
  return { elapsedMs: 9000, fleet: { count: 4, started: 4, everConnected: 3, everBooted: 3, localFailures: 0, states: { 'gave-up': 1 }, metrics: r.snapshot(encode) } };
}

// errors, each failed operation once: callerror, timeout, invalid answer, 2 connect = 5 over
// 8 CALLs sent + 6 connection attempts (the late answer, the failed check and the CALLERROR the
// fleet sent are not operations that failed); messages: 8 + 2 sent, 7 + 2 received in 9 s.
const COUNTERS: Array<[string, { count: number; rate: number }]> = [
  ['errors', { count: 5, rate: 5 / 14 }],
  ['timeouts', { count: 1, rate: 1 / 8 }],
  ['callerrors', { count: 1, rate: 1 / 8 }],
  ['invalid_answers', { count: 1, rate: 1 / 8 }],
  ['answered', { count: 7, rate: 7 / 8 }],
  ['unanswered', { count: 0, rate: 0 }],
  ['local_failures', { count: 0, rate: 0 }],
  ['gave_up', { count: 1, rate: 0.25 }],
  ['booted', { count: 3, rate: 0.75 }],
  ['connected', { count: 3, rate: 0.75 }],
  ['failed', { count: 1, rate: 0.25 }],
  ['reconnects', { count: 1, rate: 0.25 }],
  ['disconnects', { count: 1, rate: 0.25 }],
  ['connect_failures', { count: 2, rate: 0.5 }],
  ['delayed', { count: 1, rate: 1 / 3 }],
  ['expectations', { count: 1, rate: 1 / 3 }],
  ['messages', { count: 19, rate: 19 / 9 }],
];

for (const [metric, expected] of COUNTERS) {
  test(`counter '${metric}' of the sample run is ${expected.count}, rate ${expected.rate}`, () => {
    assert.deepEqual(thresholdDataFrom(sampleRun()).counter(metric), expected);
  });
}

test('CALLs sent by the fleet exclude its answers to the central system: 1 timeout in 8 CALLs', () => {
  assert.equal(thresholdDataFrom(sampleRun()).counter('timeouts')?.rate, 0.125);
});

const HISTOGRAM_COUNTS: Array<[string, number | undefined]> = [
  ['latency', 7],
  ['latency.corrected', 2],
  ['BootNotification', 3],
  ['Heartbeat', 2],
  ['Heartbeat.corrected', 2],
  ['StatusNotification', 2],
  ['StatusNotification.corrected', undefined],
  ['Authorize', undefined],
  ['connect', 4],
  ['boot', 3],
  ['answer', 2],
  ['unknown', undefined],
];

for (const [metric, count] of HISTOGRAM_COUNTS) {
  test(`histogram '${metric}' of the sample run ${count === undefined ? 'has no data' : `holds ${count} values`}`, () => {
    assert.equal(thresholdDataFrom(sampleRun()).histogram(metric)?.totalCount, count);
  });
}

test('histograms are decoded once and cached', () => {
  const data = thresholdDataFrom(sampleRun());
  assert.equal(data.histogram('latency'), data.histogram('latency'));
  assert.equal(data.histogram('BootNotification'), data.histogram('BootNotification'));
});

test('without encoded histograms no time metric has data, but counters do', () => {
  const data = thresholdDataFrom(sampleRun(false));
  assert.equal(data.histogram('latency'), undefined);
  assert.equal(data.histogram('connect'), undefined);
  assert.equal(data.counter('errors')?.count, 5);
});

test('latency merges every action exactly; empty histograms have no data', () => {
  const encoded = (values: number[]): string => {
    const histogram = createHistogram();
    for (const ms of values) recordMs(histogram, ms);
    return encodeHistogram(histogram);
  };
  const metrics = {
    ...new Recorder().snapshot(false),
    histograms: { latency: { A: encoded([1, 2]), B: encoded([1.5]) }, latencyCorrected: {}, connect: encoded([]), boot: encoded([]), answer: encoded([0.5]), answerByAction: {}, latencyScheduled: {}, backlogAge: {} },
  };
  const data = thresholdDataFrom({ elapsedMs: 1000, fleet: { count: 1, started: 1, everConnected: 1, everBooted: 1, localFailures: 0, states: { 'gave-up': 0 }, metrics } });
  const latency = data.histogram('latency');
  assert.equal(latency?.totalCount, 3);
  assert.equal(latency?.maxValue, 2000, 'values under 2.048 ms are exact, in µs');
  assert.equal(latency?.minNonZeroValue, 1000);
  assert.equal(data.histogram('latency.corrected'), undefined);
  assert.equal(data.histogram('connect'), undefined);
  assert.equal(data.histogram('answer')?.totalCount, 1);
});

// Counters whose rate divides by 0 have no data; booted still has its charge points.
const EMPTY: Array<[string, { count: number; rate: number } | undefined]> = [
  ['errors', undefined],
  ['timeouts', undefined],
  ['callerrors', undefined],
  ['delayed', undefined],
  ['expectations', undefined],
  ['messages', undefined],
  ['booted', { count: 0, rate: 0 }],
  ['reconnects', { count: 0, rate: 0 }],
  ['nonsense', undefined],
];

for (const [metric, expected] of EMPTY) {
  test(`before anything happened, counter '${metric}' is ${JSON.stringify(expected)}`, () => {
    const source = { elapsedMs: 0, fleet: { count: 2, started: 0, everConnected: 0, everBooted: 0, localFailures: 0, states: { 'gave-up': 0 }, metrics: new Recorder().snapshot() } };
    assert.deepEqual(thresholdDataFrom(source).counter(metric), expected);
  });
}

test('thresholds over the sample run pass and fail as its figures say', () => {
  const thresholds = parseThresholds([
    'BootNotification:max<31ms', 'Heartbeat.corrected:max>=16ms', 'latency:count==7', 'timeouts:rate<=12.5%',
    'errors:rate<50%', 'booted:count>=4', 'messages:rate<2.2', 'Authorize:p(99)<1s', 'boot:med>=50ms',
  ]);
  const results = evaluateThresholds(thresholds, thresholdDataFrom(sampleRun()));
  assert.deepEqual(results.map((r) => [r.expression, r.passed]), [
    ['BootNotification:max<31ms', true], ['Heartbeat.corrected:max>=16ms', true], ['latency:count==7', true],
    ['timeouts:rate<=12.5%', true], ['errors:rate<50%', true], ['booted:count>=4', false], ['messages:rate<2.2', true],
    ['Authorize:p(99)<1s', false], ['boot:med>=50ms', true],
  ]);
  assert.equal(results[4]?.message, 'rate of errors is 35.71%, limit < 50%');
  assert.equal(results[7]?.message, 'p(99) of Authorize has no data (nothing recorded), limit < 1s');
  assert.equal(results[8]?.message, 'med of boot is 50.015ms, limit >= 50ms', 'decoded figures are bucket edges, within 0.1 %');
});
