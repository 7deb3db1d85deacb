import type { Percentiles } from '../metrics/histogram.js';
import type { IntervalFigures } from '../metrics/intervals.js';
import type { Counts, EncodedHistograms, MetricsSnapshot, StepChecks } from '../metrics/snapshot.js';
import type { ThresholdResult } from '../metrics/threshold-types.js';
import type { RunOutcome, RunResult } from '../runner/run.js';
import { loadShapeOf, type LoadShapeSection } from './load-shape.js';

/** The value of `schema` in every summary document of this shape; bumped on breaking changes. */
export const SUMMARY_SCHEMA = 'ocpp-sim/summary@2';

/**
 * One reporting interval in a summary: the runner's IntervalFigures, except that `latency`
 * percentiles are absent in a merged summary (an interval's p50/p99 cannot be merged exactly
 * without its histogram, so only the answer counts are kept).
 */
export interface SummaryInterval extends Omit<IntervalFigures, 'latency' | 'errorCategories'> {
  /** Answers received during the interval per action, with round-trip p50/p95/p99 in ms (single runs only). */
  latency: Record<string, { count: number; p50?: number; p95?: number; p99?: number }>;
  /** Errors by category during the interval (absent in summaries written before it was added). */
  errorCategories?: Record<string, number>;
}

/**
 * The machine-readable summary of a run (`--out`), or of several runs merged (`report merge`).
 * Plain JSON: a value that does not exist is `null`, not a missing field (except per-interval
 * percentiles of a merge). All durations and latencies are in milliseconds, to the microsecond.
 *
 * - `schema`: always `ocpp-sim/summary@2`; readers should refuse other values (@1 counted some
 *   events twice and `sent` included the fleet's answers).
 * - `tool`: `{ name: 'ocpp-sim', version }` of the tool that wrote the run's summary.
 * - `mergedFrom`: how many runs this summary covers: 1 for a run, the sum over the inputs for a merge.
 * - `outcome`: `completed` (ran its duration), `interrupted` (SIGINT/SIGTERM), `aborted` (a
 *   threshold failed with `--abort-on-fail`) or `unreachable` (nothing could connect). Merged: `completed`
 *   only if every input completed, otherwise the worst (unreachable > aborted > interrupted).
 * - `interrupted`: true when the run (or any merged run) was interrupted.
 * - `error`: why the run was aborted or could not happen, else null.
 * - `startedAt`: ISO 8601 time of the start (merged: the earliest); `elapsedMs`: how long it ran
 *   (merged: the longest); `durationMs`: how long it was meant to run.
 * - `target`: `{ url, scenario, protocol }` as actually run (the embedded gateway's URL included).
 * - `config`: the resolved configuration as the CLI passed it (url, count, rate, duration,
 *   scenario, protocol, threshold expressions…); merged: the first input's, plus `shards`.
 * - `chargePoints`: `count` configured, `started`, `connected` (connected at least once),
 *   `booted` (Accepted at least once), `failed` (started and never booted: the one meaning of
 *   failed, also in thresholds), `localFailures` (never connected for a cause on this machine:
 *   out of ports, files, memory), `lost` (with a worker process that died; counted failed),
 *   `allBootedMs` (from the start of the ramp until all had booted, null if they never all did;
 *   merged: the largest, null if any is null), `firstError` (the first connection error, or null).
 * - `trace` (only with a frame trace): `dropped` lines (the file slower than the run: at most
 *   16 MiB waiting; or after a write error) and `error` (the first write error, or null);
 *   `report merge` leaves it out.
 * - `counts`: every event once (see MetricsSnapshot): `sent`/`received` (the fleet's CALLs and
 *   the answers to them, per action), `inbound`/`answered`/`answeredWithError` (the central
 *   system's CALLs, per action), `errors` (failed operations: `timeout:<action>`,
 *   `callerror:<code>`, `invalid-answer:<action>`, `connection-lost:<action>`,
 *   `unanswered:<action>`, `connect:<cause>`), `anomalies` (`late-answer`, `unknown-id`,
 *   `unparseable-frame`, …), `disconnects` (per close code), `boots` (per BootNotification
 *   status), `firmware` (firmware updates' FirmwareStatusNotifications per status), `scheduled`/`delayed` (scheduled sends per action, and those sent more than 50 ms
 *   late), and totals `connects`, `connectFailures`, `reconnects`, `timeouts`, `callErrors`,
 *   `invalidAnswers`, `connectionLost`, `unanswered`. Merged: summed key by key.
 * - `latency`: round trip CALL sent → answer received, per action; `latencyCorrected`: scheduled
 *   actions only, from the intended send time (coordinated omission corrected); `connect`:
 *   WebSocket connect time; `boot`: first connect attempt → Accepted; `answer`: time to answer
 *   the central system's CALLs, `answerByAction` the same per action. Each `{ count, min, mean,
 *   p50, p90, p95, p99, max }`; merged: recomputed from the merged histograms, never averaged.
 * - `steps`: scenario step checks keyed `file:line type`: `{ checks, failures, samples }`, at most
 *   3 samples `{ chargePoint, detail }`.
 * - `thresholds`: every threshold's verdict `{ expression, metric, aggregation, passed, observed,
 *   message }`; `thresholdsPassed`: all passed (true when there are none), null when not
 *   evaluated (a merged summary: evaluate the thresholds against the merged figures again).
 * - `intervals`: figures per reporting interval (see SummaryInterval), oldest first; merged by
 *   index: counts and rates summed, `t`/`seconds` the largest, per-interval percentiles dropped.
 * - `loadShape`: the run's load shape (see LoadShapeSection): with `--stages`, `stages` lists each
 *   planned stage `{ durationMs, target, endsAtMs, connected, accepted }` with the fleet at its end
 *   (null where the run ended before it); null for a run without a shape. Merged: summed stage by
 *   stage when every input has the same plan, else null.
 * - `histograms`: the encoded HdrHistograms (compressed base64, values in µs) behind `latency`,
 *   `latencyCorrected`, `connect`, `boot` and `answer`, for exact merging; null if the run kept none.
 */
