import type { ChalkInstance } from 'chalk';
import { formatLatency as ms } from '../clock/duration.js';
import type { Percentiles } from '../metrics/histogram.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { table } from './summary-table.js';

const figures = (p: Percentiles | undefined): string =>
  (p && p.count > 0 ? `p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}  (${p.count})` : '-');

/**
 * The offline queue's lines of the summary (docs/metrics.md): per action, messages queued,
 * flushed, dropped at the bound and still queued at the end; the flush time per charge point;
 * the age of flushed messages; messages skipped offline because they are not queued. Nothing
 * when no charge point was ever offline with something to send.
 */
export function offlineLines(doc: SummaryDocument, c: ChalkInstance): string[] {
  const k = doc.counts;
  const queued = k.offlineQueued ?? {};
  const skipped = Object.entries(k.offlineSkipped ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const actions = Object.keys(queued).sort();
  if (actions.length === 0 && skipped.length === 0) return [];
  const out = ['', c.bold('offline queue') + ' (transaction messages kept while offline, sent in order after the next Accepted boot)'];
  if (actions.length > 0) {
    const rows = [['action', 'queued', 'flushed', 'dropped', 'unsent at end']];
    for (const action of actions) {
      rows.push([action, String(queued[action] ?? 0), String(k.offlineFlushed?.[action] ?? 0), String(k.offlineDropped?.[action] ?? 0), String(k.offlineUnsent?.[action] ?? 0)]);
    }
    out.push(...table(rows),
      `  flush time     ${figures(doc.flushTime)}`,
      '                 (per charge point: Accepted boot → queue empty)',
      `  age when sent  ${figures(doc.offlineAge)}`,
      '                 (made, its original timestamp → sent from the queue; the latency',
      '                 of these CALLs above runs from that send)');
  }
  if (skipped.length > 0) {
    out.push(`  not queued     ${skipped.map(([action, n]) => `${action} ${n}`).join(', ')}`, '                 (not transaction-related: not sent while offline)');
  }
  return out;
}
