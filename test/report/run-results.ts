import { emptyStateCounts } from '../../src/chargepoint/states.js';
import { createHistogram, encodeHistogram, percentiles, recordMs, type Histogram, type Percentiles } from '../../src/metrics/histogram.js';
import type { IntervalFigures } from '../../src/metrics/intervals.js';
import type { Counts, MetricsSnapshot, StepChecks } from '../../src/metrics/recorder.js';
import type { FleetSnapshot } from '../../src/runner/fleet.js';
import type { RunResult } from '../../src/runner/run.js';

/** Samples in ms for every histogram of a run; actions map to their round trips. */
export interface Samples {
  latency: Record<string, number[]>;
  corrected: Record<string, number[]>;
  connect: number[];
  boot: number[];
  answer: number[];
}

/** Deterministic pseudo-random latencies in ms: a long-tailed spread from `seed`. */
export function latencies(count: number, seed: number, scaleMs = 20): number[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => Math.round(scaleMs * (0.2 + next() * 2 + (next() < 0.02 ? 40 * next() : 0)) * 1000) / 1000);
}

/** A histogram holding `values` (ms), recorded the way the recorder does. */
export function histogramOf(...values: ReadonlyArray<readonly number[]>): Histogram {
  const histogram = createHistogram();
  for (const list of values) for (const ms of list) recordMs(histogram, ms);
  return histogram;
}

function figures<K extends string>(map: Record<K, number[]>): { percentiles: Record<string, Percentiles>; encoded: Record<string, string> } {
  const out = { percentiles: {} as Record<string, Percentiles>, encoded: {} as Record<string, string> };
  for (const [key, values] of Object.entries(map) as Array<[string, number[]]>) {
    const histogram = histogramOf(values);
    out.percentiles[key] = percentiles(histogram);
    out.encoded[key] = encodeHistogram(histogram);
  }
  return out;
}

const count = (map: Record<string, number[]>): Counts => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.length]));

/** Everything a test may set on a run besides its samples. */
export interface RunSpec {
  samples: Samples;
  result?: Partial<Omit<RunResult, 'fleet'>>;
  fleet?: Partial<Omit<RunResult['fleet'], 'metrics'>>;
  metrics?: Partial<Omit<MetricsSnapshot, 'latency' | 'latencyCorrected' | 'connectTime' | 'bootTime' | 'answerTime' | 'histograms'>>;
  steps?: Record<string, StepChecks>;
  intervals?: IntervalFigures[];
}

/**
 * A RunResult whose figures and encoded histograms come from really recording `samples`
 * into histograms: nothing hand-written but the counters.
 */
export function runResult(spec: RunSpec): RunResult {
  const { samples } = spec;
  const latency = figures(samples.latency);
  const corrected = figures(samples.corrected);
  const single = (values: number[]): { p: Percentiles; e: string } => {
    const h = histogramOf(values);
    return { p: percentiles(h), e: encodeHistogram(h) };
  };
  const connect = single(samples.connect);
  const boot = single(samples.boot);
  const answer = single(samples.answer);
  const metrics: MetricsSnapshot = {
    sent: count(samples.latency), received: count(samples.latency), inbound: {}, answered: {}, answeredWithError: {},
    latency: latency.percentiles, latencyCorrected: corrected.percentiles,
    connectTime: connect.p, bootTime: boot.p, answerTime: answer.p, answerByAction: {}, latencyScheduled: {}, backlogAge: {}, skipped: {}, backlog: {},
    errors: {}, anomalies: {}, timeouts: 0, callErrors: 0, invalidAnswers: 0, connectionLost: 0, unanswered: 0, connects: samples.connect.length, connectFailures: 0, reconnects: 0,
    disconnects: {}, boots: { Accepted: samples.boot.length }, scheduled: count(samples.corrected), delayed: {},
    steps: spec.steps ?? {}, recentErrors: [],
    histograms: { latency: latency.encoded, latencyCorrected: corrected.encoded, connect: connect.e, boot: boot.e, answer: answer.e, answerByAction: {}, latencyScheduled: {}, backlogAge: {} },
  };
  Object.assign(metrics, spec.metrics);
  const states = emptyStateCounts();
  states.closed = samples.boot.length;
  const fleet: FleetSnapshot = {
    count: samples.boot.length, started: samples.boot.length, open: 0, everConnected: samples.boot.length,
    everBooted: samples.boot.length, localFailures: 0, lost: 0, states, firstError: undefined, allBootedMs: 1500, paused: false, metrics,
  };
  const result: RunResult = {
    outcome: 'completed', url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6',
    startedAt: '2024-05-01T10:00:00.000Z', elapsedMs: 30_004.5, durationMs: 30_000, error: undefined,
    intervals: spec.intervals ?? [], fleet: Object.assign(fleet, spec.fleet),
  };
  return Object.assign(result, spec.result);
}

/** Samples of a small run: BootNotification and Heartbeat round trips, Heartbeat scheduled. */
export function smallSamples(seed: number, chargePoints = 10): Samples {
  return {
    latency: { BootNotification: latencies(chargePoints, seed, 40), Heartbeat: latencies(chargePoints * 20, seed + 1, 5) },
    corrected: { Heartbeat: latencies(chargePoints * 20, seed + 2, 6) },
    connect: latencies(chargePoints, seed + 3, 3),
    boot: latencies(chargePoints, seed + 4, 50),
    answer: latencies(3, seed + 5, 1),
  };
}
