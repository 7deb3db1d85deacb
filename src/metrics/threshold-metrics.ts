/**
 * The metrics a threshold can name and what each of them means: the one catalogue the parser,
 * the evaluator and the data source agree on.
 */

/** How a threshold's limit is read and shown: ms, a plain number, a fraction, or per second. */
export type ValueKind = 'time' | 'count' | 'rate' | 'per-second';

/** Time metrics with a fixed name, base unit ms; `<Action>` and `<Action>.corrected` come on top. */
export const TIME_METRICS: Readonly<Record<string, string>> = Object.freeze({
  latency: 'round trip CALL → answer of every action together',
  'latency.corrected': 'round trip from the intended send time of every scheduled action together',
  connect: 'time to open a connection (WebSocket upgrade)',
  boot: 'time from the first connection attempt to BootNotification Accepted',
  answer: "time to answer the central system's CALLs",
});

/**
 * Counter metrics and the denominator of their `rate`. A rate whose denominator is 0 has no
 * data; so has the counter then, since nothing could have happened.
 *
 * - `errors:rate`: failed operations, each counted once (CALLs that timed out, got a CALLERROR
 *   or an invalid answer, lost their connection or were unanswered at the end; failed
 *   connection attempts) / (CALLs sent by the fleet + connection attempts): at most 100 %.
 * - `timeouts`, `callerrors`, `invalid_answers`, `unanswered`, `answered`: CALLs with that
 *   outcome / CALLs sent by the fleet (`answered`: any answer, CALLERRORs included).
 * - `booted`, `connected`: charge points ever Accepted, ever connected / charge points.
 * - `failed`: charge points that started and never booted (Accepted), lost workers' included /
 *   charge points; the same `failed` as the summary's and the JSON's.
 * - `local_failures`: charge points that never connected for a cause on this machine (out of
 *   ports, files, memory) / charge points; `gave_up`: charge points that stopped retrying after a
 *   fatal connect error (401, 403, subprotocol refused) / charge points.
 * - `reconnects`, `disconnects`, `connect_failures:rate`: how many per charge point (may pass 1).
 * - `delayed:rate`: scheduled sends that left late / scheduled sends.
 * - `expectations:rate`: failed scenario step checks / step checks.
 * - `messages:rate`: frames sent and received per second of the run (not a fraction).
 *
 * `fraction`: the rate is a part of its denominator, so only limits from 0 to 1 (0 % to 100 %)
 * can mean anything; `reconnects`, `disconnects` and `connect_failures` per charge point may pass 1.
 */
export const COUNTER_METRICS: Readonly<Record<string, { denominator: string; fraction?: true }>> = Object.freeze({
  errors: { denominator: 'CALLs sent and connection attempts', fraction: true },
  timeouts: { denominator: 'CALLs sent', fraction: true },
  callerrors: { denominator: 'CALLs sent', fraction: true },
  invalid_answers: { denominator: 'CALLs sent', fraction: true },
  unanswered: { denominator: 'CALLs sent', fraction: true },
  answered: { denominator: 'CALLs sent', fraction: true },
  booted: { denominator: 'charge points', fraction: true },
  connected: { denominator: 'charge points', fraction: true },
  failed: { denominator: 'charge points', fraction: true },
  local_failures: { denominator: 'charge points', fraction: true },
  gave_up: { denominator: 'charge points', fraction: true },
  reconnects: { denominator: 'charge points' },
  disconnects: { denominator: 'charge points' },
  connect_failures: { denominator: 'charge points' },
  delayed: { denominator: 'scheduled sends', fraction: true },
  expectations: { denominator: 'step checks', fraction: true },
  messages: { denominator: 'seconds elapsed' },
});

/** Aggregations of time metrics; `p` is `p(N)`, `med` is `p(50)`. */
export const TIME_AGGREGATIONS: readonly string[] = Object.freeze(['p', 'avg', 'min', 'max', 'med', 'count']);

export const COUNTER_AGGREGATIONS: readonly string[] = Object.freeze(['count', 'rate']);

const ACTION = /^[A-Z][A-Za-z0-9_]*$/;
const CORRECTED = '.corrected';

/** `time` for histogram metrics (fixed names, OCPP action names, `<Action>.corrected`), `counter`, or undefined if unknown. */
export function metricKind(metric: string): 'time' | 'counter' | undefined {
  if (Object.hasOwn(TIME_METRICS, metric)) return 'time';
  if (Object.hasOwn(COUNTER_METRICS, metric)) return 'counter';
  const action = metric.endsWith(CORRECTED) ? metric.slice(0, -CORRECTED.length) : metric;
  return ACTION.test(action) ? 'time' : undefined;
}

/** How the limit of `metric:aggregation` is expressed. */
export function valueKind(metric: string, aggregation: string): ValueKind {
  if (aggregation === 'count') return 'count';
  if (aggregation === 'rate') return metric === 'messages' ? 'per-second' : 'rate';
  return 'time';
}

/** `p(99.9)`, `avg`, …: the aggregation as written in an expression. */
export function aggregationLabel(threshold: { aggregation: string; percentile?: number }): string {
  return threshold.aggregation === 'p' ? `p(${threshold.percentile ?? '?'})` : threshold.aggregation;
}

/** Lists the aggregations of a metric kind in words, e.g. `count or rate`. */
export function aggregationsOf(kind: 'time' | 'counter'): string {
  return kind === 'time' ? 'p(N), avg, min, max, med or count' : 'count or rate';
}
