import type { ChalkInstance } from 'chalk';
import { formatDuration, formatLatency as ms } from '../clock/duration.js';
import type { Percentiles } from '../metrics/histogram.js';
import { DELAYED_SEND_MS } from '../metrics/snapshot.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { DEFAULT_SUMMARY_STATS, parseSummaryStats, statCells, table, type StatColumn } from './summary-table.js';
import { formatLoadShape } from './load-shape-summary.js';
import { offlineLines } from './offline-summary.js';
import { formatThresholdResults } from './threshold-lines.js';
import { PLAIN_COLOR } from './plain-color.js';

/** How the summary is drawn: its latency columns and its colours (none: plain text). */
export interface SummaryStyle {
  stats?: readonly StatColumn[];
  /** A chalk instance; colour only when given with a level above 0 (a TTY without NO_COLOR). */
  color?: ChalkInstance;
  /** Charge points still waiting in an `await` step when the run ended, by awaited action (the run's, not in the document). */
  waiting?: Readonly<Record<string, number>>;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const byCount = (counts: Record<string, number>): Array<[string, number]> => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How the error of a run whose embedded gateway died begins (cli/run-command.ts). */
export const GATEWAY_DIED = 'the embedded gateway exited during the run';

const STATUS: Record<SummaryDocument['outcome'], string> = {
  completed: 'completed', interrupted: 'INTERRUPTED', aborted: 'ABORTED (threshold failed)', unreachable: 'FAILED: could not connect', partial: 'PARTIAL (a worker process died)',
};

function head(doc: SummaryDocument, c: ChalkInstance): string[] {
  const runs = doc.mergedFrom === 1 ? 'run' : `summary of ${doc.mergedFrom} runs merged:`;
  // A run ended early by its own gateway's death says so instead of blaming a threshold.
  const aborted = doc.outcome === 'aborted' && doc.error?.startsWith(GATEWAY_DIED) ? 'ABORTED (the embedded gateway exited)' : undefined;
  const status = doc.outcome === 'completed' ? c.green(STATUS.completed) : c.red.bold(aborted ?? STATUS[doc.outcome]);
  const out = [c.bold(`ocpp-sim ${runs} `) + status + ` after ${formatDuration(doc.elapsedMs)}`];
  out.push(`  target         ${doc.target.url}`, `  scenario       ${doc.target.scenario} (${doc.target.protocol})`);
  const cp = doc.chargePoints;
  const failed = `${cp.failed} failed`;
  out.push(`  charge points  ${cp.count} total, ${cp.started} started, ${cp.connected} connected, ${cp.booted} booted, ${cp.failed > 0 ? c.red(failed) : failed}`);
  out.push('                 (failed: started, but no BootNotification ever Accepted)');
  if (cp.localFailures > 0) out.push(c.red(`  local limits   ${plural(cp.localFailures, 'charge point')} never connected for a cause on this machine`));
  if (cp.lost > 0) out.push(c.red(`  lost           ${plural(cp.lost, 'charge point')} with a worker process that died (counted failed)`));
  const boots = byCount(doc.counts.boots);
  if (boots.length > 0) out.push(`  boot answers   ${boots.map(([status, n]) => `${status} ${n}`).join(', ')}  (BootNotification by status)`);
  const firmware = byCount(doc.counts.firmware ?? {});
  if (firmware.length > 0) out.push(`  firmware       ${firmware.map(([status, n]) => `${status} ${n}`).join(', ')}  (updates' FirmwareStatusNotification by status)`);
  const k = doc.counts;
  out.push(`  connections    ${k.connects} opened (${k.reconnects} reconnects), ${k.connectFailures} failed, ${total(k.disconnects)} closed by the peer`);
  if (doc.connect.count > 0) out.push(`  connect time   p50 ${ms(doc.connect.p50)}  p99 ${ms(doc.connect.p99)}  max ${ms(doc.connect.max)}  (WebSocket upgrade)`);
  if (doc.boot.count > 0) out.push(`  boot time      p50 ${ms(doc.boot.p50)}  p99 ${ms(doc.boot.p99)}  max ${ms(doc.boot.max)}  (first attempt → Accepted)`);
  if (cp.allBootedMs !== null) out.push(`  all booted     ${formatDuration(cp.allBootedMs)} after the first connection attempt`);
  return out;
}

function outbound(doc: SummaryDocument, stats: readonly StatColumn[], c: ChalkInstance): string[] {
  const actions = Object.keys(doc.counts.sent).sort();
  if (actions.length === 0) return [];
  const rows = [['action', 'sent', 'answered', ...stats.map((s) => s.label)]];
  for (const action of actions) {
    rows.push([action, String(doc.counts.sent[action] ?? 0), String(doc.counts.received[action] ?? 0), ...statCells(doc.latency[action], stats)]);
  }
  return ['', c.bold('CALLs sent by the charge points'), '  (answered: a CALLRESULT or CALLERROR came; times: CALL sent → answer received)', ...table(rows)];
}

function inbound(doc: SummaryDocument, stats: readonly StatColumn[], c: ChalkInstance): string[] {
  const actions = Object.keys(doc.counts.inbound).sort();
  if (actions.length === 0) return [];
  const rows = [['action', 'received', 'answered', 'CALLERROR', ...stats.slice(0, 4).map((s) => s.label)]];
  for (const action of actions) {
    rows.push([action, String(doc.counts.inbound[action] ?? 0), String(doc.counts.answered[action] ?? 0),
      String(doc.counts.answeredWithError[action] ?? 0), ...statCells(doc.answerByAction[action], stats.slice(0, 4))]);
  }
  return ['', c.bold('CALLs of the central system (CSMS → charge point)'), '  (times: CALL received → answer sent by the charge point)', ...table(rows)];
}

function scheduled(doc: SummaryDocument, c: ChalkInstance): string[] {
  const k = doc.counts;
  const actions = Object.keys(k.scheduled).sort();
  if (actions.length === 0) return [];
  const cell = (p: Percentiles | undefined, pick: (p: Percentiles) => number): string => (p && p.count > 0 ? ms(pick(p)) : '-');
  const counts = [['action', 'scheduled', 'delayed', 'skipped', 'queued at end', 'late by (max)']];
  const times = [['action', 'p50', 'p99', 'max', 'actual p50', 'actual p99', 'actual max']];
  for (const action of actions) {
    const queued = k.backlog?.[action] ?? 0;
    counts.push([action, String(k.scheduled[action] ?? 0), String(k.delayed[action] ?? 0), String(k.skipped?.[action] ?? 0), String(queued),
      queued > 0 ? cell(doc.backlogAge?.[action], (p) => p.max) : '-']);
    const corrected = doc.latencyCorrected[action];
    const actual = doc.latencyScheduled?.[action];
    times.push([action, cell(corrected, (p) => p.p50), cell(corrected, (p) => p.p99), cell(corrected, (p) => p.max),
      cell(actual, (p) => p.p50), cell(actual, (p) => p.p99), cell(actual, (p) => p.max)]);
  }
  return ['', c.bold('scheduled sends (heartbeat, repeat every): coordinated omission'),
    `  (delayed: sent over ${DELAYED_SEND_MS} ms after its intended time; skipped: grid slots that`,
    '  passed during a stall; queued at end: never sent, late by at least that much)',
    ...table(counts),
    '  round trip from the intended send (corrected) and from the actual send, same sends:',
    ...table(times)];
}

function problems(doc: SummaryDocument, c: ChalkInstance): string[] {
  const out: string[] = [];
  const failedSteps = Object.entries(doc.steps).filter(([, s]) => s.failures > 0);
  if (failedSteps.length > 0) {
    out.push('', c.bold('failed scenario checks') + ' (the CALL failed, or its answer was not what the step expects)');
    for (const [step, s] of failedSteps) {
      out.push(c.red(`  ${step}: ${s.failures} of ${s.checks} failed`));
      for (const sample of s.samples) out.push(`    ${sample.chargePoint}: ${sample.detail}`.slice(0, 80));
    }
  }
  const k = doc.counts;
  const errors = byCount(k.errors);
  const operations = total(k.sent) + k.connects + k.connectFailures;
  const count = total(k.errors);
  const rate = operations > 0 ? ` of ${operations} operations (${Number(((100 * count) / operations).toFixed(2))}%)` : '';
  out.push('', errors.length === 0 ? `${c.bold('errors')}: none` : `${c.bold('errors')}: ${c.red(String(count))}${rate}, each failed CALL or connection attempt once`);
  if (errors.length > 0) out.push(...table([['kind', 'count'], ...errors.map(([kind, n]) => [kind, String(n)])]));
  const anomalies = byCount(k.anomalies);
  if (anomalies.length > 0) out.push(`other events (not operations): ${anomalies.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  const dropped = Object.entries(k.disconnects);
  if (dropped.length > 0) out.push(`closed by the peer, by close code: ${dropped.map(([code, n]) => `${code}×${n}`).join(', ')}`);
  if (doc.error) out.push('', c.red(`error: ${doc.error}`));
  else if (doc.chargePoints.firstError && doc.chargePoints.failed > 0) out.push('', `first error: ${doc.chargePoints.firstError}`);
  return out;
}

/** Actions only a central system starts, for which the embedded gateway has a flag. */
const REMOTE_START = new Set(['RemoteStartTransaction', 'RequestStartTransaction']);

/** A line per awaited action at which charge points ended the run still waiting: the step never got its CALL. */
function waitingLines(waiting: Readonly<Record<string, number>> | undefined): string[] {
  return Object.entries(waiting ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([action, n]) =>
    `  still waiting  ${n} charge point${n === 1 ? '' : 's'} at 'await ${action}': never sent${REMOTE_START.has(action) ? '\n                 (the embedded gateway sends it with --gateway-remote-start 2s)' : ''}`);
}

/**
 * The end-of-run summary of a run or of merged runs, from the summary document: a pure
 * function, the same text for `run` and `report merge`. Every line fits 80 columns; latencies
 * carry their unit; colour only with `style.color`.
 */
export function formatSummary(doc: SummaryDocument, style: SummaryStyle = {}): string {
  const c = style.color ?? PLAIN_COLOR;
  const stats = style.stats ?? parseSummaryStats(DEFAULT_SUMMARY_STATS);
  const out = [...head(doc, c), ...waitingLines(style.waiting), ...outbound(doc, stats, c), ...inbound(doc, stats, c), ...scheduled(doc, c), ...offlineLines(doc, c), ...problems(doc, c)];
  const thresholds = doc.thresholdsPassed === null && doc.mergedFrom > 1 ? '\nthresholds: not evaluated for merged runs\n' : formatThresholdResults(doc.thresholds, c);
  return out.join('\n') + '\n' + formatLoadShape(doc.loadShape) + thresholds;
}
