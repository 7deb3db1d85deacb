import { aggregationLabel, aggregationsOf, COUNTER_AGGREGATIONS, COUNTER_METRICS, metricKind, TIME_AGGREGATIONS, TIME_METRICS, valueKind } from './threshold-metrics.js';
import { closest } from './suggest.js';
import type { Threshold, ThresholdOperator } from './threshold-types.js';

export { canStillPass, evaluateThresholds, finalFailures, formatThresholdValue } from './threshold-eval.js';

/** The grammar, shown with every syntax error. */
export const THRESHOLD_GRAMMAR =
  'a threshold is [metric:]aggregation operator value[unit], e.g. p(99)<500ms, BootNotification:p(95)<=200ms, errors:rate<1%, booted:count>=1000';

const OPERATORS: readonly ThresholdOperator[] = ['<', '<=', '>', '>=', '==', '!='];
const OPERATOR_LIST = '(<, <=, >, >=, ==, !=)';

/** Time units and their size in ms; no unit means ms. */
const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, 'µs': 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * An invalid threshold expression (`code` E_THRESHOLD_SYNTAX). The message names the expression,
 * says what is wrong and shows the grammar; from `parseThresholds`, `problems` lists each invalid
 * expression's own error.
 */
export class ThresholdSyntaxError extends Error {
  readonly code = 'E_THRESHOLD_SYNTAX';
  /** The (first) invalid expression, as given but trimmed. */
  readonly expression: string;
  /** One error per invalid expression (just this one for a single expression). */
  readonly problems: readonly ThresholdSyntaxError[];

  /** The message without the grammar: `invalid threshold '…': what is wrong`. */
  readonly reason: string;

  constructor(expression: string, reason: string, problems?: readonly ThresholdSyntaxError[]) {
    super(problems
      ? `${problems.length} invalid thresholds:\n${problems.map((p) => `  - ${p.reason}`).join('\n')}\n${THRESHOLD_GRAMMAR}`
      : `${reason}\n${THRESHOLD_GRAMMAR}`);
    this.name = 'ThresholdSyntaxError';
    this.expression = expression;
    this.reason = reason;
    this.problems = problems ?? [this];
  }
}