export interface SummaryDocument {
  schema: typeof SUMMARY_SCHEMA;
  tool: { name: string; version: string };
  mergedFrom: number;
  outcome: RunOutcome;
  interrupted: boolean;
  error: string | null;
  startedAt: string;
  elapsedMs: number;
  durationMs: number;
  target: { url: string; scenario: string; protocol: string };
  config: Record<string, unknown>;
  chargePoints: {
    count: number;
    started: number;
    connected: number;
    booted: number;
    failed: number;
    localFailures: number;
    lost: number;
    allBootedMs: number | null;
    firstError: string | null;
  };
  /** With a frame trace: lines dropped (the file slower than the run, or after a write error) and the first write error. */
  trace?: { dropped: number; error: string | null };
  counts: SummaryCounts;
  latency: Record<string, Percentiles>;
  latencyCorrected: Record<string, Percentiles>;
  latencyScheduled: Record<string, Percentiles>;
  backlogAge: Record<string, Percentiles>;
  /** Messages sent from offline queues: made → sent from the queue, in ms (absent before the offline queue existed). */
  offlineAge?: Percentiles;
  /** Per charge point and flush: Accepted boot → queue empty, in ms. */
  flushTime?: Percentiles;
  connect: Percentiles;
  boot: Percentiles;
  answer: Percentiles;
  answerByAction: Record<string, Percentiles>;
  steps: Record<string, StepChecks>;
  thresholds: ThresholdResult[];
  thresholdsPassed: boolean | null;
  intervals: SummaryInterval[];
  loadShape: LoadShapeSection | null;
  histograms: EncodedHistograms | null;
}

/** The counters of a summary: per-key records and plain totals, all summable. */
export type SummaryCounts = Pick<MetricsSnapshot, (typeof KEYED_COUNTS)[number] | (typeof TOTAL_COUNTS)[number]>;

