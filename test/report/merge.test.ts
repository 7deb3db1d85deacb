import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeHistogram, percentiles } from '../../src/metrics/histogram.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { ReportError } from '../../src/report/errors.js';
import { mergeSummaries, sumCounts } from '../../src/report/merge.js';
import { buildSummaryDocument, type SummaryDocument } from '../../src/report/summary-document.js';
import { histogramOf, latencies, runResult, smallSamples, type RunSpec, type Samples } from './run-results.js';

const context = { config: { url: 'ws://csms/ocpp', count: 10, duration: '30s', thresholds: [] }, thresholds: [], toolVersion: '1.2.3' };
const summaryOf = (spec: RunSpec): SummaryDocument => buildSummaryDocument(runResult(spec), context);

/** Shard B differs from A in size, spread and actions (Authorize only in B). */
const samplesA = smallSamples(11, 10);
const samplesB: Samples = {
  latency: { BootNotification: latencies(25, 21, 300), Heartbeat: latencies(480, 22, 3), Authorize: latencies(50, 23, 12) },
  corrected: { Heartbeat: latencies(480, 24, 90) },
  connect: latencies(25, 25, 8), boot: latencies(25, 26, 700), answer: latencies(7, 27, 2),
};
const docA = summaryOf({ samples: samplesA, metrics: { errors: { 'timeout:Heartbeat': 2, 'unanswered:Heartbeat': 1 }, timeouts: 2, unanswered: 1, reconnects: 1, disconnects: { 1006: 1 }, delayed: { Heartbeat: 4 } } });
const docB = summaryOf({ samples: samplesB, result: { startedAt: '2024-05-01T09:59:59.500Z', elapsedMs: 30_120 },
  fleet: { allBootedMs: 2750 }, metrics: { errors: { 'timeout:Heartbeat': 1, 'callerror:InternalError': 3 }, timeouts: 1, callErrors: 3, disconnects: { 1006: 2, 1001: 1 } } });

test('merging two runs is exact: counts are the sums and every figure is that of one histogram holding both runs\u2019 samples', () => {
  const merged = mergeSummaries([docA, docB]);
  assert.deepEqual(merged.counts, {
    sent: { BootNotification: 35, Heartbeat: 680, Authorize: 50 }, received: { BootNotification: 35, Heartbeat: 680, Authorize: 50 },
    errors: { 'timeout:Heartbeat': 3, 'unanswered:Heartbeat': 1, 'callerror:InternalError': 3 }, disconnects: { 1006: 3, 1001: 1 },
    inbound: {}, answered: {}, answeredWithError: {}, anomalies: {}, skipped: {}, backlog: {}, invalidAnswers: 0, connectionLost: 0, unanswered: 1,
    
    boots: { Accepted: 35 }, scheduled: { Heartbeat: 680 }, delayed: { Heartbeat: 4 },
    connects: 35, connectFailures: 0, reconnects: 1, timeouts: 3, callErrors: 3,
  });
  for (const action of ['BootNotification', 'Heartbeat', 'Authorize']) {
    const all = histogramOf(samplesA.latency[action] ?? [], samplesB.latency[action] ?? []);
    assert.deepEqual(merged.latency[action], percentiles(all), `latency of ${action}`);
    assert.equal(merged.histograms?.latency[action], encodeHistogram(all), `the merged ${action} histogram is bucket for bucket the single one`);
  }
  const corrected = histogramOf(samplesA.corrected.Heartbeat ?? [], samplesB.corrected.Heartbeat ?? []);
  assert.deepEqual(merged.latencyCorrected.Heartbeat, percentiles(corrected));
  assert.equal(merged.histograms?.latencyCorrected.Heartbeat, encodeHistogram(corrected));
  for (const key of ['connect', 'boot', 'answer'] as const) {
    const all = histogramOf(samplesA[key], samplesB[key]);
    assert.deepEqual(merged[key], percentiles(all), key);
    assert.equal(merged.histograms?.[key], encodeHistogram(all), `${key} histogram`);
  }
});

test('merging is order-independent and a single summary merges to its own figures', () => {
  const ab = mergeSummaries([docA, docB]);
  const ba = mergeSummaries([docB, docA]);
  assert.deepEqual({ ...ab.latency, c: ab.connect, b: ab.boot }, { ...ba.latency, c: ba.connect, b: ba.boot });
  assert.deepEqual(ab.counts, ba.counts);
  const alone = mergeSummaries([docA]);
  assert.deepEqual(alone.latency, docA.latency);
  assert.deepEqual(alone.boot, docA.boot);
  assert.deepEqual(alone.counts, docA.counts);
  assert.equal(alone.mergedFrom, 1);
});

test('merging merged summaries equals merging all runs at once, and mergedFrom counts the runs', () => {
  const docC = summaryOf({ samples: smallSamples(31, 4) });
  const stepwise = mergeSummaries([mergeSummaries([docA, docB]), docC]);
  const atOnce = mergeSummaries([docA, docB, docC]);
  assert.deepEqual(stepwise.latency, atOnce.latency);
  assert.deepEqual(stepwise.histograms, atOnce.histograms);
  assert.deepEqual(stepwise.counts, atOnce.counts);
  assert.equal(stepwise.mergedFrom, 3);
  assert.equal(stepwise.config.shards, 3);
});

