import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { emptyStateCounts } from '../../src/chargepoint/states.js';
import type { Percentiles } from '../../src/metrics/histogram.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { MetricsSnapshot } from '../../src/metrics/snapshot.js';
import { buildSummaryDocument } from '../../src/report/summary-document.js';
import type { RunResult } from '../../src/runner/run.js';
import { formatSummary } from '../../src/ui/summary.js';
import { parseSummaryStats } from '../../src/ui/summary-table.js';

// formatSummary is a pure function of a summary document: fixed results in, text out.

const latency = (p50: number, p99: number, max = p99): Percentiles => ({ count: 10, min: p50 / 2, mean: p50, p50, p90: p99, p95: p99, p99, max });
const NONE: Percentiles = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };

function result(overrides: Partial<RunResult> = {}, errors: Record<string, number> = {}): RunResult {
  const states = emptyStateCounts();
  states.closed = 5;
  const metrics: MetricsSnapshot = {
    ...new Recorder().snapshot(false),
    sent: { BootNotification: 5, StatusNotification: 15, Heartbeat: 7 },
    received: { BootNotification: 5, StatusNotification: 15, Heartbeat: 7 },
    latency: { BootNotification: latency(12.3, 45.6), StatusNotification: latency(4.5, 8.25), Heartbeat: latency(1.5, 1500, 2500) },
    connectTime: latency(3.2, 9.9), bootTime: latency(20, 80), answerTime: NONE,
    errors, connects: 5, boots: { Accepted: 5 },
  };
  return {
    outcome: 'completed', url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6',
    startedAt: '2024-01-01T00:00:00.000Z', elapsedMs: 2003, durationMs: 2000, error: undefined,
    fleet: { count: 5, started: 5, open: 0, everConnected: 5, everBooted: 5, localFailures: 0, lost: 0, allBootedMs: 1234, states, firstError: undefined, metrics, paused: false },
    intervals: [],
    ...overrides,
  };
}

const text = (r: RunResult, style = {}): string => formatSummary(buildSummaryDocument(r, { config: {}, thresholds: [], toolVersion: 't' }), style);

/** The table row of `action`, split on runs of spaces. */
function row(summary: string, action: string): string[] {
  const line = summary.split('\n').find((l) => l.trim().startsWith(`${action} `));
  assert.ok(line, `a row for ${action} in:\n${summary}`);
  return line.trim().split(/\s+/);
}

test('the summary of a completed run has the counts, boot answers by status, each action with avg p50 p95 p99 max, and "errors: none"', () => {
  const summary = text(result());
  assert.match(summary, /^ocpp-sim run completed after 2s\n/);
  assert.match(summary, /target {9}ws:\/\/127\.0\.0\.1:9000\/ocpp\n {2}scenario {7}boot-heartbeat-status \(ocpp1\.6\)\n/);
  assert.match(summary, /charge points {2}5 total, 5 started, 5 connected, 5 booted, 0 failed\n.*started, but no BootNotification ever Accepted/);
  assert.match(summary, /boot answers {3}Accepted 5 {2}\(BootNotification by status\)/);
  assert.match(summary, /connections {4}5 opened \(0 reconnects\), 0 failed, 0 closed by the peer/);
  assert.match(summary, /all booted {5}1\.2s after the first connection attempt/);
  assert.match(summary, /boot time {6}p50 20\.0ms {2}p99 80\.0ms/);
  assert.deepEqual(row(summary, 'action'), ['action', 'sent', 'answered', 'avg', 'p50', 'p95', 'p99', 'max']);
  assert.deepEqual(row(summary, 'BootNotification'), ['BootNotification', '5', '5', '12.3ms', '12.3ms', '45.6ms', '45.6ms', '45.6ms']);
  assert.deepEqual(row(summary, 'Heartbeat'), ['Heartbeat', '7', '7', '1.50ms', '1.50ms', '1.50s', '1.50s', '2.50s']);
  assert.match(summary, /\nerrors: none\n/);
  assert.doesNotMatch(summary, /first error|error:|CALLs of the central system/);
});

test('--summary-stats chooses the latency columns', () => {
  const summary = text(result(), { stats: parseSummaryStats('p(50),p(99)') });
  assert.deepEqual(row(summary, 'BootNotification'), ['BootNotification', '5', '5', '12.3ms', '45.6ms']);
  assert.throws(() => parseSummaryStats('p(97)'), /unknown summary statistic 'p\(97\)'/);
});

test('the central system\'s CALLs get their own table: received, answered, CALLERRORs sent, time to answer', () => {
  const r = result();
  r.fleet.metrics = { ...r.fleet.metrics, inbound: { Reset: 3, DataTransfer: 1 }, answered: { Reset: 3, DataTransfer: 1 }, answeredWithError: { DataTransfer: 1 },
    answerByAction: { Reset: latency(0.5, 0.9), DataTransfer: latency(0.2, 0.2) } };
  const summary = text(r);
  assert.match(summary, /CALLs of the central system \(CSMS → charge point\)/);
  assert.deepEqual(row(summary, 'Reset'), ['Reset', '3', '3', '0', '0.50ms', '0.50ms', '0.90ms', '0.90ms']);
  assert.deepEqual(row(summary, 'DataTransfer'), ['DataTransfer', '1', '1', '1', '0.20ms', '0.20ms', '0.20ms', '0.20ms']);
  assert.equal(row(summary, 'BootNotification').length, 8, 'outbound rows are unchanged');
});

