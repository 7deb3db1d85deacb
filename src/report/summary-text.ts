import { formatDuration, formatLatency } from '../clock/duration.js';
import type { Percentiles } from '../metrics/histogram.js';
import type { SummaryDocument } from './summary-document.js';

const ms = formatLatency;
const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const figures = (p: Percentiles): string => `p50 ${ms(p.p50)}  p90 ${ms(p.p90)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`;

/**
 * A short plain-text account of a summary document (what `report merge` prints without
 * `--out`): outcome, charge points, messages, latency per action, failing steps and thresholds.
 * Latency in ms (s from 1 s up); pure.
 */
export function formatSummaryDocument(doc: SummaryDocument): string {
  const runs = doc.mergedFrom === 1 ? 'run' : `${doc.mergedFrom} runs merged`;
  const out = [`ocpp-sim summary (${runs}): ${doc.outcome} after ${formatDuration(doc.elapsedMs)}, started ${doc.startedAt}`];
  out.push(`  target         ${doc.target.url}  (${doc.target.protocol}, scenario ${doc.target.scenario})`);
  const cp = doc.chargePoints;
  out.push(`  charge points  ${cp.count} total, ${cp.started} started, ${cp.connected} connected, ${cp.booted} booted, ${cp.failed} failed`);
  const c = doc.counts;
  out.push(`  messages       ${total(c.sent)} sent, ${total(c.received)} received, ${total(c.errors)} errors (${c.timeouts} timeouts, ${c.callErrors} CALLERRORs)`);
  out.push(`  connections    ${c.connects} opened (${c.reconnects} reconnects), ${c.connectFailures} failed attempts, ${total(c.disconnects)} dropped`);
  if (doc.connect.count > 0) out.push(`  connect time   ${figures(doc.connect)}`);
  if (doc.boot.count > 0) out.push(`  boot time      ${figures(doc.boot)}`);
  const actions = Object.keys(doc.latency).sort();
  if (actions.length > 0) {
    out.push('  round trip per action (CALL sent → answer received)');
    const width = Math.max(...actions.map((a) => a.length));
    for (const action of actions) out.push(`    ${action.padEnd(width)}  ${String((doc.latency[action] as Percentiles).count).padStart(7)}  ${figures(doc.latency[action] as Percentiles)}`);
  }
  const failing = Object.entries(doc.steps).filter(([, step]) => step.failures > 0);
  for (const [key, step] of failing) out.push(`  step FAILED    ${key}: ${step.failures} of ${step.checks} checks failed`);
  for (const t of doc.thresholds) out.push(`  threshold ${t.passed ? 'ok    ' : 'FAILED'} ${t.expression}${t.passed ? '' : `: ${t.message}`}`);
  if (doc.thresholdsPassed === null) out.push('  thresholds     not evaluated for merged runs');
  if (doc.error) out.push(`  error          ${doc.error}`);
  return out.join('\n') + '\n';
}
