import { createHistogram, encodeHistogram, percentiles, recordMs, type Histogram, type Percentiles } from './histogram.js';

type Counts = Record<string, number>;

function bump(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Plain, serialisable figures of a run so far: what reporters and the summary read. */
export interface MetricsSnapshot {
  sent: Counts;
  received: Counts;
  /** Round trip CALL sent → CALLRESULT received, per action, in ms. */
  latency: Record<string, Percentiles>;
  /** Encoded round-trip histograms per action, for exact merging. */
  latencyEncoded: Record<string, string>;
  connectTime: Percentiles;
  bootTime: Percentiles;
  /** Errors by kind: `callerror:<code>`, `timeout:<action>`, `connect:<label>`, `bad-frame`, ... */
  errors: Counts;
  connects: number;
  connectFailures: number;
  reconnects: number;
  disconnects: Counts;
  boots: Counts;
}

/**
 * Collects every measurement of a fleet: one instance is shared by all charge points and
 * serves as their RPC sessions' observer. Cost per message: a counter bump and, for answers,
 * one histogram record. Nothing is kept per charge point.
 */
export class Recorder {
  private readonly sent: Counts = {};
  private readonly received: Counts = {};
  private readonly latency = new Map<string, Histogram>();
  private readonly connectTime = createHistogram();
  private readonly bootTime = createHistogram();
  private readonly errors: Counts = {};
  private readonly disconnects: Counts = {};
  private readonly boots: Counts = {};
  private connects = 0;
  private connectFailures = 0;
  private reconnects = 0;

  callSent(action: string): void {
    bump(this.sent, action);
  }

  callSettled(action: string, outcome: string, roundTripMs: number, errorCode?: string): void {
    if (outcome === 'result' || outcome === 'error') {
      bump(this.received, action);
      let histogram = this.latency.get(action);
      if (!histogram) {
        histogram = createHistogram();
        this.latency.set(action, histogram);
      }
      recordMs(histogram, roundTripMs);
    }
    if (outcome === 'error') bump(this.errors, `callerror:${errorCode ?? 'unknown'}`);
    else if (outcome === 'timeout') bump(this.errors, `timeout:${action}`);
    else if (outcome === 'invalid') bump(this.errors, `invalid-response:${action}`);
  }

  callReceived(action: string): void {
    bump(this.received, action);
  }

  callAnswered(action: string, _handleMs: number, errorCode?: string): void {
    bump(this.sent, action);
    if (errorCode) bump(this.errors, `answered-callerror:${errorCode}`);
  }

  badFrame(_reason: string): void {
    bump(this.errors, 'bad-frame');
  }

  connected(connectMs: number, isReconnect: boolean): void {
    this.connects++;
    if (isReconnect) this.reconnects++;
    recordMs(this.connectTime, connectMs);
  }

  connectFailed(label: string): void {
    this.connectFailures++;
    bump(this.errors, `connect:${label}`);
  }

  disconnected(code: number): void {
    bump(this.disconnects, String(code));
  }

  bootAnswered(status: string, sinceFirstConnectMs: number | null): void {
    bump(this.boots, status);
    if (sinceFirstConnectMs !== null) recordMs(this.bootTime, sinceFirstConnectMs);
  }

  /** A failure outside the RPC session: a step that could not run, an expectation not met. */
  error(kind: string): void {
    bump(this.errors, kind);
  }

  /** The figures so far; `encode` adds the compressed histograms (costly: for final results, not progress). */
  snapshot(encode = true): MetricsSnapshot {
    const latency: Record<string, Percentiles> = {};
    const latencyEncoded: Record<string, string> = {};
    for (const [action, histogram] of this.latency) {
      latency[action] = percentiles(histogram);
      if (encode) latencyEncoded[action] = encodeHistogram(histogram);
    }
    return {
      sent: { ...this.sent }, received: { ...this.received }, latency, latencyEncoded,
      connectTime: percentiles(this.connectTime), bootTime: percentiles(this.bootTime),
      errors: { ...this.errors }, connects: this.connects, connectFailures: this.connectFailures,
      reconnects: this.reconnects, disconnects: { ...this.disconnects }, boots: { ...this.boots },
    };
  }
}