const KEYED_COUNTS = [
  'sent', 'received', 'inbound', 'answered', 'answeredWithError', 'errors', 'anomalies', 'disconnects', 'boots', 'scheduled', 'delayed', 'skipped', 'backlog',
  'offlineQueued', 'offlineFlushed', 'offlineDropped', 'offlineUnsent', 'offlineSkipped', 'firmware',
] as const;
const TOTAL_COUNTS = ['connects', 'connectFailures', 'reconnects', 'timeouts', 'callErrors', 'invalidAnswers', 'connectionLost', 'unanswered'] as const;

/** The run figures of a document as the recorder's snapshot (the shape every merge takes). */
export function metricsOfDocument(doc: SummaryDocument): MetricsSnapshot {
  return {
    ...structuredClone(doc.counts), latency: doc.latency, latencyCorrected: doc.latencyCorrected,
    latencyScheduled: doc.latencyScheduled, backlogAge: doc.backlogAge,
    ...(doc.offlineAge ? { offlineAge: doc.offlineAge } : {}), ...(doc.flushTime ? { flushTime: doc.flushTime } : {}),
    connectTime: doc.connect, bootTime: doc.boot, answerTime: doc.answer, answerByAction: doc.answerByAction,
    steps: doc.steps, recentErrors: [], ...(doc.histograms ? { histograms: doc.histograms } : {}),
  };
}

/** The document's figures from a snapshot (the inverse of metricsOfDocument); shares nothing with it. */
export function documentFigures(metrics: MetricsSnapshot): Pick<SummaryDocument,
  'counts' | 'latency' | 'latencyCorrected' | 'latencyScheduled' | 'backlogAge' | 'offlineAge' | 'flushTime' | 'connect' | 'boot' | 'answer' | 'answerByAction' | 'steps' | 'histograms'> {
  const m = structuredClone(metrics);
  // The offline counters are absent from snapshots made before the queue existed: left out, not undefined.
  const counts = Object.fromEntries([...KEYED_COUNTS, ...TOTAL_COUNTS].filter((key) => m[key] !== undefined).map((key) => [key, m[key]])) as SummaryCounts;
  return {
    counts, latency: m.latency, latencyCorrected: m.latencyCorrected, latencyScheduled: m.latencyScheduled, backlogAge: m.backlogAge,
    ...(m.offlineAge ? { offlineAge: m.offlineAge } : {}), ...(m.flushTime ? { flushTime: m.flushTime } : {}),
    connect: m.connectTime, boot: m.bootTime,
    answer: m.answerTime, answerByAction: m.answerByAction, steps: m.steps, histograms: m.histograms ?? null,
  };
}

/** What the summary needs beyond the result: the resolved config, threshold verdicts, the tool's version. */
export interface SummaryContext {
  config: Record<string, unknown>;
  thresholds: ThresholdResult[];
  toolVersion: string;
}

/**
 * The summary document of one run: a pure function of the result and context. Shares no
 * object with its inputs, so it can be serialised or changed freely.
 */
export function buildSummaryDocument(result: RunResult, context: SummaryContext): SummaryDocument {
  const { fleet } = result;
  const thresholds = structuredClone(context.thresholds);
  return {
    schema: SUMMARY_SCHEMA,
    tool: { name: 'ocpp-sim', version: context.toolVersion },
    mergedFrom: 1,
    outcome: result.outcome,
    interrupted: result.outcome === 'interrupted',
    error: result.error ?? null,
    startedAt: result.startedAt,
    elapsedMs: result.elapsedMs,
    durationMs: result.durationMs,
    target: { url: result.url, scenario: result.scenario, protocol: result.protocol },
    config: structuredClone(context.config),
    chargePoints: {
      count: fleet.count, started: fleet.started, connected: fleet.everConnected, booted: fleet.everBooted,
      failed: fleet.started - fleet.everBooted, localFailures: fleet.localFailures, lost: fleet.lost,
      allBootedMs: fleet.allBootedMs ?? null, firstError: fleet.firstError ?? null,
    },
    ...(fleet.trace ? { trace: { dropped: fleet.trace.dropped, error: fleet.trace.error ?? null } } : {}),
    ...documentFigures(fleet.metrics),
    thresholds,
    thresholdsPassed: thresholds.every((t) => t.passed),
    intervals: structuredClone(result.intervals),
    loadShape: loadShapeOf(result),
  };
}
