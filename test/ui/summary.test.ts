import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStateCounts } from '../../src/chargepoint/states.js';
import type { Percentiles } from '../../src/metrics/histogram.js';
import type { RunResult } from '../../src/runner/run.js';
import { formatSummary } from '../../src/ui/summary.js';

// formatSummary is a pure function of a RunResult: fixed results in, text out.

const latency = (p50: number, p99: number, max = p99): Percentiles => ({ count: 10, min: p50 / 2, mean: p50, p50, p90: p99, p95: p99, p99, max });
const NONE: Percentiles = { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };

function result(overrides: Partial<RunResult> = {}, errors: Record<string, number> = {}): RunResult {
  const states = emptyStateCounts();
  states.closed = 5;
  return {
    outcome: 'completed', url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6',
    startedAt: '2024-01-01T00:00:00.000Z', elapsedMs: 2003, durationMs: 2000, error: undefined,
    fleet: {
      count: 5, started: 5, open: 0, everConnected: 5, everBooted: 5, allBootedMs: 1234, states, firstError: undefined,
      metrics: {
        sent: { BootNotification: 5, StatusNotification: 15, Heartbeat: 7 },
        received: { BootNotification: 5, StatusNotification: 15, Heartbeat: 7 },
        latency: { BootNotification: latency(12.3, 45.6), StatusNotification: latency(4.5, 8.25), Heartbeat: latency(1.5, 1500, 2500) },
        latencyCorrected: {},
        connectTime: latency(3.2, 9.9), bootTime: latency(20, 80), answerTime: NONE,
        errors, timeouts: 0, callErrors: 0, connects: 5, connectFailures: 0, reconnects: 0, disconnects: {}, boots: { Accepted: 5 },
        scheduled: {}, delayed: {}, steps: {}, recentErrors: [],
      },
      paused: false,
    },
    intervals: [],
    ...overrides,
  };
}

/** The table row of `action`, split on runs of spaces. */
function row(text: string, action: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(`${action} `));
  assert.ok(line, `a row for ${action} in:\n${text}`);
  return line.trim().split(/\s+/);
}

test('the summary of a completed run has the counts, each action with its p50 and p99, and "errors: none"', () => {
  const text = formatSummary(result());
  assert.match(text, /^ocpp-sim run completed after 2s\n/);
  assert.match(text, /target {4}ws:\/\/127\.0\.0\.1:9000\/ocpp {2}\(ocpp1\.6, scenario boot-heartbeat-status\)/);
  assert.match(text, /charge points {2}5 total, 5 started, 5 connected, 5 booted, 0 failed/);
  assert.match(text, /connections {4}5 opened \(0 reconnects\), 0 failed attempts, 0 closed before the end of the run/);
  assert.match(text, /all booted {5}1\.2s after the first connection attempt/);
  assert.match(text, /boot time {6}p50 20\.0ms {2}p99 80\.0ms/);
  assert.deepEqual(row(text, 'BootNotification'), ['BootNotification', '5', '5', '12.3ms', '45.6ms', '45.6ms', '45.6ms']);
  assert.deepEqual(row(text, 'StatusNotification'), ['StatusNotification', '15', '15', '4.50ms', '8.25ms', '8.25ms', '8.25ms']);
  assert.deepEqual(row(text, 'Heartbeat'), ['Heartbeat', '7', '7', '1.50ms', '1.50s', '1.50s', '2.50s']);
  assert.match(text, /\nerrors: none\n/);
  assert.doesNotMatch(text, /first error|error:/);
});

test('actions are listed in alphabetical order, and one with no answers shows dashes', () => {
  const base = result();
  base.fleet.metrics.sent.Authorize = 2;
  const text = formatSummary(base);
  const order = ['Authorize', 'BootNotification', 'Heartbeat', 'StatusNotification'].map((a) => text.indexOf(`  ${a} `));
  assert.deepEqual([...order].sort((x, y) => x - y), order);
  assert.deepEqual(row(text, 'Authorize'), ['Authorize', '2', '0', '-', '-', '-', '-']);
});

