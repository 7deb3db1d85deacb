import { observe, formatThresholdValue } from './threshold-eval.js';
import type { ThresholdData } from './threshold-data.js';
import { aggregationLabel } from './threshold-metrics.js';
import { parseThreshold, ThresholdSyntaxError } from './thresholds.js';
import type { Threshold, ThresholdOperator } from './threshold-types.js';

/** The grammar, shown with every syntax error. */
export const REGRESSION_GRAMMAR =
  "a regression bound is [metric:]aggregation operator ±change, the change relative (+10%) or in the metric's unit (+20ms), e.g. p(99)<+10%, Heartbeat:p(95)<=+20ms, errors:rate<+0.5%";

/**
 * A bound on how much NEW may differ from BASE, such as `p(99)<+10%`: the threshold's metric,
 * aggregation and operator, judged on the change instead of the value.
 */
export interface RegressionBound {
  expression: string;
  /** Metric, aggregation, percentile and operator; its `value` is the bound's change. */
  threshold: Threshold;
  /** True for a change in percent of BASE (`+10%` → 0.1); false for one in the metric's unit (ms, count, fraction). */
  relative: boolean;
}

/** The verdict on one bound. `base`/`current` in the metric's unit, null without data; `change` as the bound measures it. */
export interface RegressionResult {
  expression: string;
  passed: boolean;
  base: number | null;
  current: number | null;
  change: number | null;
  message: string;
}

const SPLIT = /^(.*?)(<=|>=|==|!=|<|>)\s*(.*)$/s;

function fail(expression: string, reason: string): never {
  throw new ThresholdSyntaxError(expression, `invalid regression bound '${expression}': ${reason}`);
}

/**
 * Parses `[metric:]aggregation operator ±change`: the left side and operator as in a threshold
 * (thresholds.ts), then a signed change, `+10%` relative to BASE or `+20ms` (a time), `+5` (a
 * count), `+0.01` (a rate, as a fraction) absolute. A change without a sign is refused, so a
 * threshold is never taken for a bound by mistake.
 * @throws ThresholdSyntaxError naming the expression and what is wrong, with REGRESSION_GRAMMAR.
 */
export function parseRegressionBound(expression: string): RegressionBound {
  const text = expression.trim();
  const match = SPLIT.exec(text);
  if (!match) fail(text, `expected an operator (<, <=, >, >=, ==, !=) and a signed change; ${REGRESSION_GRAMMAR}`);
  const [, left, operator, right] = match as unknown as [string, string, string, string];
  const signed = /^([+-])\s*(.*)$/s.exec(right.trim());
  if (!signed) fail(text, `the change after '${operator}' needs a sign, as in ${left.trim()}${operator}+${right.trim() || '10%'} (a change against the baseline, not a limit)`);
  const [, sign, magnitude] = signed as unknown as [string, string, string];
  const relative = /^(\d+(\.\d+)?|\.\d+)\s*%$/.test(magnitude);
  let threshold: Threshold;
  try {
    threshold = parseThreshold(`${left}${operator}${relative ? '0' : magnitude}`);
  } catch (error) {
    if (error instanceof ThresholdSyntaxError) fail(text, error.reason.replace(/^invalid threshold '[^']*': /, ''));
    throw error;
  }
  const size = relative ? Number(magnitude.replace('%', '')) / 100 : threshold.value;
  return { expression: text, relative, threshold: { ...threshold, expression: text, value: sign === '-' ? -size : size } };
}

function compare(value: number, operator: ThresholdOperator, limit: number): boolean {
  switch (operator) {
    case '<': return value < limit;
    case '<=': return value <= limit;
    case '>': return value > limit;
    case '>=': return value >= limit;
    case '==': return value === limit;
    case '!=': return value !== limit;
  }
}

/** A relative change as a person reads it, to 3 significant digits: `+9.21%`, `-0.31%`, `+266%`, `0%`, `+∞%`. */
export function formatChange(fraction: number): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+∞%' : '-∞%';
  if (fraction === 0) return '0%';
  const percent = Number((fraction * 100).toPrecision(3));
  return `${percent > 0 ? '+' : ''}${percent}%`;
}

/**
 * Judges a bound on BASE and NEW; pure. The relative change of a figure that was 0 is 0 when
 * it stays 0, else ±∞. A metric without data on either side fails, saying which.
 */
export function evaluateRegression(bound: RegressionBound, base: ThresholdData, current: ThresholdData): RegressionResult {
  const { threshold, relative, expression } = bound;
  const what = `${aggregationLabel(threshold)} of ${threshold.metric}`;
  const signed = (v: number): string => (v >= 0 ? `+${formatThresholdValue(threshold, v)}` : formatThresholdValue(threshold, v));
  const limit = `limit ${threshold.operator} ${relative ? formatChange(threshold.value) : signed(threshold.value)}`;
  const b = observe(threshold, base);
  const c = observe(threshold, current);
  if (b === undefined || c === undefined) {
    const missing = [b === undefined ? 'BASE' : '', c === undefined ? 'NEW' : ''].filter(Boolean).join(' and ');
    return { expression, passed: false, base: b ?? null, current: c ?? null, change: null, message: `${what} has no data in ${missing}, ${limit}` };
  }
  const change = relative ? (b === 0 ? (c === 0 ? 0 : Math.sign(c - b) * Infinity) : (c - b) / b) : c - b;
  const passed = compare(change, threshold.operator, threshold.value);
  const shown = relative ? formatChange(change) : signed(change);
  return {
    expression, passed, base: b, current: c, change,
    message: `${what} ${formatThresholdValue(threshold, b)} → ${formatThresholdValue(threshold, c)} (${shown}), ${limit}`,
  };
}
