import { decodeHistogram, mergeEncoded, type Histogram } from './histogram.js';
import type { Counts, MetricsSnapshot } from './recorder.js';

/**
 * What thresholds are judged on. `histogram` gives a time metric's histogram (microseconds), or
 * undefined when nothing was recorded; `counter` gives a counter metric's count and rate (see
 * COUNTER_METRICS), or undefined when its rate's denominator is 0 or the metric is unknown.
 */
export interface ThresholdData {
  histogram(metric: string): Histogram | undefined;
  counter(metric: string): { count: number; rate: number } | undefined;
  /** What a counter metric's rate divides by (CALLs sent, charge points, …), or undefined if unknown. */
  denominator?(metric: string): number | undefined;
}

/**
 * The part of a RunResult (or of a live fleet snapshot with the run's elapsed time) that
 * thresholds read; a RunResult is one. Declared here because metrics/ does not import runner/.
 */
export interface ThresholdSource {
  /** Time the run has lasted, in ms: the denominator of `messages:rate`. */
  elapsedMs: number;
  fleet: {
    /** Charge points in the fleet, and of them started, ever connected, ever booted (Accepted). */
    count: number;
    started: number;
    everConnected: number;
    everBooted: number;
    /** Never connected for a cause on this machine (see FleetSnapshot.localFailures). */
    localFailures: number;
    /** Charge points per state; `gave-up` ended retries on a fatal connect error. */
    states: { 'gave-up': number };
    /** Time metrics have data only if the snapshot carries `histograms`. */
    metrics: MetricsSnapshot;
  };
}

const CORRECTED = '.corrected';
const sum = (counts: Counts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * ThresholdData over a run's result. Histograms are decoded on first use and cached (`latency`
 * merges every action's round-trip histogram, `latency.corrected` every corrected one); counters
 * are computed on each call from the snapshot's plain figures.
 */
export function thresholdDataFrom(result: ThresholdSource): ThresholdData {
  const { fleet, elapsedMs } = result;
  const m = fleet.metrics;
  const cache = new Map<string, Histogram | undefined>();

  function encodedOf(metric: string): string | undefined {
    const h = m.histograms;
    if (!h) return undefined;
    switch (metric) {
      case 'latency': return mergeEncoded(Object.values(h.latency));
      case 'latency.corrected': return mergeEncoded(Object.values(h.latencyCorrected));
      case 'connect': return h.connect;
      case 'boot': return h.boot;
      case 'answer': return h.answer;
    }
    const corrected = metric.endsWith(CORRECTED);
    const action = corrected ? metric.slice(0, -CORRECTED.length) : metric;
    const table = corrected ? h.latencyCorrected : h.latency;
    return Object.hasOwn(table, action) ? table[action] : undefined;
  }

  // Every CALL sent ends in one outcome and every attempt in one, and `errors` counts each failed
  // one once: errors ≤ CALLs sent + attempts, so errors:rate ≤ 100 %.
  const callsSent = sum(m.sent);
  const attempts = m.connects + m.connectFailures;
  const steps = Object.values(m.steps);

  /** [count, denominator of the rate] per counter metric. */
  function figures(metric: string): [number, number] | undefined {
    switch (metric) {
      case 'errors': return [sum(m.errors), callsSent + attempts];
      case 'timeouts': return [m.timeouts, callsSent];
      case 'callerrors': return [m.callErrors, callsSent];
      case 'answered': return [sum(m.received), callsSent];
      case 'unanswered': return [m.unanswered, callsSent];
      case 'invalid_answers': return [m.invalidAnswers, callsSent];
      case 'local_failures': return [fleet.localFailures, fleet.count];
      case 'gave_up': return [fleet.states['gave-up'], fleet.count];
      case 'booted': return [fleet.everBooted, fleet.count];
      case 'connected': return [fleet.everConnected, fleet.count];
      case 'failed': return [fleet.started - fleet.everBooted, fleet.count];
      case 'reconnects': return [m.reconnects, fleet.count];
      case 'disconnects': return [sum(m.disconnects), fleet.count];
      case 'connect_failures': return [m.connectFailures, fleet.count];
      case 'delayed': return [sum(m.delayed), sum(m.scheduled)];
      case 'expectations': return [steps.reduce((n, s) => n + s.failures, 0), steps.reduce((n, s) => n + s.checks, 0)];
      case 'messages': return [sum(m.sent) + sum(m.received) + sum(m.inbound) + sum(m.answered), elapsedMs / 1000];
      default: return undefined;
    }
  }

  return {
    histogram(metric) {
      if (!cache.has(metric)) {
        const encoded = encodedOf(metric);
        const histogram = encoded === undefined ? undefined : decodeHistogram(encoded);
        cache.set(metric, histogram && histogram.totalCount > 0 ? histogram : undefined);
      }
      return cache.get(metric);
    },
    counter(metric) {
      const found = figures(metric);
      if (!found || !(found[1] > 0)) return undefined;
      return { count: found[0], rate: found[0] / found[1] };
    },
    denominator: (metric) => figures(metric)?.[1],
  };
}
