import { BoundedKeys, nullRecord } from './bounded-keys.js';
import { createHistogram, encodeHistogram, percentiles, recordMs, type Histogram, type Percentiles } from './histogram.js';
import { IntervalTracker, type IntervalFigures } from './intervals.js';

export type Counts = Record<string, number>;

function bump(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** A scheduled send counts as delayed when it left this much later than intended, in ms (above the timer resolution). */
export const DELAYED_SEND_MS = 50;

/** Up to this many examples are kept per failing scenario step (a merge keeps as many). */
export const SAMPLES_PER_STEP = 3;

/** Checks of one scenario step: how many ran, how many failed, and a few failures with the charge point id. */
export interface StepChecks {
  checks: number;
  failures: number;
  samples: Array<{ chargePoint: string; detail: string }>;
}

/** One error as it happened to one charge point. */
export interface RecentError {
  /** Milliseconds since the recorder was created. */
  atMs: number;
  chargePoint: string;
  detail: string;
}

/** How many recent errors are kept (a merge keeps as many). */
export const RECENT_ERRORS = 20;

/** Longest error detail kept (recent errors, step samples), in characters: a peer's text can be megabytes. */
export const MAX_DETAIL_LENGTH = 300;

/** Encoded histograms (compressed base64), for exact merging of runs. */
export interface EncodedHistograms {
  latency: Record<string, string>;
  latencyCorrected: Record<string, string>;
  connect: string;
  boot: string;
  answer: string;
}

/** Plain, serialisable figures of a run so far: what reporters, thresholds and the summary read. */
export interface MetricsSnapshot {
  sent: Counts;
  received: Counts;
  /** Round trip CALL sent → CALLRESULT/CALLERROR received, per action, in ms. */
  latency: Record<string, Percentiles>;
  /** Scheduled actions only: from the intended send time to the answer (coordinated omission corrected). */
  latencyCorrected: Record<string, Percentiles>;
  connectTime: Percentiles;
  bootTime: Percentiles;
  /** Time to answer the central system's CALLs. */
  answerTime: Percentiles;
  /** Errors by kind: `callerror:<code>`, `timeout:<action>`, `connect:<label>`, `bad-frame`, ... */
  errors: Counts;
  timeouts: number;
  callErrors: number;
  connects: number;
  connectFailures: number;
  reconnects: number;
  disconnects: Counts;
  boots: Counts;
  /** Scheduled sends per action, and those of them sent more than DELAYED_SEND_MS late. */
  scheduled: Counts;
  delayed: Counts;
  /** Scenario step checks, keyed `file:line type`. */
  steps: Record<string, StepChecks>;
  /** The last few errors with the charge point they happened to, newest last. */
  recentErrors: RecentError[];
  /** Present when the snapshot was taken with `encode`. */
  histograms?: EncodedHistograms;
}

/**
 * Collects every measurement of a fleet: one instance is shared by all charge points and
 * serves as their RPC sessions' observer. Cost per message: a counter bump and, for answers,
 * one histogram record (two for scheduled sends). Nothing is kept per charge point. Every key
 * that comes from the peer (actions, error codes, close codes, boot statuses) goes through a
 * BoundedKeys: at most MAX_KEYS of each, the rest (and prototype names) counted under OTHER_KEY.
 */
export class Recorder {
  /** One admission per kind of peer key, so a flood of one kind cannot push out another. */
  private readonly keys = { action: new BoundedKeys(), code: new BoundedKeys(), close: new BoundedKeys(), boot: new BoundedKeys(), connect: new BoundedKeys() };
  private readonly sent: Counts = nullRecord();
  private readonly received: Counts = nullRecord();
  private readonly latency = new Map<string, Histogram>();
  private readonly corrected = new Map<string, Histogram>();
  private readonly connectTime = createHistogram();
  private readonly bootTime = createHistogram();
  private readonly answerTime = createHistogram();
  private readonly errors: Counts = nullRecord();
  private readonly disconnects: Counts = nullRecord();
  private readonly boots: Counts = nullRecord();
  private readonly scheduled: Counts = nullRecord();
  private readonly delayed: Counts = nullRecord();
  private readonly steps: Record<string, StepChecks> = nullRecord();
  private readonly intervals = new IntervalTracker();
  private readonly recent: RecentError[] = [];
  private readonly createdAt = performance.now();
  private timeouts = 0;
  private callErrors = 0;
  private connects = 0;
  private connectFailures = 0;
  private reconnects = 0;

  callSent(peerAction: string, lateByMs?: number): void {
    const action = this.keys.action.key(peerAction);
    bump(this.sent, action);
    if (lateByMs === undefined) return;
    bump(this.scheduled, action);
    if (lateByMs > DELAYED_SEND_MS) bump(this.delayed, action);
  }

  callSettled(peerAction: string, outcome: string, roundTripMs: number, errorCode?: string, sinceIntendedMs?: number): void {
    const action = this.keys.action.key(peerAction);
    if (outcome === 'result' || outcome === 'error') {
      bump(this.received, action);
      recordMs(histogramOf(this.latency, action), roundTripMs);
      if (sinceIntendedMs !== undefined) recordMs(histogramOf(this.corrected, action), sinceIntendedMs);
    }
    if (outcome === 'error') {
      this.callErrors++;
      bump(this.errors, `callerror:${this.keys.code.key(errorCode ?? 'unknown')}`);
    } else if (outcome === 'timeout') {
      this.timeouts++;
      bump(this.errors, `timeout:${action}`);
    } else if (outcome === 'invalid') bump(this.errors, `invalid-response:${action}`);
  }

  callReceived(action: string): void {
    bump(this.received, this.keys.action.key(action));
  }

  callAnswered(action: string, handleMs: number, errorCode?: string): void {
    bump(this.sent, this.keys.action.key(action));
    recordMs(this.answerTime, handleMs);
    if (errorCode) bump(this.errors, `answered-callerror:${this.keys.code.key(errorCode)}`);
  }

  badFrame(_reason: string): void {
    bump(this.errors, 'bad-frame');
  }

  /** 2.1 SEND out: counted as sent; nothing answers it, so it has no latency. */
  sendSent(action: string): void {
    bump(this.sent, this.keys.action.key(action));
  }

  /** 2.1 SEND in: counted as received. */
  sendReceived(action: string): void {
    bump(this.received, this.keys.action.key(action));
  }

  /** 2.1: the central system refused one of our CALLRESULTs. */
  resultRefused(code: string): void {
    bump(this.errors, `callresulterror:${this.keys.code.key(code)}`);
  }

  connected(connectMs: number, isReconnect: boolean): void {
    this.connects++;
    if (isReconnect) this.reconnects++;
    recordMs(this.connectTime, connectMs);
  }

  connectFailed(label: string): void {
    this.connectFailures++;
    bump(this.errors, `connect:${this.keys.connect.key(label)}`);
  }

  disconnected(code: number): void {
    bump(this.disconnects, this.keys.close.key(String(code)));
  }

  bootAnswered(status: string, sinceFirstConnectMs: number | null): void {
    bump(this.boots, this.keys.boot.key(status));
    if (sinceFirstConnectMs !== null) recordMs(this.bootTime, sinceFirstConnectMs);
  }

  /** One check of a scenario step; a failure keeps a few examples with the charge point id. */
  stepChecked(step: string, chargePoint: string, failure?: string): void {
    const entry = (this.steps[step] ??= { checks: 0, failures: 0, samples: [] });
    entry.checks++;
    if (failure === undefined) return;
    entry.failures++;
    bump(this.errors, 'expectation');
    if (entry.samples.length < SAMPLES_PER_STEP) entry.samples.push({ chargePoint, detail: failure.slice(0, MAX_DETAIL_LENGTH) });
    this.noteError(chargePoint, failure);
  }

  /** Remembers an error with its charge point id, for the dashboard's last-errors list; keeps the last 20, each cut to MAX_DETAIL_LENGTH. */
  noteError(chargePoint: string, detail: string): void {
    if (this.recent.length >= RECENT_ERRORS) this.recent.shift();
    this.recent.push({ atMs: Math.round(performance.now() - this.createdAt), chargePoint, detail: detail.slice(0, MAX_DETAIL_LENGTH) });
  }

  /** A failure outside the RPC session: a step that could not run. */
  error(kind: string): void {
    bump(this.errors, kind);
  }

  /** Figures since the previous call (or the start): message and error deltas, per-action p50/p99. */
  interval(elapsedMs: number): IntervalFigures {
    return this.intervals.take(elapsedMs, this.sent, this.received, this.errors, this.latency);
  }

  /** The figures so far; `encode` adds the compressed histograms (costly: for results, not progress). */
  snapshot(encode = true): MetricsSnapshot {
    const snap: MetricsSnapshot = {
      sent: { ...this.sent }, received: { ...this.received },
      latency: mapValues(this.latency, percentiles), latencyCorrected: mapValues(this.corrected, percentiles),
      connectTime: percentiles(this.connectTime), bootTime: percentiles(this.bootTime), answerTime: percentiles(this.answerTime),
      errors: { ...this.errors }, timeouts: this.timeouts, callErrors: this.callErrors,
      connects: this.connects, connectFailures: this.connectFailures, reconnects: this.reconnects,
      disconnects: { ...this.disconnects }, boots: { ...this.boots },
      scheduled: { ...this.scheduled }, delayed: { ...this.delayed },
      steps: JSON.parse(JSON.stringify(this.steps)) as Record<string, StepChecks>,
      recentErrors: this.recent.map((e) => ({ ...e })),
    };
    if (encode) {
      snap.histograms = {
        latency: mapValues(this.latency, encodeHistogram), latencyCorrected: mapValues(this.corrected, encodeHistogram),
        connect: encodeHistogram(this.connectTime), boot: encodeHistogram(this.bootTime), answer: encodeHistogram(this.answerTime),
      };
    }
    return snap;
  }
}

function histogramOf(map: Map<string, Histogram>, key: string): Histogram {
  let histogram = map.get(key);
  if (!histogram) {
    histogram = createHistogram();
    map.set(key, histogram);
  }
  return histogram;
}

function mapValues<T>(map: Map<string, Histogram>, fn: (h: Histogram) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, histogram] of map) out[key] = fn(histogram);
  return out;
}
