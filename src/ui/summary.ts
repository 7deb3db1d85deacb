import { formatDuration, formatLatency } from '../clock/duration.js';
import type { Percentiles } from '../metrics/histogram.js';
import type { RunResult } from '../runner/run.js';

const ms = formatLatency;

function table(rows: string[][], rightAlignFrom = 1): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => '  ' + row.map((cell, col) => (col >= rightAlignFrom ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0))).join('  ').trimEnd());
}

/** Actions only a central system starts, for which the embedded gateway has a flag. */
const REMOTE_START = new Set(['RemoteStartTransaction', 'RequestStartTransaction']);

/** A line per awaited action at which charge points ended the run still waiting: the step never got its CALL. */
function waitingLines(waiting: Readonly<Record<string, number>> | undefined): string[] {
  return Object.entries(waiting ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([action, n]) =>
    `  still waiting  ${n} charge point${n === 1 ? '' : 's'} at 'await ${action}': never sent${REMOTE_START.has(action) ? '\n                 (the embedded gateway sends it with --gateway-remote-start 2s)' : ''}`);
}

/**
 * The end-of-run summary as plain text: a pure function of the result, the same on a TTY and
 * in CI logs. Latency is the true round trip, CALL sent → CALLRESULT/CALLERROR received.
 */
export function formatSummary(result: RunResult): string {
  const { fleet } = result;
  const m = fleet.metrics;
  const out: string[] = [];
  const status = { completed: 'completed', interrupted: 'INTERRUPTED', aborted: 'ABORTED (threshold failed)', unreachable: 'FAILED: could not connect' }[result.outcome];
  out.push(`ocpp-sim run ${status} after ${formatDuration(result.elapsedMs)}`);
  out.push(`  target    ${result.url}  (${result.protocol}, scenario ${result.scenario})`);
  // Failed: started but never booted (after an interrupt, charge points never started are not failures).
  const failed = fleet.started - fleet.everBooted;
  out.push(`  charge points  ${fleet.count} total, ${fleet.started} started, ${fleet.everConnected} connected, ${fleet.everBooted} booted, ${failed} failed`);
  out.push(`  connections    ${m.connects} opened (${m.reconnects} reconnects), ${m.connectFailures} failed attempts, ${Object.values(m.disconnects).reduce((a, b) => a + b, 0)} closed before the end of the run`);
  if (m.connectTime.count > 0) out.push(`  connect time   p50 ${ms(m.connectTime.p50)}  p99 ${ms(m.connectTime.p99)}  max ${ms(m.connectTime.max)}`);
  if (fleet.allBootedMs !== undefined) out.push(`  all booted     ${formatDuration(fleet.allBootedMs)} after the first connection attempt`);
  if (m.bootTime.count > 0) out.push(`  boot time      p50 ${ms(m.bootTime.p50)}  p99 ${ms(m.bootTime.p99)}  max ${ms(m.bootTime.max)}  (first connect attempt → Accepted)`);
  out.push(...waitingLines(result.waiting));
  const actions = [...new Set([...Object.keys(m.sent), ...Object.keys(m.received)])].sort();
  if (actions.length > 0) {
    out.push('', 'messages and round-trip latency per action (CALL sent → answer received)');
    const rows = [['action', 'sent', 'received', 'p50', 'p90', 'p99', 'max']];
    for (const action of actions) {
      const l = m.latency[action];
      rows.push([action, String(m.sent[action] ?? 0), String(m.received[action] ?? 0),
        ...(l ? [ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max)] : ['-', '-', '-', '-'])]);
    }
    out.push(...table(rows));
  }
  const scheduled = Object.keys(m.latencyCorrected).sort();
  if (scheduled.length > 0) {
    out.push('', 'scheduled sends: latency from the intended send time (coordinated omission corrected) vs from the actual send');
    const rows = [['action', 'scheduled', 'delayed', 'p50', 'p99', 'max', 'actual p50', 'actual p99']];
    for (const action of scheduled) {
      const c = m.latencyCorrected[action] as Percentiles;
      const l = m.latency[action];
      rows.push([action, String(m.scheduled[action] ?? 0), String(m.delayed[action] ?? 0), ms(c.p50), ms(c.p99), ms(c.max),
        l ? ms(l.p50) : '-', l ? ms(l.p99) : '-']);
    }
    out.push(...table(rows));
  }
  const failedSteps = Object.entries(m.steps).filter(([, s]) => s.failures > 0);
  if (failedSteps.length > 0) {
    out.push('', 'failed scenario checks');
    for (const [step, s] of failedSteps) {
      out.push(`  ${step}: ${s.failures} of ${s.checks} failed`);
      for (const sample of s.samples) out.push(`    ${sample.chargePoint}: ${sample.detail}`);
    }
  }
  const errors = Object.entries(m.errors).sort((a, b) => b[1] - a[1]);
  out.push('', errors.length === 0 ? 'errors: none' : 'errors by kind');
  if (errors.length > 0) out.push(...table([['kind', 'count'], ...errors.map(([kind, n]) => [kind, String(n)])]));
  const dropped = Object.entries(m.disconnects);
  if (dropped.length > 0) out.push(`disconnects by close code: ${dropped.map(([code, n]) => `${code}×${n}`).join(', ')}`);
  if (result.error) out.push('', `error: ${result.error}`);
  else if (fleet.firstError && failed > 0) out.push('', `first error: ${fleet.firstError}`);
  return out.join('\n') + '\n';
}
