import type { Percentiles } from './histogram.js';

/** Counters keyed by action, code or category. */
export type Counts = Record<string, number>;

/** A scheduled send counts as delayed when it left this much later than intended, in ms (above the timer resolution). */
export const DELAYED_SEND_MS = 50;

/** Up to this many examples are kept per failing scenario step (a merge keeps as many). */
export const SAMPLES_PER_STEP = 3;

/** How many recent errors are kept (a merge keeps as many). */
export const RECENT_ERRORS = 20;

/** Checks of one scenario step: how many ran, how many failed, and a few failures with the charge point id. */
export interface StepChecks {
  checks: number;
  failures: number;
  /** Time spent in the step, summed over its checks (each from the step's start or its previous check), in ms. */
  totalMs: number;
  samples: Array<{ chargePoint: string; detail: string }>;
}

/** One error as it happened to one charge point. */
export interface RecentError {
  /** Milliseconds since the recorder was created. */
  atMs: number;
  chargePoint: string;
  detail: string;
}

/** Encoded histograms (compressed base64, values in µs), for exact merging of runs. */
export interface EncodedHistograms {
  latency: Record<string, string>;
  latencyCorrected: Record<string, string>;
  connect: string;
  boot: string;
  answer: string;
  /** Time to answer the central system's CALLs, per inbound action. */
  answerByAction: Record<string, string>;
  /** Scheduled sends only: the round trip from the actual send (the population of latencyCorrected). */
  latencyScheduled: Record<string, string>;
  /** Scheduled sends still queued at the end of the run: how late they were by then. */
  backlogAge: Record<string, string>;
  /** Messages sent from an offline queue: their age then (absent in summaries written before it). */
  offlineAge?: string;
  /** Per charge point and flush: from the Accepted boot to an empty offline queue. */
  flushTime?: string;
}

/**
 * Plain, serialisable figures of a run so far: what reporters, thresholds, the summary and the
 * JSON file read (one shape from the recorder to the file). Every event is counted once, in one
 * place:
 *
 * - each CALL the fleet sent ends in exactly one outcome: an answer (`received`, which includes
 *   CALLERRORs and answers that failed validation), a timeout, the connection lost while waiting,
 *   or still unanswered at the end of the run (after the graceful stop);
 * - `errors` counts failed operations, one key per failure: `timeout:<action>`,
 *   `callerror:<code>`, `invalid-answer:<action>`, `connection-lost:<action>`,
 *   `unanswered:<action>` (CALLs) and `connect:<cause>` (connection attempts), so errors never
 *   outnumber CALLs sent plus connection attempts;
 * - `anomalies` counts frames and faults that are not an operation of their own: `late-answer`
 *   (an answer after its CALL timed out: the timeout was already counted), `unknown-id` (an
 *   answer to no CALL of ours), `unparseable-frame`, `follow-up-failed`, `scenario-crash`,
 *   `internal-error`;
 * - failed scenario checks are in `steps`, not in `errors`: a check fails because of an error
 *   counted above or because the central system answered something the scenario did not expect.
 */
export interface MetricsSnapshot {
  /** CALLs sent by the fleet, per action. */
  sent: Counts;
  /** Answers to them received (CALLRESULT, CALLERROR or an answer that failed validation), per action. */
  received: Counts;
  /** CALLs of the central system received by the fleet, per action (CSMS → charge point). */
  inbound: Counts;
  /** The fleet's answers to them, per action, and how many of those were CALLERRORs. */
  answered: Counts;
  answeredWithError: Counts;
  /** Round trip CALL sent → answer received, per action, in ms. */
  latency: Record<string, Percentiles>;
  /** Scheduled sends only: from the intended send time to the answer (coordinated omission corrected). */
  latencyCorrected: Record<string, Percentiles>;
  /** The same scheduled sends' round trip from their actual send, so both compare one population. */
  latencyScheduled: Record<string, Percentiles>;
  connectTime: Percentiles;
  bootTime: Percentiles;
  /** Time to answer the central system's CALLs, all actions together and per action. */
  answerTime: Percentiles;
  answerByAction: Record<string, Percentiles>;
  /** Failed operations by category (see above). */
  errors: Counts;
  /** Frames and faults that are not operations (see above). */
  anomalies: Counts;
  /** Totals of the CALL outcomes that are errors. */
  timeouts: number;
  callErrors: number;
  invalidAnswers: number;
  connectionLost: number;
  unanswered: number;
  connects: number;
  connectFailures: number;
  reconnects: number;
  disconnects: Counts;
  /** BootNotification answers by status (Accepted, Pending, Rejected). */
  boots: Counts;
  /**
   * Firmware updates' own FirmwareStatusNotifications by status (Downloading … Installed, or a
   * failure such as DownloadFailed), triggered repeats not counted. Optional: absent in older summaries.
   */
  firmware?: Counts;
  /**
   * Scheduled sends per action, those of them sent more than DELAYED_SEND_MS late, grid slots
   * skipped because the previous send was still late by a whole interval (heartbeat), and
   * sends still queued when the run ended (`backlog`, never sent) with how late they were by
   * then (`backlogAge`: a lower bound of their corrected latency).
   */
  scheduled: Counts;
  delayed: Counts;
  skipped: Counts;
  backlog: Counts;
  backlogAge: Record<string, Percentiles>;
  /**
   * The offline queue (docs/metrics.md), per action: transaction-related messages kept while
   * offline (`offlineQueued`), sent from the queue later (`offlineFlushed`), dropped by the drop
   * rule at the bound (`offlineDropped`), still queued when the run ended (`offlineUnsent`), so
   * queued = flushed + dropped + unsent; and messages that are not transaction-related, not sent
   * while offline and never queued (`offlineSkipped`). Optional: absent in older summaries.
   */
  offlineQueued?: Counts;
  offlineFlushed?: Counts;
  offlineDropped?: Counts;
  offlineUnsent?: Counts;
  offlineSkipped?: Counts;
  /** Flushed messages: from when each was made (its original timestamp) to its send from the queue, in ms. */
  offlineAge?: Percentiles;
  /** Per charge point and flush: from its Accepted boot until its queue was empty, in ms. */
  flushTime?: Percentiles;
  /** Scenario step checks, keyed `file:line type`. */
  steps: Record<string, StepChecks>;
  /** The last few errors with the charge point they happened to, newest last. */
  recentErrors: RecentError[];
  /** Present when the snapshot was taken with `encode`. */
  histograms?: EncodedHistograms;
}