test('charge points are summed, allBootedMs is the longest, and null when any run never had all booted', () => {
  assert.deepEqual(mergeSummaries([docA, docB]).chargePoints, { count: 35, started: 35, connected: 35, booted: 35, failed: 0, localFailures: 0, lost: 0, allBootedMs: 2750, firstError: null });
  const partial = summaryOf({ samples: smallSamples(12, 5), fleet: { count: 8, started: 8, everBooted: 5, allBootedMs: undefined, firstError: 'CP-007: HTTP 503' } });
  const merged = mergeSummaries([docA, partial]);
  assert.equal(merged.chargePoints.allBootedMs, null);
  assert.equal(merged.chargePoints.failed, 3);
  assert.equal(merged.chargePoints.firstError, 'CP-007: HTTP 503');
});

test('the merge covers the whole span: earliest start, longest elapsed time; config is the first one\u2019s plus shards', () => {
  const merged = mergeSummaries([docA, docB]);
  assert.equal(merged.startedAt, '2024-05-01T09:59:59.500Z');
  assert.equal(merged.elapsedMs, 30_120);
  assert.deepEqual(merged.config, { ...context.config, shards: 2 });
  assert.deepEqual(merged.target, docA.target);
});

test('thresholds are not re-evaluated: the merge has none, thresholdsPassed null, mergedFrom the number of runs', () => {
  const withThreshold = { ...docA, thresholds: [{ expression: 'x<1', metric: 'x', aggregation: 'count', passed: false, observed: 2, message: 'no' }], thresholdsPassed: false };
  const merged = mergeSummaries([withThreshold, docB]);
  assert.deepEqual(merged.thresholds, []);
  assert.equal(merged.thresholdsPassed, null);
  assert.equal(merged.mergedFrom, 2);
});

const OUTCOMES: Array<[RunOutcome[], RunOutcome, boolean]> = [
  [['completed', 'completed'], 'completed', false],
  [['completed', 'interrupted'], 'interrupted', true],
  [['aborted', 'interrupted'], 'aborted', true],
  [['interrupted', 'unreachable', 'completed'], 'unreachable', true],
  [['completed', 'aborted'], 'aborted', false],
];

for (const [outcomes, expected, interrupted] of OUTCOMES) {
  test(`outcomes ${outcomes.join(' + ')} merge to ${expected}, interrupted ${interrupted}`, () => {
    const docs = outcomes.map((outcome, i) => summaryOf({ samples: smallSamples(40 + i, 2), result: { outcome, error: outcome === 'completed' || outcome === 'interrupted' ? undefined : `${outcome} #${i}` } }));
    const merged = mergeSummaries(docs);
    assert.equal(merged.outcome, expected);
    assert.equal(merged.interrupted, interrupted);
    assert.equal(merged.error, expected === 'completed' || expected === 'interrupted' ? null : `${expected} #${outcomes.indexOf(expected)}`);
  });
}

test('steps are merged by key, with checks and failures summed and at most 3 samples', () => {
  const sample = (cp: string) => ({ chargePoint: cp, detail: 'status was Rejected' });
  const a = summaryOf({ samples: smallSamples(50, 2), steps: { 's.yaml:3 expect': { checks: 10, failures: 2, totalMs: 0, samples: [sample('CP-001'), sample('CP-002')] }, 's.yaml:9 send': { checks: 10, failures: 0, totalMs: 0, samples: [] } } });
  const b = summaryOf({ samples: smallSamples(51, 2), steps: { 's.yaml:3 expect': { checks: 10, failures: 2, totalMs: 0, samples: [sample('CP-011'), sample('CP-012')] } } });
  assert.deepEqual(mergeSummaries([a, b]).steps, {
    's.yaml:3 expect': { checks: 20, failures: 4, totalMs: 0, samples: [sample('CP-001'), sample('CP-002'), sample('CP-011')] },
    's.yaml:9 send': { checks: 10, failures: 0, totalMs: 0, samples: [] },
  });
});

