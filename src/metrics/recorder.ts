import { BoundedKeys, bump, nullRecord } from './bounded-keys.js';
import { createHistogram, encodeHistogram, percentiles, recordMs, type Histogram } from './histogram.js';
import { IntervalTracker, type IntervalFigures } from './intervals.js';
import { OfflineCounts } from './offline-counts.js';
import { DELAYED_SEND_MS, RECENT_ERRORS, SAMPLES_PER_STEP, type Counts, type MetricsSnapshot, type RecentError, type StepChecks } from './snapshot.js';

export { DELAYED_SEND_MS, RECENT_ERRORS, SAMPLES_PER_STEP };

/** Longest error detail kept (recent errors, step samples), in characters: a peer's text can be megabytes. */
export const MAX_DETAIL_LENGTH = 300;
export type { Counts, EncodedHistograms, MetricsSnapshot, RecentError, StepChecks } from './snapshot.js';

/** How a CALL of the fleet ended, as the RPC session reports it. */
type Outcome = 'result' | 'error' | 'timeout' | 'closed' | 'invalid';

/**
 * Collects every measurement of a fleet: one instance is shared by all charge points and
 * serves as their RPC sessions' observer. Each event is counted once, in one category (see
 * MetricsSnapshot). Cost per message: a counter bump and, for answers, one histogram record
 * (two for scheduled sends). Nothing is kept per charge point. Every key that comes from the
 * peer (actions, error codes, close codes, boot statuses, connect causes) goes through a
 * BoundedKeys: at most MAX_KEYS of each, the rest (and prototype names) counted under OTHER_KEY.
 */
export class Recorder {
  /** One admission per kind of peer key, so a flood of one kind cannot push out another. */
  private readonly keys = { action: new BoundedKeys(), code: new BoundedKeys(), close: new BoundedKeys(), boot: new BoundedKeys(), connect: new BoundedKeys(), firmware: new BoundedKeys() };
  private readonly sent: Counts = nullRecord();
  private readonly received: Counts = nullRecord();
  private readonly inbound: Counts = nullRecord();
  private readonly answered: Counts = nullRecord();
  private readonly answeredWithError: Counts = nullRecord();
  private readonly latency = new Map<string, Histogram>();
  private readonly corrected = new Map<string, Histogram>();
  private readonly scheduledActual = new Map<string, Histogram>();
  private readonly backlogAge = new Map<string, Histogram>();
  private readonly skipped: Counts = nullRecord();
  private readonly backlog: Counts = nullRecord();
  private readonly answerByAction = new Map<string, Histogram>();
  private readonly connectTime = createHistogram();
  private readonly bootTime = createHistogram();
  private readonly answerTime = createHistogram();
  private readonly errors: Counts = nullRecord();
  private readonly anomalies: Counts = nullRecord();
  private readonly disconnects: Counts = nullRecord();
  private readonly boots: Counts = nullRecord();
  private readonly firmware: Counts = nullRecord();
  private readonly scheduled: Counts = nullRecord();
  private readonly delayed: Counts = nullRecord();
  private readonly steps: Record<string, StepChecks> = nullRecord();
  private readonly intervals = new IntervalTracker();
  private readonly recent: RecentError[] = [];
  private readonly createdAt = performance.now();
  private readonly totals = { timeouts: 0, callErrors: 0, invalidAnswers: 0, connectionLost: 0, unanswered: 0, connects: 0, connectFailures: 0, reconnects: 0 };
  private ended = false;
  /** The offline queue's figures (offline-counts.ts), their actions bounded with the others. */
  readonly offline = new OfflineCounts(this.keys.action);

  callSent(peerAction: string, lateByMs?: number): void {
    const action = this.keys.action.key(peerAction);
    bump(this.sent, action);
    if (lateByMs === undefined) return;
    bump(this.scheduled, action);
    if (lateByMs > DELAYED_SEND_MS) bump(this.delayed, action);
  }

