import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSeries } from '../../src/report/html/chart-data.js';
import { buildSummaryDocument, type SummaryDocument } from '../../src/report/summary-document.js';
import { runResult, smallSamples } from './run-results.js';

const interval = (t: number, p99: number) => ({
  t, seconds: 10, sent: 10, received: 10, messagesPerSec: 2, errors: 1, errorCategories: { timeout: 1 },
  latency: { Heartbeat: { count: 10, p50: 1, p95: 2, p99 } }, connected: 1, booted: 1,
});

test('actions and error categories named like Object.prototype members (constructor, __proto__), as a summary file may hold, are series like any other', () => {
  const doc = buildSummaryDocument(runResult({ samples: smallSamples(1, 3), intervals: [interval(10, 3), interval(20, 4)] }), { config: {}, thresholds: [], toolVersion: '0.0.1' });
  // As JSON.parse reads such a file: own keys "constructor" and "__proto__", no histogram for either.
  const text = JSON.stringify(doc)
    .replaceAll('"latency":{"Heartbeat":{"count":10', '"latency":{"constructor":{"count":5,"p50":7,"p95":8,"p99":9},"Heartbeat":{"count":10')
    .replaceAll('"errorCategories":{"timeout":1}', '"errorCategories":{"timeout":1,"__proto__":2}');
  const series = runSeries(JSON.parse(text) as SummaryDocument);
  assert.deepEqual(series.latency.constructor, { p50: [7, 7], p95: [8, 8], p99: [9, 9] });
  assert.deepEqual(series.latency.Heartbeat?.p99, [3, 4]);
  assert.deepEqual(Object.keys(series.errors), ['__proto__', 'timeout']);
  assert.deepEqual(JSON.parse(JSON.stringify(series.errors)), JSON.parse('{"__proto__":[2,2],"timeout":[1,1]}'));
  assert.equal(Object.hasOwn(series.distribution, 'constructor'), false);
  assert.ok(Object.hasOwn(series.distribution, 'Heartbeat'));
  // Merged into one interval of 20 s: counts summed, the larger percentiles.
  const merged = runSeries(JSON.parse(text) as SummaryDocument, 20);
  assert.deepEqual(merged.latency.constructor, { p50: [7], p95: [8], p99: [9] });
  assert.deepEqual(JSON.parse(JSON.stringify(merged.errors)), JSON.parse('{"__proto__":[4],"timeout":[2]}'));
});
