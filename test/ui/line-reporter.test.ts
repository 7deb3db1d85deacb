import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStateCounts } from '../../src/chargepoint/states.js';
import type { Percentiles } from '../../src/metrics/histogram.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { FleetSnapshot } from '../../src/runner/fleet.js';
import { formatProgressLine } from '../../src/ui/line-reporter.js';

// The progress line is a pure function of the elapsed time, a snapshot and the run's length.

const latency = (p99: number): Percentiles => ({ count: 10, min: 1, mean: 2, p50: 2, p90: p99, p95: p99, p99, max: p99 });

function snapshot(messages: number, p99s: Record<string, number> = {}): FleetSnapshot {
  const states = emptyStateCounts();
  states.accepted = 8;
  states.booting = 1;
  states.backoff = 1;
  return {
    count: 10, started: 10, open: 9, everConnected: 10, everBooted: 8, allBootedMs: undefined, states, firstError: undefined, paused: false, localFailures: 0, lost: 0,
    metrics: {
      ...new Recorder().snapshot(false),
      sent: { Heartbeat: messages / 2 }, received: { Heartbeat: messages / 2 },
      latency: Object.fromEntries(Object.entries(p99s).map(([a, ms]) => [a, latency(ms)])), latencyCorrected: {},
      connectTime: latency(1), bootTime: latency(1), answerTime: latency(1),
      errors: { 'timeout:Heartbeat': 2, 'connect:ECONNREFUSED': 1 }, timeouts: 2, callErrors: 0, connects: 10, connectFailures: 1, reconnects: 0,
      disconnects: {}, boots: {}, scheduled: {}, delayed: {}, steps: {}, recentErrors: [],
    },
  };
}

const CASES: Array<[string, number, FleetSnapshot, { elapsedMs: number; messages: number } | undefined, RegExp[]]> = [
  ['the start, nothing answered yet', 0, snapshot(0), undefined, [/^\[> {19}\] {3}0% 0ms\/30s ETA 30s /, /msgs 0 \(0\/s\)/, /p99 - /]],
  ['a third of the way', 10_000, snapshot(400, { Heartbeat: 12.34, BootNotification: 250 }), undefined, [/^\[======> {13}\] {2}33% 10s\/30s ETA 20s /, /msgs 400 \(40\/s\)/, /p99 250\.0ms \(BootNotification\)/]],
  ['the rate is since the previous line', 20_000, snapshot(1400), { elapsedMs: 10_000, messages: 400 }, [/ {2}66% 20s\/30s ETA 10s /, /msgs 1400 \(100\/s\)/]],
  ['the end', 30_000, snapshot(1500), { elapsedMs: 20_000, messages: 1400 }, [/^\[={20}\] 100% 30s\/30s ETA 0ms /, /\(10\/s\)/]],
  ['a stop after the duration stays at 100%', 31_000, snapshot(1500), undefined, [/ 100% 31s\/30s ETA 0ms /]],
];

test('the progress line shows a bar, the percentage, elapsed/total, ETA, messages per second, the worst p99 and errors', () => {
  for (const [name, elapsed, snap, previous, expected] of CASES) {
    const line = formatProgressLine(elapsed, snap, { durationMs: 30_000, ...(previous ? { previous } : {}) });
    for (const re of expected) assert.match(line, re, `${name}: ${line}`);
    assert.match(line, /started 10\/10 {2}open 9 {2}connecting 0 {2}accepted 8 {2}booting 1 {2}backoff 1 {2}offline 0 /, name);
    assert.match(line, /errors 3$/, name);
    assert.doesNotMatch(line, /\n/);
  }
});

test('charge points away in their scenario\'s offline step are counted as offline, apart from those backing off after a loss', () => {
  const snap = snapshot(0);
  snap.states.accepted = 5;
  snap.states.offline = 3;
  const line = formatProgressLine(0, snap, { durationMs: 30_000 });
  assert.match(line, / accepted 5 {2}booting 1 {2}backoff 1 {2}offline 3 /);
});

test('charge points whose handshake hangs (or waits for a slot) are counted as connecting, so every started one is in a column', () => {
  const snap = snapshot(0);
  snap.open = 0;
  snap.states.accepted = 0;
  snap.states.booting = 0;
  snap.states.backoff = 0;
  snap.states.connecting = 10;
  const line = formatProgressLine(0, snap, { durationMs: 30_000 });
  assert.match(line, /started 10\/10 {2}open 0 {2}connecting 10 {2}accepted 0 {2}booting 0 {2}backoff 0 {2}offline 0 /);
});