test('errors are listed by kind, most frequent first, instead of "errors: none"', () => {
  const text = formatSummary(result({}, { 'timeout:Heartbeat': 1, 'callerror:NotImplemented': 3 }));
  assert.doesNotMatch(text, /errors: none/);
  assert.match(text, /errors by kind\n/);
  const at = (kind: string): number => text.indexOf(kind);
  assert.ok(at('callerror:NotImplemented') > 0 && at('callerror:NotImplemented') < at('timeout:Heartbeat'), text);
  assert.match(text, /callerror:NotImplemented\s+3/);
  assert.match(text, /timeout:Heartbeat\s+1/);
});

test('an interrupted run is marked INTERRUPTED', () => {
  assert.match(formatSummary(result({ outcome: 'interrupted', elapsedMs: 850 })), /^ocpp-sim run INTERRUPTED after 850ms\n/);
});

test('an unreachable target is marked FAILED and the summary ends with the error', () => {
  const base = result({ outcome: 'unreachable', elapsedMs: 40, error: 'ws://127.0.0.1:1/ocpp/CP-001: cannot connect: connect ECONNREFUSED 127.0.0.1:1' });
  base.fleet.everConnected = 0;
  base.fleet.everBooted = 0;
  base.fleet.allBootedMs = undefined;
  base.fleet.metrics = { ...base.fleet.metrics, sent: {}, received: {}, latency: {}, connectTime: NONE, bootTime: NONE, connects: 0, connectFailures: 3,
    errors: { 'connect:ECONNREFUSED': 3 } };
  const text = formatSummary(base);
  assert.match(text, /^ocpp-sim run FAILED: could not connect after 40ms\n/);
  assert.match(text, /5 total, 5 started, 0 connected, 0 booted, 5 failed/);
  assert.doesNotMatch(text, /connect time|all booted|boot time|round-trip latency/, 'no figures for what never happened');
  assert.match(text, /connect:ECONNREFUSED\s+3/);
  assert.ok(text.endsWith('error: ws://127.0.0.1:1/ocpp/CP-001: cannot connect: connect ECONNREFUSED 127.0.0.1:1\n'), text);
});

test('dropped connections are counted by close code, and a failed charge point shows the first error', () => {
  const base = result();
  base.fleet.everBooted = 4;
  base.fleet.firstError = 'ws://x/ocpp/CP-003: server refused the WebSocket upgrade with HTTP 503';
  base.fleet.metrics.disconnects = { 1001: 2, 1006: 1 };
  const text = formatSummary(base);
  assert.match(text, /3 closed before the end of the run/);
  assert.match(text, /disconnects by close code: 1001×2, 1006×1/);
  assert.match(text, /4 booted, 1 failed/);
  assert.match(text, /first error: ws:\/\/x\/ocpp\/CP-003: server refused the WebSocket upgrade with HTTP 503\n$/);
});

test('the summary is a pure function: the same result gives the same text and is not changed', () => {
  const input = result({}, { 'bad-frame': 1 });
  const copy = structuredClone(input);
  assert.equal(formatSummary(input), formatSummary(input));
  assert.deepEqual(input, copy);
});

test('charge points that end the run waiting at an await get a line each action, with the flag that sends a remote start', () => {
  const text = formatSummary(result({ waiting: { RemoteStartTransaction: 3, DataTransfer: 1 } }));
  assert.match(text, /^ {2}still waiting {2}1 charge point at 'await DataTransfer': never sent$/m);
  assert.match(text, /^ {2}still waiting {2}3 charge points at 'await RemoteStartTransaction': never sent\n {17}\(the embedded gateway sends it with --gateway-remote-start 2s\)$/m);
  assert.doesNotMatch(formatSummary(result()), /still waiting/);
});