  /** One CALL of the fleet ended: one outcome, counted once. */
  callSettled(peerAction: string, outcome: Outcome, roundTripMs: number, errorCode?: string, sinceIntendedMs?: number): void {
    const action = this.keys.action.key(peerAction);
    if (outcome === 'result' || outcome === 'error' || outcome === 'invalid') {
      bump(this.received, action);
      recordMs(histogramOf(this.latency, action), roundTripMs);
      if (sinceIntendedMs !== undefined) {
        recordMs(histogramOf(this.corrected, action), sinceIntendedMs);
        recordMs(histogramOf(this.scheduledActual, action), roundTripMs);
      }
    }
    switch (outcome) {
      case 'error':
        this.totals.callErrors++;
        bump(this.errors, `callerror:${this.keys.code.key(errorCode ?? 'unknown')}`);
        return;
      case 'invalid':
        this.totals.invalidAnswers++;
        bump(this.errors, `invalid-answer:${action}`);
        return;
      case 'timeout':
        this.totals.timeouts++;
        bump(this.errors, `timeout:${action}`);
        return;
      case 'closed':
        // Closed by the end of the run (after the graceful stop) or by a lost connection.
        if (this.ended) {
          this.totals.unanswered++;
          bump(this.errors, `unanswered:${action}`);
        } else {
          this.totals.connectionLost++;
          bump(this.errors, `connection-lost:${action}`);
        }
        return;
      default:
    }
  }

  /** `slots` grid slots of a scheduled action passed while its previous send was still late: not sent, counted. */
  scheduleSkipped(peerAction: string, slots: number): void {
    bump(this.skipped, this.keys.action.key(peerAction), slots);
  }

  /** A scheduled send still queued (never sent) when the run ended, `lateByMs` after its intended time. */
  backlogged(peerAction: string, lateByMs: number): void {
    const action = this.keys.action.key(peerAction);
    bump(this.backlog, action);
    recordMs(histogramOf(this.backlogAge, action), lateByMs);
  }

  /** From now on a CALL cut off by a close is one the run ended without an answer (`unanswered`). */
  endOfRun(): void {
    this.ended = true;
  }

  callReceived(peerAction: string): void {
    bump(this.inbound, this.keys.action.key(peerAction));
  }

  callAnswered(peerAction: string, handleMs: number, errorCode?: string): void {
    const action = this.keys.action.key(peerAction);
    bump(this.answered, action);
    recordMs(this.answerTime, handleMs);
    recordMs(histogramOf(this.answerByAction, action), handleMs);
    if (errorCode) bump(this.answeredWithError, action);
  }

  /** A received frame that is not an operation of its own (see MetricsSnapshot.anomalies). */
  badFrame(_reason: string, kind = 'unparseable-frame'): void {
    bump(this.anomalies, kind);
  }

  /** 2.1 SEND out: counted as sent (one-way: it has no answer, no outcome and no latency). */
  sendSent(action: string): void {
    bump(this.sent, this.keys.action.key(action));
  }

  /** 2.1 SEND in: counted as received. */
  sendReceived(action: string): void {
    bump(this.received, this.keys.action.key(action));
  }

  /** 2.1: the central system refused one of our answers (a CALLRESULTERROR): no operation of the fleet failed, an anomaly. */
  resultRefused(code: string): void {
    bump(this.anomalies, `callresulterror:${this.keys.code.key(code)}`);
  }

  connected(connectMs: number, isReconnect: boolean): void {
    this.totals.connects++;
    if (isReconnect) this.totals.reconnects++;
    recordMs(this.connectTime, connectMs);
  }

  connectFailed(label: string): void {
    this.totals.connectFailures++;
    bump(this.errors, `connect:${this.keys.connect.key(label)}`);
  }

  disconnected(code: number): void {
    bump(this.disconnects, this.keys.close.key(String(code)));
  }

  bootAnswered(status: string, sinceFirstConnectMs: number | null): void {
    bump(this.boots, this.keys.boot.key(status));
    if (sinceFirstConnectMs !== null) recordMs(this.bootTime, sinceFirstConnectMs);
  }

