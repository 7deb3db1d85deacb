import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHistogram, percentiles } from '../../src/metrics/histogram.js';
import type { ThresholdResult } from '../../src/metrics/threshold-types.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { buildSummaryDocument, SUMMARY_SCHEMA, type SummaryContext } from '../../src/report/summary-document.js';
import { histogramOf, runResult, smallSamples } from './run-results.js';

const passed: ThresholdResult = { expression: 'BootNotification:p(95)<=500ms', metric: 'BootNotification', aggregation: 'p(95)', passed: true, observed: 81.2, message: 'ok' };
const failed: ThresholdResult = { expression: 'errors:rate<0.01', metric: 'errors', aggregation: 'rate', passed: false, observed: 0.05, message: 'rate of errors is 5%, limit < 1%' };

const context = (thresholds: ThresholdResult[] = []): SummaryContext => ({
  config: { url: 'ws://127.0.0.1:9000/ocpp', count: 10, rate: 5, duration: '30s', scenario: 'scenarios/boot.yaml', protocol: 'ocpp1.6', thresholds: thresholds.map((t) => t.expression) },
  thresholds, toolVersion: '9.8.7',
});

test('a run becomes an ocpp-sim/summary@2 document with the tool, target, config and charge points', () => {
  const samples = smallSamples(1);
  const doc = buildSummaryDocument(runResult({ samples, fleet: { everBooted: 9, allBootedMs: undefined, firstError: 'CP-010: HTTP 503' } }), context());
  assert.equal(doc.schema, SUMMARY_SCHEMA);
  assert.equal(doc.schema, 'ocpp-sim/summary@2');
  assert.deepEqual(doc.tool, { name: 'ocpp-sim', version: '9.8.7' });
  assert.equal(doc.mergedFrom, 1);
  assert.deepEqual(doc.target, { url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6' });
  assert.deepEqual(doc.config, context().config);
  assert.equal(doc.startedAt, '2024-05-01T10:00:00.000Z');
  assert.equal(doc.elapsedMs, 30_004.5);
  assert.equal(doc.durationMs, 30_000);
  assert.deepEqual(doc.chargePoints, { count: 10, started: 10, connected: 10, booted: 9, failed: 1, localFailures: 0, lost: 0, allBootedMs: null, firstError: 'CP-010: HTTP 503' });
});

test('the counts and the figures are those of the run, and the histograms decode to the same figures', () => {
  const samples = smallSamples(2);
  const result = runResult({ samples, metrics: { errors: { 'timeout:Heartbeat': 2 }, timeouts: 2, disconnects: { 1006: 1 }, delayed: { Heartbeat: 3 } } });
  const doc = buildSummaryDocument(result, context());
  assert.deepEqual(doc.counts, {
    sent: { BootNotification: 10, Heartbeat: 200 }, received: { BootNotification: 10, Heartbeat: 200 },
    errors: { 'timeout:Heartbeat': 2 }, disconnects: { 1006: 1 }, boots: { Accepted: 10 },
    inbound: {}, answered: {}, answeredWithError: {}, anomalies: {}, skipped: {}, backlog: {}, invalidAnswers: 0, connectionLost: 0, unanswered: 0,
    
    scheduled: { Heartbeat: 200 }, delayed: { Heartbeat: 3 },
    connects: 10, connectFailures: 0, reconnects: 0, timeouts: 2, callErrors: 0,
  });
  assert.deepEqual(doc.latency.Heartbeat, percentiles(histogramOf(samples.latency.Heartbeat ?? [])));
  assert.deepEqual(doc.latencyCorrected.Heartbeat, percentiles(histogramOf(samples.corrected.Heartbeat ?? [])));
  assert.deepEqual(doc.connect, percentiles(histogramOf(samples.connect)));
  assert.deepEqual(doc.boot, percentiles(histogramOf(samples.boot)));
  assert.deepEqual(doc.answer, percentiles(histogramOf(samples.answer)));
  assert.ok(doc.histograms, 'the encoded histograms are kept');
  assert.equal(decodeHistogram(doc.histograms.latency.Heartbeat as string).totalCount, 200);
  assert.equal(decodeHistogram(doc.histograms.boot).totalCount, 10);
});

const OUTCOMES: Array<{ outcome: RunOutcome; error: string | undefined; interrupted: boolean }> = [
  { outcome: 'completed', error: undefined, interrupted: false },
  { outcome: 'interrupted', error: undefined, interrupted: true },
  { outcome: 'aborted', error: 'threshold errors:rate<0.01 failed', interrupted: false },
  { outcome: 'unreachable', error: 'ws://127.0.0.1:1/ocpp/CP-001: cannot connect: ECONNREFUSED', interrupted: false },
];

for (const { outcome, error, interrupted } of OUTCOMES) {
  test(`outcome ${outcome} gives interrupted ${interrupted} and error ${error === undefined ? 'null' : 'the reason'}`, () => {
    const doc = buildSummaryDocument(runResult({ samples: smallSamples(3), result: { outcome, error } }), context());
    assert.equal(doc.outcome, outcome);
    assert.equal(doc.interrupted, interrupted);
    assert.equal(doc.error, error ?? null);
  });
}

const VERDICTS: Array<{ name: string; thresholds: ThresholdResult[]; expected: boolean }> = [
  { name: 'no thresholds pass', thresholds: [], expected: true },
  { name: 'all passing thresholds pass', thresholds: [passed], expected: true },
  { name: 'one failing threshold fails them all', thresholds: [passed, failed], expected: false },
];

for (const { name, thresholds, expected } of VERDICTS) {
  test(`thresholdsPassed: ${name}`, () => {
    const doc = buildSummaryDocument(runResult({ samples: smallSamples(4) }), context(thresholds));
    assert.equal(doc.thresholdsPassed, expected);
    assert.deepEqual(doc.thresholds, thresholds);
  });
}

test('steps and intervals are carried over as recorded', () => {
  const steps = { 'boot.yaml:12 expect': { checks: 10, failures: 1, totalMs: 0, samples: [{ chargePoint: 'CP-004', detail: 'status was Pending' }] } };
  const intervals = [{ t: 10, seconds: 10, sent: 100, received: 98, messagesPerSec: 20, errors: 0, errorCategories: {}, latency: { Heartbeat: { count: 98, p50: 4.1, p95: 8.2, p99: 9.9 } }, connected: 10, booted: 10 }];
  const doc = buildSummaryDocument(runResult({ samples: smallSamples(5), steps, intervals }), context());
  assert.deepEqual(doc.steps, steps);
  assert.deepEqual(doc.intervals, intervals);
});

test('the document is plain JSON: it survives a JSON round trip unchanged, with null where a value is absent', () => {
  const doc = buildSummaryDocument(runResult({ samples: smallSamples(6), fleet: { allBootedMs: undefined } }), context([failed]));
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
  assert.equal(doc.error, null);
  assert.equal(doc.chargePoints.allBootedMs, null);
});

test('a run without encoded histograms gives histograms null', () => {
  const result = runResult({ samples: smallSamples(7) });
  delete result.fleet.metrics.histograms;
  assert.equal(buildSummaryDocument(result, context()).histograms, null);
});

test('building is pure: the result and context are not changed, and the document shares nothing with them', () => {
  const result = runResult({ samples: smallSamples(8), steps: { 's:1 expect': { checks: 1, failures: 0, totalMs: 0, samples: [] } } });
  const ctx = context([passed]);
  const before = structuredClone({ result, ctx });
  const doc = buildSummaryDocument(result, ctx);
  doc.counts.sent.BootNotification = 999;
  (doc.steps['s:1 expect'] as { checks: number }).checks = 999;
  (doc.thresholds[0] as ThresholdResult).passed = false;
  doc.config.count = 999;
  assert.deepEqual({ result, ctx }, before);
});
