import { percentileInterval, type Histogram, type Percentiles } from '../metrics/histogram.js';
import { histogramReader } from './parse-summary.js';
import type { ThresholdData } from '../metrics/threshold-data.js';
import { summaryThresholdData } from './summary-data.js';
import type { SummaryDocument } from './summary-document.js';

/** How a figure moved from BASE to NEW: beyond noise up or down (for the worse or the better), or within it. */
export type Verdict = 'worse' | 'better' | 'same';

/** One figure of both runs. `unit` says how to show it; `change` is relative (0.1 = +10 %), null when BASE is 0 or missing. */
export interface FigureChange {
  label: string;
  unit: 'ms' | 'count' | 'rate';
  base: number | null;
  current: number | null;
  change: number | null;
  verdict: Verdict;
}

/** The comparison of two summaries: per action, then errors, then boot figures. */
export interface Comparison {
  actions: Array<{ action: string; rows: FigureChange[] }>;
  errors: FigureChange[];
  boot: FigureChange[];
}

/** A percentile change smaller than this (relative) is never marked, whatever the sample sizes: HdrHistogram keeps 3 digits. */
export const MIN_MARKED_CHANGE = 0.01;
/** z for the 95 % intervals and the two-sided 5 % test. */
const Z = 1.96;

const PERCENTILES = [['p50', 50], ['p90', 90], ['p95', 95], ['p99', 99]] as const;

function relative(base: number | null, current: number | null): number | null {
  if (base === null || current === null || base === 0) return null;
  return (current - base) / base;
}

/**
 * A percentile moved beyond noise when the 95 % confidence intervals of the two (from each run's
 * own histogram, distribution-free: see percentileInterval) do not overlap, and it moved by at
 * least MIN_MARKED_CHANGE. Without histograms nothing is marked.
 */
function percentileVerdict(base: string | undefined, current: string | undefined, percentile: number, change: number | null, read: Read): Verdict {
  if (!base || !current || change === null || Math.abs(change) < MIN_MARKED_CHANGE) return 'same';
  const b = percentileInterval(read(base), percentile, Z);
  const c = percentileInterval(read(current), percentile, Z);
  if (!b || !c) return 'same';
  if (c.low > b.high) return 'worse';
  if (c.high < b.low) return 'better';
  return 'same';
}

/** Rows of one time figure: count, the percentiles (marked by their intervals) and max (never marked: one sample). */
/** Where a histogram is read from (histogramReader). */
type Read = (encoded: string) => Histogram;

function timeRows(base: Percentiles | undefined, current: Percentiles | undefined, encoded: [string | undefined, string | undefined], read: Read): FigureChange[] {
  const rows: FigureChange[] = [{ label: 'count', unit: 'count', base: base?.count ?? null, current: current?.count ?? null, change: relative(base?.count ?? null, current?.count ?? null), verdict: 'same' }];
  for (const [label, p] of PERCENTILES) {
    const b = base && base.count > 0 ? base[label] : null;
    const c = current && current.count > 0 ? current[label] : null;
    const change = relative(b, c);
    rows.push({ label, unit: 'ms', base: b, current: c, change, verdict: percentileVerdict(encoded[0], encoded[1], p, change, read) });
  }
  const b = base && base.count > 0 ? base.max : null;
  const c = current && current.count > 0 ? current.max : null;
  rows.push({ label: 'max', unit: 'ms', base: b, current: c, change: relative(b, c), verdict: 'same' });
  return rows;
}

/**
 * A rate moved beyond noise when a two-proportion z-test rejects "same rate" at 5 % (|z| > 1.96);
 * `higherIsWorse` says which way is worse.
 */
function rateRow(label: string, metric: string, base: ThresholdData, current: ThresholdData, higherIsWorse: boolean): FigureChange {
  const b = base.counter(metric);
  const c = current.counter(metric);
  const nb = base.denominator?.(metric) ?? 0;
  const nc = current.denominator?.(metric) ?? 0;
  let verdict: Verdict = 'same';
  if (b && c && nb > 0 && nc > 0) {
    const pooled = (b.count + c.count) / (nb + nc);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / nb + 1 / nc));
    const z = se > 0 ? (c.rate - b.rate) / se : 0;
    if (Math.abs(z) > Z) verdict = (z > 0) === higherIsWorse ? 'worse' : 'better';
  }
  const rb = b?.rate ?? null;
  const rc = c?.rate ?? null;
  return { label, unit: 'rate', base: rb, current: rc, change: relative(rb, rc), verdict };
}

function countRow(label: string, base: number, current: number): FigureChange {
  return { label, unit: 'count', base, current, change: relative(base, current), verdict: 'same' };
}

/**
 * Compares NEW with BASE: per action (every action of either run, sorted) its count, p50, p90,
 * p95, p99 and max; the error, timeout and CALLERROR rates; the boot figures. Pure.
 */
export function compareSummaries(base: SummaryDocument, current: SummaryDocument): Comparison {
  const actions = [...new Set([...Object.keys(base.latency), ...Object.keys(current.latency)])].sort();
  const bData = summaryThresholdData(base);
  const cData = summaryThresholdData(current);
  const allBooted = (doc: SummaryDocument): number | null => doc.chargePoints.allBootedMs;
  const read = histogramReader(base, current);
  return {
    actions: actions.map((action) => ({
      action,
      rows: timeRows(base.latency[action], current.latency[action], [base.histograms?.latency[action], current.histograms?.latency[action]], read),
    })),
    errors: [
      rateRow('errors', 'errors', bData, cData, true),
      rateRow('timeouts', 'timeouts', bData, cData, true),
      rateRow('CALLERRORs', 'callerrors', bData, cData, true),
      countRow('error count', sum(base.counts.errors), sum(current.counts.errors)),
    ],
    boot: [
      rateRow('booted', 'booted', bData, cData, false),
      countRow('booted count', base.chargePoints.booted, current.chargePoints.booted),
      ...timeRows(base.boot, current.boot, [base.histograms?.boot, current.histograms?.boot], read).filter((row) => row.label !== 'count'),
      { label: 'all booted in', unit: 'ms', base: allBooted(base), current: allBooted(current), change: relative(allBooted(base), allBooted(current)), verdict: 'same' },
    ],
  };
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