/** Reads an expression left to right; `fail` throws with what was expected at that point. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  /** Skips whitespace, then consumes a match of `re` (anchored with `y`), or returns ''. */
  take(re: RegExp): string {
    this.skipSpace();
    re.lastIndex = this.pos;
    const match = re.exec(this.text);
    if (!match) return '';
    this.pos += match[0].length;
    return match[0];
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** What follows, for messages: `found 'x'` or `but the expression ends`. */
  found(): string {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    return rest ? `found '${rest.length > 20 ? `${rest.slice(0, 20)}…` : rest}'` : 'but the expression ends';
  }

  fail(reason: string): never {
    throw new ThresholdSyntaxError(this.text, `invalid threshold '${this.text}': ${reason}`);
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)/y;

/**
 * Parses `[metric:]aggregation operator value[unit]`, e.g. `BootNotification:p(95)<=200ms`;
 * whitespace between the parts is ignored and the metric defaults to `latency`. The value comes
 * back in the metric's base unit: ms for times, a fraction for rates (`1%` → 0.01), a plain
 * number for counts and for `messages:rate` (per second).
 * @throws ThresholdSyntaxError saying exactly what is wrong.
 */
export function parseThreshold(expression: string): Threshold {
  const s = new Scanner(expression.trim());
  if (s.text === '') s.fail('the expression is empty');
  const metric = readMetric(s);
  const kind = metricKind(metric) as 'time' | 'counter';
  const { aggregation, percentile } = readAggregation(s, metric, kind);
  const label = aggregationLabel({ aggregation, percentile });
  const operator = s.take(/[<>=!]+/y);
  if (!OPERATORS.includes(operator as ThresholdOperator)) {
    const hint = operator === '=' ? ' (use == to test equality)' : '';
    s.fail(`expected an operator ${OPERATOR_LIST} after ${label}, ${operator ? `found '${operator}'` : s.found()}${hint}`);
  }
  const number = s.take(NUMBER);
  if (!number) s.fail(s.atEnd() ? `missing value after '${operator}'` : `expected a number after '${operator}', ${s.found()}`);
  const unit = s.take(/[A-Za-zµ%]+/y);
  const value = toBaseUnit(s, number, unit, metric, aggregation);
  if (!s.atEnd()) s.fail(`unexpected '${s.text.slice(s.pos)}' after ${number}${unit}`);
  const threshold: Threshold = { expression: s.text, metric, aggregation, operator: operator as ThresholdOperator, value };
  if (percentile !== undefined) threshold.percentile = percentile;
  return threshold;
}

/**
 * Parses every expression; if any is invalid, throws one ThresholdSyntaxError that lists them
 * all (a single invalid expression throws its own error).
 */
export function parseThresholds(expressions: readonly string[]): Threshold[] {
  const thresholds: Threshold[] = [];
  const problems: ThresholdSyntaxError[] = [];
  for (const expression of expressions) {
    try {
      thresholds.push(parseThreshold(expression));
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length === 1) throw problems[0] as ThresholdSyntaxError;
  if (problems.length > 1) {
    const first = problems[0] as ThresholdSyntaxError;
    throw new ThresholdSyntaxError(first.expression, first.reason, problems);
  }
  return thresholds;
}

const METRIC_LIST = `time metrics are ${Object.keys(TIME_METRICS).join(', ')}, <Action> and <Action>.corrected; counters are ${Object.keys(COUNTER_METRICS).join(', ')}`;

/** The metric before `:`, or `latency` when the expression starts with the aggregation. */
function readMetric(s: Scanner): string {
  const start = s.pos;
  const name = s.take(IDENT);
  s.skipSpace();
  if (name && s.text[s.pos] === ':') {
    s.pos++;
    if (!metricKind(name)) {
      const near = closest(name, [...Object.keys(TIME_METRICS), ...Object.keys(COUNTER_METRICS)]);
      s.fail(`unknown metric '${name}'${near ? ` (did you mean ${near}?)` : ''}: ${METRIC_LIST}`);
    }
    return name;
  }
  if (s.text[s.pos] === ':') s.fail(`missing metric before ':'`);
  if (name && metricKind(name) && !TIME_AGGREGATIONS.includes(name) && !COUNTER_AGGREGATIONS.includes(name)) {
    s.fail(`expected ':' after the metric ${name}, as in ${name}:${metricKind(name) === 'time' ? 'p(99)<500ms' : 'count<10'}`);
  }
  s.pos = start;
  return 'latency';
}

function readAggregation(s: Scanner, metric: string, kind: 'time' | 'counter'): { aggregation: string; percentile?: number } {
  const allowed = kind === 'time' ? TIME_AGGREGATIONS : COUNTER_AGGREGATIONS;
  const name = s.take(/[A-Za-z_][A-Za-z0-9_]*/y);
  if (!name) s.fail(`expected an aggregation (${aggregationsOf(kind)}) for ${metric}, ${s.found()}`);
  if (/^p\d/.test(name)) s.fail(`write the percentile as p(${name.slice(1)}), not ${name}`);
  if (!TIME_AGGREGATIONS.includes(name) && !COUNTER_AGGREGATIONS.includes(name)) {
    s.fail(`unknown aggregation '${name}': ${metric} takes ${aggregationsOf(kind)}`);
  }
  const written = name === 'p' ? 'p(N)' : name;
  if (!allowed.includes(name)) {
    s.fail(`${metric} is ${kind === 'time' ? 'a time metric' : 'a counter'}: it takes ${aggregationsOf(kind)}, not ${written}`);
  }
  if (name !== 'p') return { aggregation: name };
  if (!s.take(/\(/y)) s.fail(`expected '(' after p, as in p(99), ${s.found()}`);
  const number = s.take(NUMBER);
  if (!number) s.fail(`expected a percentile in p(…), as in p(99) or p(99.9), ${s.found()}`);
  const percentile = Number(number);
  if (!(percentile > 0 && percentile <= 100)) s.fail(`percentile ${number} is out of range: p(N) needs 0 < N <= 100`);
  if (!s.take(/\)/y)) s.fail(`expected ')' after p(${number}, ${s.found()}`);
  return { aggregation: 'p', percentile };
}

/** Turns `number[unit]` into the base unit of the metric's aggregation, or fails. */
function toBaseUnit(s: Scanner, number: string, unit: string, metric: string, aggregation: string): number {
  const kind = valueKind(metric, aggregation);
  const value = Number(number);
  const written = `${number}${unit}`;
  if (kind === 'time') {
    if (unit === '%') s.fail(`a time takes a unit (us, ms, s or m; none means ms), not %: ${written}`);
    const size = TIME_UNITS[unit || 'ms'];
    if (size === undefined) s.fail(`unknown time unit '${unit}' in ${written}: use us, ms, s or m (none means ms)`);
    return clean(value * size);
  }
  if (kind === 'count') {
    if (unit) s.fail(`count takes a plain number, without a unit: ${written}`);
    return value;
  }
  if (kind === 'per-second') {
    if (unit) s.fail(`messages:rate is messages per second: a plain number, without a unit: ${written}`);
    return value;
  }
  if (unit && unit !== '%') s.fail(`a rate takes a fraction (0.01) or a percentage (1%), not a unit: ${written}`);
  const rate = unit === '%' ? clean(value / 100) : value;
  // A part of a whole lies between 0 and 100 %: a limit outside can never, or always, hold.
  if (COUNTER_METRICS[metric]?.fraction && rate > 1) s.fail(`${metric}:rate is a share of ${COUNTER_METRICS[metric]?.denominator}, from 0% to 100%: a limit of ${written} can never mean anything`);
  return rate;
}

/** Removes floating-point noise from a unit conversion: 1.1 × 1000 is 1100, not 1100.0000000000002. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * The thresholds whose metric names an action (`<Action>` or `<Action>.corrected`) that is not
 * one of `actions` (the OCPP actions of the run's protocols): one problem each, with the
 * closest action when one is near (`did you mean BootNotification?`). A threshold on such a
 * metric could only fail for lack of data at the end of the run, so it is refused before. Pure.
 */
export function unknownActionProblems(thresholds: readonly Threshold[], actions: ReadonlySet<string>, protocols: string): string[] {
  const problems: string[] = [];
  for (const t of thresholds) {
    if (Object.hasOwn(TIME_METRICS, t.metric) || metricKind(t.metric) !== 'time') continue;
    const action = t.metric.endsWith('.corrected') ? t.metric.slice(0, -'.corrected'.length) : t.metric;
    if (actions.has(action)) continue;
    const near = closest(action, actions);
    problems.push(`'${t.expression}': ${action} is not an OCPP action of ${protocols}${near ? ` (did you mean ${near}?)` : ''}`);
  }
  return problems;
}
