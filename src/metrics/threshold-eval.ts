import type { Histogram } from './histogram.js';
import type { ThresholdData } from './threshold-data.js';
import { aggregationLabel, COUNTER_METRICS, metricKind, valueKind } from './threshold-metrics.js';
import type { Threshold, ThresholdOperator, ThresholdResult } from './threshold-types.js';

/**
 * Judges each threshold against the data; pure. A metric without data fails with a message
 * saying so. Every result has a message, e.g. `p(99) of BootNotification is 612.3ms, limit < 500ms`.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], data: ThresholdData): ThresholdResult[] {
  return thresholds.map((threshold) => evaluate(threshold, data));
}

function evaluate(threshold: Threshold, data: ThresholdData): ThresholdResult {
  const { expression, metric, aggregation, operator, value } = threshold;
  const what = `${aggregationLabel(threshold)} of ${metric}`;
  const limit = `limit ${operator} ${formatThresholdValue(threshold, value)}`;
  const observed = observe(threshold, data);
  const origin = threshold.isDefault ? { isDefault: true } : {};
  if (observed === undefined) {
    return { expression, metric, aggregation, passed: false, observed: null, message: `${what} has no data (${noData(metric)}), ${limit}`, ...origin };
  }
  const passed = compare(observed, operator, value);
  let shown = formatThresholdValue(threshold, observed);
  // `max of latency is 1s, limit < 1s` would hide why it failed: show the figure in full.
  if (shown === formatThresholdValue(threshold, value) && observed !== value) shown = formatThresholdValue(threshold, observed, true);
  return { expression, metric, aggregation, passed, observed, message: `${what} is ${shown}, ${limit}`, ...origin };
}

/** The measured figure in the threshold's base unit, or undefined without data. */
export function observe(threshold: Threshold, data: ThresholdData): number | undefined {
  if (metricKind(threshold.metric) === 'counter') {
    const counter = data.counter(threshold.metric);
    return threshold.aggregation === 'rate' ? counter?.rate : counter?.count;
  }
  const histogram = data.histogram(threshold.metric);
  if (!histogram || histogram.totalCount === 0) return undefined;
  return aggregate(histogram, threshold.aggregation, threshold.percentile);
}

/** Histograms hold microseconds; results are ms rounded to the µs, percentiles capped at the maximum. */
function aggregate(histogram: Histogram, aggregation: string, percentile = 50): number {
  const ms = (micros: number): number => Math.round(micros) / 1000;
  switch (aggregation) {
    case 'count': return histogram.totalCount;
    case 'avg': return ms(histogram.mean);
    case 'min': return ms(histogram.minNonZeroValue);
    case 'max': return ms(histogram.maxValue);
    case 'med': return ms(Math.min(histogram.maxValue, histogram.getValueAtPercentile(50)));
    default: return ms(Math.min(histogram.maxValue, histogram.getValueAtPercentile(percentile)));
  }
}

function compare(observed: number, operator: ThresholdOperator, limit: number): boolean {
  switch (operator) {
    case '<': return observed < limit;
    case '<=': return observed <= limit;
    case '>': return observed > limit;
    case '>=': return observed >= limit;
    case '==': return observed === limit;
    case '!=': return observed !== limit;
  }
}

function noData(metric: string): string {
  const counter = COUNTER_METRICS[metric];
  if (counter) return `0 ${counter.denominator}`;
  return metric.endsWith('.corrected') ? 'nothing recorded; only scheduled actions have corrected latency' : 'nothing recorded';
}

/**
 * A value in the threshold's base unit, as a person reads it: times exactly, in the largest unit
 * that needs at most 3 decimals (`850us`, `612.3ms`, `1000.447ms`, `1.5s`, `2m`); counts as
 * plain numbers; rates as percentages to 3 significant digits or 2 decimals (`1.25%`);
 * `messages:rate` per second (`1200.5/s`). `full` shows every digit (`1.0004%`).
 */
export function formatThresholdValue(threshold: Pick<Threshold, 'metric' | 'aggregation'>, value: number, full = false): string {
  const kind = valueKind(threshold.metric, threshold.aggregation);
  if (full && kind === 'rate') return `${Number((value * 100).toPrecision(12))}%`;
  if (full && kind === 'per-second') return `${value}/s`;
  switch (kind) {
    case 'count': return String(value);
    case 'per-second': return `${Math.abs(value) < 100 ? Number(value.toPrecision(4)) : decimals(value, 1)}/s`;
    case 'rate': {
      const percent = value * 100;
      return `${Math.abs(percent) < 1 ? Number(percent.toPrecision(3)) : decimals(percent, 2)}%`;
    }
    case 'time': return formatMs(value);
  }
}

/** In the largest unit that shows the value exactly with at most 3 decimals: 1.5m, 61s, 1000.447ms, 250us. */
function formatMs(ms: number): string {
  if (ms === 0) return '0ms';
  if (Math.abs(ms) < 1) return `${decimals(ms * 1000, 3)}us`;
  for (const [unit, size] of [['m', 60_000], ['s', 1000]] as const) {
    const n = decimals(ms / size, 3);
    if (Math.abs(ms) >= size && Math.abs(n * size - ms) < 1e-6) return `${n}${unit}`;
  }
  return `${decimals(ms, 3)}ms`;
}

const decimals = (value: number, places: number): number => Number(value.toFixed(places));

/**
 * Whether a threshold that fails now, in the middle of a run, may still pass by its end; the
 * rule for `--abort-on-fail`, which aborts only on failures that cannot recover:
 * - no data yet: may still come, so it can pass;
 * - lower bounds (`>`, `>=`) and `!=`: more time can satisfy them (booted:count>=1000, messages:rate>100);
 * - upper bounds (`<`, `<=`): a broken one is final (counts only grow; percentiles and rates are
 *   judged as they stand, as k6's abortOnFail does);
 * - `==` on a count: it can still pass while the count is below the limit, not once above it;
 *   `==` on anything else can still pass.
 */
export function canStillPass(threshold: Threshold, observed: number | null): boolean {
  if (observed === null) return true;
  switch (threshold.operator) {
    case '<':
    case '<=':
      return false;
    case '==':
      return threshold.aggregation !== 'count' || observed < threshold.value;
    default:
      return true;
  }
}

/**
 * The results that fail and cannot pass anymore (see canStillPass): what `--abort-on-fail`
 * checks during a run. Empty when the run may go on.
 */
export function finalFailures(thresholds: readonly Threshold[], data: ThresholdData): ThresholdResult[] {
  return evaluateThresholds(thresholds, data).filter((result, i) => !result.passed && !canStillPass(thresholds[i] as Threshold, result.observed));
}