test('intervals are merged by index: counts and rates summed, percentiles dropped, a longer run keeps its extra intervals', () => {
  const interval = (t: number, sent: number, p50: number) => ({ t, seconds: 10, sent, received: sent, messagesPerSec: sent / 5, errors: 1, errorCategories: { timeout: 1 }, latency: { Heartbeat: { count: sent, p50, p95: p50 * 2, p99: p50 * 3 } }, connected: 10, booted: 10 });
  const a = summaryOf({ samples: smallSamples(60, 2), intervals: [interval(10, 100, 4), interval(20, 50, 5)] });
  const b = summaryOf({ samples: smallSamples(61, 2), intervals: [{ ...interval(10.1, 200, 6), seconds: 10.1 }, interval(20, 300, 7), { ...interval(24.3, 30, 8), seconds: 4.3 }] });
  assert.deepEqual(mergeSummaries([a, b]).intervals, [
    { t: 10.1, seconds: 10.1, sent: 300, received: 300, messagesPerSec: 60, errors: 2, errorCategories: { timeout: 2 }, latency: { Heartbeat: { count: 300 } }, connected: 20, booted: 20 },
    { t: 20, seconds: 10, sent: 350, received: 350, messagesPerSec: 70, errors: 2, errorCategories: { timeout: 2 }, latency: { Heartbeat: { count: 350 } }, connected: 20, booted: 20 },
    { t: 24.3, seconds: 4.3, sent: 30, received: 30, messagesPerSec: 6, errors: 1, errorCategories: { timeout: 1 }, latency: { Heartbeat: { count: 30 } }, connected: 10, booted: 10 },
  ]);
});

test('merging changes none of its inputs', () => {
  const before = structuredClone([docA, docB]);
  mergeSummaries([docA, docB]);
  assert.deepEqual([docA, docB], before);
});

test('nothing to merge, or a summary without histograms, is a ReportError naming the input', () => {
  assert.throws(() => mergeSummaries([]), (error: unknown) => error instanceof ReportError && error.code === 'E_SUMMARY_MERGE' && /nothing to merge/.test(error.message));
  const bare = { ...docB, histograms: null };
  assert.throws(() => mergeSummaries([docA, bare], { names: ['a.json', 'shard-b.json'] }),
    (error: unknown) => error instanceof ReportError && error.message === 'shard-b.json has no histograms, so it cannot be merged exactly');
  assert.throws(() => mergeSummaries([docA, bare]), /summary #2 has no histograms/);
});

test('sumCounts adds counters key by key', () => {
  assert.deepEqual(sumCounts([{ a: 1, b: 2 }, {}, { b: 3, c: 4 }]), { a: 1, b: 5, c: 4 });
  assert.deepEqual(sumCounts([]), {});
});

/** `text` with `entry` put first into the object that opens at the first `at` (as JSON.parse would read it from a file). */
function inject(text: string, at: string, entry: string): string {
  const i = text.indexOf(at) + at.length;
  return `${text.slice(0, i)}${entry}${text[i] === '}' ? '' : ','}${text.slice(i)}`;
}

test('keys named like Object.prototype members (constructor, __proto__), as a summary file may hold, are counters, actions and steps like any other', () => {
  assert.equal(JSON.stringify(sumCounts(JSON.parse('[{"constructor":3,"__proto__":5},{"constructor":1,"toString":2}]'))), '{"constructor":4,"__proto__":5,"toString":2}');
  const empty = encodeHistogram(histogramOf([]));
  let text = inject(JSON.stringify(docB), '"latency":{', `"constructor":${JSON.stringify(percentiles(histogramOf([])))}`);
  text = inject(text, '"histograms":{"latency":{', `"constructor":"${empty}"`);
  text = inject(text, '"steps":{', '"__proto__":{"checks":2,"failures":1,"totalMs":0,"samples":[]}');
  const merged = mergeSummaries([docA, JSON.parse(text) as SummaryDocument]);
  assert.deepEqual(Object.keys(merged.latency), ['Authorize', 'BootNotification', 'Heartbeat', 'constructor']);
  assert.equal(Object.getPrototypeOf(merged.latency), Object.prototype);
  assert.equal(merged.latency['constructor' as string]?.count, 0);
  assert.deepEqual(Object.keys(merged.histograms?.latency ?? {}), ['Authorize', 'BootNotification', 'Heartbeat', 'constructor']);
  assert.deepEqual(Object.keys(merged.steps), ['__proto__']);
  assert.equal(Object.getPrototypeOf(merged.steps), Object.prototype);
  assert.deepEqual(JSON.parse(JSON.stringify(merged.steps)), JSON.parse('{"__proto__":{"checks":2,"failures":1,"totalMs":0,"samples":[]}}'));
});

test('runs of different targets keep every one in the merged target, each value once, not the first alone', () => {
  const other = (url: string, scenario: string, protocol: string): SummaryDocument => ({ ...docB, target: { ...docB.target, url, scenario, protocol } });
  const CASES: Array<[SummaryDocument[], SummaryDocument['target']]> = [
    [[docA, docB], docA.target],
    [[docA, other('ws://b:9000/ocpp', docA.target.scenario, docA.target.protocol)], { ...docA.target, url: `${docA.target.url} + ws://b:9000/ocpp` }],
    [[docA, other(docA.target.url, 'charging-session', 'ocpp2.0.1'), other(docA.target.url, 'charging-session', 'ocpp2.0.1+ocpp1.6')],
      { ...docA.target, scenario: `${docA.target.scenario}+charging-session`, protocol: [...new Set([...docA.target.protocol.split('+'), 'ocpp2.0.1', 'ocpp1.6'])].join('+') }],
  ];
  for (const [docs, expected] of CASES) assert.deepEqual(mergeSummaries(docs).target, expected);
});