  /** A firmware update's own FirmwareStatusNotification (not one a TriggerMessage asked for), by status. */
  firmwareStatus(status: string): void {
    bump(this.firmware, this.keys.firmware.key(status));
  }

  /** One check of a scenario step, `elapsedMs` spent on it; a failure keeps a few examples with the charge point id. */
  stepChecked(step: string, chargePoint: string, failure?: string, elapsedMs = 0): void {
    const entry = (this.steps[step] ??= { checks: 0, failures: 0, totalMs: 0, samples: [] });
    entry.checks++;
    entry.totalMs += elapsedMs;
    if (failure === undefined) return;
    entry.failures++;
    if (entry.samples.length < SAMPLES_PER_STEP) entry.samples.push({ chargePoint, detail: failure.slice(0, MAX_DETAIL_LENGTH) });
    this.noteError(chargePoint, failure);
  }

  /** Remembers an error with its charge point id, for the dashboard's last-errors list; keeps the last 20, each cut to MAX_DETAIL_LENGTH. */
  noteError(chargePoint: string, detail: string): void {
    if (this.recent.length >= RECENT_ERRORS) this.recent.shift();
    this.recent.push({ atMs: Math.round(performance.now() - this.createdAt), chargePoint, detail: detail.slice(0, MAX_DETAIL_LENGTH) });
  }

  /** A connection cut because the central system stopped reading what we write (a ping flood): an anomaly, not an operation. */
  peerNotReading(): void {
    bump(this.anomalies, 'peer-not-reading');
  }

  /** A fault of the simulator itself (`scenario-crash`, `internal-error`): an anomaly, not an operation. */
  fault(kind: string): void {
    bump(this.anomalies, kind);
  }

  /** Figures since the previous call (or the start): message and error deltas, per-action p50/p99. */
  interval(elapsedMs: number): IntervalFigures {
    return this.intervals.take(elapsedMs, [this.sent, this.answered], [this.received, this.inbound], this.errors, this.latency);
  }

  /** The figures so far; `encode` adds the compressed histograms (costly: for results, not progress). */
  snapshot(encode = true): MetricsSnapshot {
    const snap: MetricsSnapshot = {
      sent: { ...this.sent }, received: { ...this.received }, inbound: { ...this.inbound },
      answered: { ...this.answered }, answeredWithError: { ...this.answeredWithError },
      latency: mapValues(this.latency, percentiles), latencyCorrected: mapValues(this.corrected, percentiles),
      latencyScheduled: mapValues(this.scheduledActual, percentiles), backlogAge: mapValues(this.backlogAge, percentiles),
      skipped: { ...this.skipped }, backlog: { ...this.backlog },
      connectTime: percentiles(this.connectTime), bootTime: percentiles(this.bootTime), answerTime: percentiles(this.answerTime),
      answerByAction: mapValues(this.answerByAction, percentiles),
      ...this.offline.snapshot(),
      errors: { ...this.errors }, anomalies: { ...this.anomalies }, ...this.totals,
      disconnects: { ...this.disconnects }, boots: { ...this.boots }, firmware: { ...this.firmware },
      scheduled: { ...this.scheduled }, delayed: { ...this.delayed },
      steps: structuredClone(this.steps),
      recentErrors: this.recent.map((e) => ({ ...e })),
    };
    if (encode) {
      snap.histograms = {
        latency: mapValues(this.latency, encodeHistogram), latencyCorrected: mapValues(this.corrected, encodeHistogram),
        connect: encodeHistogram(this.connectTime), boot: encodeHistogram(this.bootTime), answer: encodeHistogram(this.answerTime),
        answerByAction: mapValues(this.answerByAction, encodeHistogram),
        latencyScheduled: mapValues(this.scheduledActual, encodeHistogram), backlogAge: mapValues(this.backlogAge, encodeHistogram),
        ...this.offline.encoded(),
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
