import { createHistogram, percentiles, type Histogram } from './histogram.js';

type Counts = Record<string, number>;

/** The figures of one reporting interval (10 s by default). */
export interface IntervalFigures {
  /** End of the interval, in seconds since the run started. */
  t: number;
  /** Length of the interval, in seconds. */
  seconds: number;
  sent: number;
  received: number;
  /** Messages sent and received per second during the interval. */
  messagesPerSec: number;
  errors: number;
  /** Errors during the interval by category: the part of the error's kind before ':' (`timeout`, `callerror`, `connect`, …). */
  errorCategories: Record<string, number>;
  /** Round-trip p50/p95/p99 per action for answers received during the interval, in ms. */
  latency: Record<string, { count: number; p50: number; p95: number; p99: number }>;
  /** Filled in by the runner: charge points connected now and booted so far, and by state now. */
  connected?: number;
  booted?: number;
  states?: Record<string, number>;
}

const sum = (counts: Counts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Turns cumulative counters and histograms into per-interval figures: it keeps a copy of each
 * histogram at the last boundary and subtracts it, so recording costs nothing extra.
 */
export class IntervalTracker {
  private lastMs = 0;
  private lastSent = 0;
  private lastReceived = 0;
  private lastErrors = 0;
  private lastCategories = new Map<string, number>();
  private readonly lastLatency = new Map<string, Histogram>();

  /** `sent` and `received` are summed over every record given (CALLs and answers, both ways). */
  take(elapsedMs: number, sent: readonly Counts[], received: readonly Counts[], errors: Counts, latency: ReadonlyMap<string, Histogram>): IntervalFigures {
    const seconds = Math.max(0.001, (elapsedMs - this.lastMs) / 1000);
    const totals = { sent: sent.reduce((n, c) => n + sum(c), 0), received: received.reduce((n, c) => n + sum(c), 0), errors: sum(errors) };
    const figures: IntervalFigures = {
      t: Math.round(elapsedMs / 100) / 10, seconds: Math.round(seconds * 10) / 10,
      sent: totals.sent - this.lastSent, received: totals.received - this.lastReceived,
      messagesPerSec: Math.round((totals.sent - this.lastSent + totals.received - this.lastReceived) / seconds),
      errors: totals.errors - this.lastErrors, errorCategories: {}, latency: {},
    };
    const categories = new Map<string, number>();
    for (const [kind, count] of Object.entries(errors)) {
      const category = kind.split(':')[0] as string;
      categories.set(category, (categories.get(category) ?? 0) + count);
    }
    for (const [category, count] of categories) {
      const delta = count - (this.lastCategories.get(category) ?? 0);
      if (delta > 0) figures.errorCategories[category] = delta;
    }
    this.lastCategories = categories;
    for (const [action, cumulative] of latency) {
      const previous = this.lastLatency.get(action);
      const delta = createHistogram();
      delta.add(cumulative);
      if (previous) delta.subtract(previous);
      if (delta.totalCount > 0) {
        const p = percentiles(delta);
        figures.latency[action] = { count: p.count, p50: p.p50, p95: p.p95, p99: p.p99 };
      }
      const copy = createHistogram();
      copy.add(cumulative);
      this.lastLatency.set(action, copy);
    }
    this.lastMs = elapsedMs;
    this.lastSent = totals.sent;
    this.lastReceived = totals.received;
    this.lastErrors = totals.errors;
    return figures;
  }
}