test('errors are listed by kind, most frequent first, with their total over the operations; anomalies apart', () => {
  const r = result({}, { 'timeout:Heartbeat': 1, 'callerror:NotImplemented': 3 });
  r.fleet.metrics.anomalies = { 'late-answer': 1 };
  const summary = text(r);
  assert.match(summary, /errors: 4 of 32 operations \(12\.5%\), each failed CALL or connection attempt once\n/);
  const at = (kind: string): number => summary.indexOf(kind);
  assert.ok(at('callerror:NotImplemented') > 0 && at('callerror:NotImplemented') < at('timeout:Heartbeat'), summary);
  assert.match(summary, /callerror:NotImplemented\s+3/);
  assert.match(summary, /other events \(not operations\): late-answer 1/);
});

test('an interrupted run is marked INTERRUPTED', () => {
  assert.match(text(result({ outcome: 'interrupted', elapsedMs: 850 })), /^ocpp-sim run INTERRUPTED after 850ms\n/);
});

test('firmware updates\' notifications are broken down by status, most first, and left out when there were none', () => {
  const base = result();
  assert.doesNotMatch(text(base), /firmware/);
  base.fleet.metrics = { ...base.fleet.metrics, firmware: { Downloading: 5, Installed: 4, DownloadFailed: 1 } };
  assert.match(text(base), /\n {2}firmware {7}Downloading 5, Installed 4, DownloadFailed 1 {2}\(updates' FirmwareStatusNotification by status\)\n/);
});

test('an unreachable target is marked FAILED and the summary ends with the error', () => {
  const base = result({ outcome: 'unreachable', elapsedMs: 40, error: 'ws://127.0.0.1:1/ocpp/CP-001: cannot connect: connect ECONNREFUSED 127.0.0.1:1' });
  Object.assign(base.fleet, { everConnected: 0, everBooted: 0, allBootedMs: undefined });
  base.fleet.metrics = { ...base.fleet.metrics, sent: {}, received: {}, latency: {}, connectTime: NONE, bootTime: NONE, boots: {}, connects: 0, connectFailures: 3,
    errors: { 'connect:ECONNREFUSED': 3 } };
  const summary = text(base);
  assert.match(summary, /^ocpp-sim run FAILED: could not connect after 40ms\n/);
  assert.match(summary, /5 total, 5 started, 0 connected, 0 booted, 5 failed/);
  assert.doesNotMatch(summary, /connect time|all booted|boot time|boot answers/, 'no figures for what never happened');
  assert.match(summary, /connect:ECONNREFUSED\s+3/);
  assert.ok(summary.endsWith('error: ws://127.0.0.1:1/ocpp/CP-001: cannot connect: connect ECONNREFUSED 127.0.0.1:1\n'), summary);
});

test('closes by the peer are counted by close code, and a failed charge point shows the first error', () => {
  const base = result();
  base.fleet.everBooted = 4;
  base.fleet.firstError = 'ws://x/ocpp/CP-003: server refused the WebSocket upgrade with HTTP 503';
  base.fleet.metrics.disconnects = { 1001: 2, 1006: 1 };
  const summary = text(base);
  assert.match(summary, /3 closed by the peer/);
  assert.match(summary, /closed by the peer, by close code: 1001×2, 1006×1/);
  assert.match(summary, /4 booted, 1 failed/);
  assert.match(summary, /first error: ws:\/\/x\/ocpp\/CP-003: server refused the WebSocket upgrade with HTTP 503\n$/);
});

test('every line fits 80 columns, long action names are shortened, and colour comes only with a colour level', () => {
  const r = result();
  r.fleet.metrics.sent.SecurityEventNotificationWithAVeryLongName = 1;
  r.fleet.metrics.latency.SecurityEventNotificationWithAVeryLongName = latency(1234.5, 98765.4);
  const plain = text(r);
  for (const line of plain.split('\n')) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
  assert.match(plain, /SecurityEventNoti.*…/);
  assert.doesNotMatch(plain, /\x1b\[/, 'no escape codes without colour');
  const coloured = text(r, { color: new Chalk({ level: 1 }) });
  assert.match(coloured, /\x1b\[32mcompleted\x1b\[39m/);
  assert.equal(coloured.replace(/\x1b\[\d+m/g, ''), plain, 'colour changes nothing but the escapes');
});

test('the summary is a pure function: the same document gives the same text and is not changed', () => {
  const doc = buildSummaryDocument(result(), { config: {}, thresholds: [], toolVersion: 't' });
  const copy = structuredClone(doc);
  assert.equal(formatSummary(doc), formatSummary(doc));
  assert.deepEqual(doc, copy);
});

test('charge points that end the run waiting at an await get a line each action, with the flag that sends a remote start', () => {
  const summary = text(result(), { waiting: { RemoteStartTransaction: 3, DataTransfer: 1 } });
  assert.match(summary, /^ {2}still waiting {2}1 charge point at 'await DataTransfer': never sent$/m);
  assert.match(summary, /^ {2}still waiting {2}3 charge points at 'await RemoteStartTransaction': never sent\n {17}\(the embedded gateway sends it with --gateway-remote-start 2s\)$/m);
  assert.doesNotMatch(text(result()), /still waiting/);
});
