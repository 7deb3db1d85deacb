import { emptyStateCounts, type StateCounts } from '../../../src/chargepoint/states.js';
import type { Percentiles } from '../../../src/metrics/histogram.js';
import type { MetricsSnapshot } from '../../../src/metrics/recorder.js';
import type { FleetSnapshot } from '../../../src/runner/fleet.js';
import type { DashboardFrame } from '../../../src/ui/dashboard/sampler.js';

/** Percentiles with every figure given, in ms. */
export function pct(count: number, min: number, p50: number, p90: number, p95: number, p99: number, max: number): Percentiles {
  return { count, min, mean: p50, p50, p90, p95, p99, max };
}

export const NONE: Percentiles = pct(0, 0, 0, 0, 0, 0, 0);

export function metrics(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
  return {
    sent: {}, received: {}, inbound: {}, answered: {}, answeredWithError: {}, latency: {}, latencyCorrected: {},
    connectTime: NONE, bootTime: NONE, answerTime: NONE, answerByAction: {}, latencyScheduled: {}, backlogAge: {}, skipped: {}, backlog: {},
    errors: {}, anomalies: {}, timeouts: 0, callErrors: 0, invalidAnswers: 0, connectionLost: 0, unanswered: 0, connects: 0, connectFailures: 0, reconnects: 0, disconnects: {}, boots: {},
    scheduled: {}, delayed: {}, steps: {}, recentErrors: [], ...overrides,
  };
}

export function states(counts: Partial<StateCounts>): StateCounts {
  return { ...emptyStateCounts(), ...counts };
}

export function snapshot(overrides: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return {
    count: 5000, started: 1200, open: 1100, everConnected: 1150, everBooted: 1000, localFailures: 0, lost: 0, firstError: undefined, allBootedMs: undefined,
    paused: false, states: states({ idle: 3800, connecting: 50, booting: 50, accepted: 1000, backoff: 100 }), metrics: metrics(), ...overrides,
  };
}

/** A busy run: three actions, one with a corrected p99 that differs, errors of several kinds. */
export function busySnapshot(overrides: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return snapshot({
    metrics: metrics({
      sent: { BootNotification: 1150, Heartbeat: 4000, StatusNotification: 2300 },
      received: { BootNotification: 1100, Heartbeat: 3990, StatusNotification: 2290 },
      latency: {
        BootNotification: pct(1100, 2.1, 12.3, 45.6, 60.2, 120, 250),
        Heartbeat: pct(3990, 0.5, 1.5, 3.2, 4.1, 8.25, 31),
        StatusNotification: pct(2290, 0.9, 2.2, 4.4, 5.5, 9.9, 40),
      },
      latencyCorrected: { Heartbeat: pct(3990, 0.5, 1.6, 5, 9, 210, 400) },
      errors: { 'callerror:InternalError': 12, 'timeout:Heartbeat': 3, 'connect:ECONNREFUSED': 7 },
      timeouts: 3, callErrors: 12, connects: 1160, connectFailures: 7, reconnects: 10, disconnects: { 1006: 4, 1000: 1 },
      recentErrors: [
        { atMs: 1000, chargePoint: 'CP-0001', detail: 'connect: ECONNREFUSED' },
        { atMs: 2000, chargePoint: 'CP-0002', detail: 'CallError InternalError on StatusNotification' },
        { atMs: 3000, chargePoint: 'CP-0003', detail: 'timeout waiting for Heartbeat answer' },
        { atMs: 4000, chargePoint: 'CP-0004', detail: 'CallError InternalError on StatusNotification' },
        { atMs: 5000, chargePoint: 'CP-0005', detail: 'connect: ECONNREFUSED' },
        { atMs: 6000, chargePoint: 'CP-0006', detail: 'timeout waiting for Heartbeat answer' },
      ],
    }),
    ...overrides,
  });
}

/** A frame of `snap` 12.5 s into the run, with a steady minute of history. */
export function frame(snap: FleetSnapshot = busySnapshot(), overrides: Partial<DashboardFrame> = {}): DashboardFrame {
  const samples = Array.from({ length: 61 }, (_, i) => ({ atMs: i * 1000, sent: i * 100, received: i * 100, connects: i * 10 }));
  return {
    snapshot: snap, elapsedMs: 12_500, samples, sentPerSec: 100, receivedPerSec: 100, connectsPerSec: 10,
    tool: { cpuSeconds: 0, cpuPercent: 42, rssBytes: 150 * 1024 * 1024, loopDelayP99Ms: 3.5 }, stages: undefined, ...overrides,
  };
}

export const HEADER = { url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6', durationMs: 40_000 };

/** Lines of a frame without colour codes or trailing spaces. */
export function plainLines(frame: string | undefined): string[] {
  // eslint-disable-next-line no-control-regex
  return (frame ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => l.trimEnd());
}
