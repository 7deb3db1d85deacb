import { ownValue } from '../../metrics/bounded-keys.js';
import type { Histogram } from '../../metrics/histogram.js';
import { histogramReader } from '../parse-summary.js';
import type { SummaryDocument, SummaryInterval } from '../summary-document.js';

/** One run's figures over time, column by column (uPlot's data layout), and its latency distributions. */
export interface RunSeries {
  /** End of each interval, in seconds since the start. */
  t: number[];
  connected: number[];
  booted: number[];
  messagesPerSec: number[];
  /** Round trip per action and interval, in ms; null where the interval had no answer or no percentiles (merged summaries). */
  latency: Record<string, { p50: Array<number | null>; p95: Array<number | null>; p99: Array<number | null> }>;
  /** Errors per interval by category. */
  errors: Record<string, number[]>;
  /** Percentile plot per action: x = 1 / (1 − q) (1 at the median… n at the maximum), y in ms. */
  distribution: Record<string, { actual: Array<[number, number]>; corrected?: Array<[number, number]> }>;
}

/** Points per decade of 1 / (1 − q) in a percentile plot. */
const STEPS_PER_DECADE = 20;

/** The HdrHistogram plotter's view of a histogram: values at percentiles spaced evenly on a log scale of 1 / (1 − q), up to the maximum. */
function percentileCurve(encoded: string, read: (encoded: string) => Histogram): Array<[number, number]> {
  const h = read(encoded);
  const n = h.totalCount;
  if (n === 0) return [];
  const last = Math.max(1, n);
  const points: Array<[number, number]> = [];
  for (let i = 0; ; i++) {
    const x = 10 ** (i / STEPS_PER_DECADE);
    if (x >= last) break;
    points.push([x, Math.min(h.maxValue, h.getValueAtPercentile(100 * (1 - 1 / x))) / 1000]);
  }
  points.push([last, h.maxValue / 1000]);
  return points;
}

/**
 * Merges consecutive intervals into intervals of at least `seconds`: counts summed, rates
 * recomputed, charge points as at the end, and per-action percentiles as the largest of the
 * merged intervals (an upper envelope: percentiles of several intervals cannot be combined
 * exactly without their histograms). Finer than recorded returns the intervals unchanged. Pure.
 */
export function resampleIntervals(intervals: readonly SummaryInterval[], seconds: number | undefined): SummaryInterval[] {
  if (!seconds || intervals.length === 0 || seconds <= Math.max(...intervals.map((i) => i.seconds))) return [...intervals];
  const out: SummaryInterval[] = [];
  let group: SummaryInterval[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const span = group.reduce((s, i) => s + i.seconds, 0);
    const last = group.at(-1) as SummaryInterval;
    const sum = (pick: (i: SummaryInterval) => number): number => group.reduce((s, i) => s + pick(i), 0);
    // Maps: actions and categories come from the summary file (`constructor` must not find Object's).
    const latency = new Map<string, SummaryInterval['latency'][string]>();
    const errorCategories = new Map<string, number>();
    for (const interval of group) {
      for (const [action, l] of Object.entries(interval.latency)) {
        let into = latency.get(action);
        if (into === undefined) latency.set(action, (into = { count: 0 }));
        into.count += l.count;
        for (const key of ['p50', 'p95', 'p99'] as const) if (l[key] !== undefined) into[key] = Math.max(into[key] ?? 0, l[key] as number);
      }
      for (const [category, n] of Object.entries(interval.errorCategories ?? {})) errorCategories.set(category, (errorCategories.get(category) ?? 0) + n);
    }
    const sent = sum((i) => i.sent);
    const received = sum((i) => i.received);
    out.push({
      ...last, t: last.t, seconds: Math.round(span * 10) / 10, sent, received, messagesPerSec: Math.round((sent + received) / span),
      errors: sum((i) => i.errors), errorCategories: Object.fromEntries(errorCategories), latency: Object.fromEntries(latency),
    });
    group = [];
  };
  for (const interval of intervals) {
    group.push(interval);
    if (group.reduce((s, i) => s + i.seconds, 0) >= seconds - 1e-9) flush();
  }
  flush();
  return out;
}

/** The series of one summary at the given interval resolution (see resampleIntervals). Pure. */
export function runSeries(doc: SummaryDocument, intervalSeconds?: number): RunSeries {
  const intervals = resampleIntervals(doc.intervals, intervalSeconds);
  const actions = [...new Set([...Object.keys(doc.latency), ...intervals.flatMap((i) => Object.keys(i.latency))])].sort();
  const categories = [...new Set(intervals.flatMap((i) => Object.keys(i.errorCategories ?? {})))].sort();
  // Actions and categories are keys of the summary file: own keys only, records built by
  // fromEntries, so one named `constructor` or `__proto__` is an action like any other.
  const latency: RunSeries['latency'] = Object.fromEntries(actions.map((action) => {
    const pick = (key: 'p50' | 'p95' | 'p99'): Array<number | null> => intervals.map((i) => ownValue(i.latency, action)?.[key] ?? null);
    return [action, { p50: pick('p50'), p95: pick('p95'), p99: pick('p99') }];
  }));
  const errors: RunSeries['errors'] = Object.fromEntries(categories.map((category) => [category, intervals.map((i) => ownValue(i.errorCategories, category) ?? 0)]));
  // Summaries written before errors had categories: one series of every error.
  if (categories.length === 0 && intervals.some((i) => i.errors > 0)) errors.errors = intervals.map((i) => i.errors);
  const read = histogramReader(doc);
  const distribution: RunSeries['distribution'] = Object.fromEntries(actions.flatMap((action) => {
    const actual = ownValue(doc.histograms?.latency, action);
    if (!actual) return [];
    const corrected = ownValue(doc.histograms?.latencyCorrected, action);
    return [[action, { actual: percentileCurve(actual, read), ...(corrected ? { corrected: percentileCurve(corrected, read) } : {}) }]];
  }));
  return {
    t: intervals.map((i) => i.t), connected: intervals.map((i) => i.connected ?? 0), booted: intervals.map((i) => i.booted ?? 0),
    messagesPerSec: intervals.map((i) => i.messagesPerSec), latency, errors, distribution,
  };
}
