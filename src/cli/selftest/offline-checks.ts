import type { Counts } from '../../metrics/snapshot.js';
import type { FleetSnapshot } from '../../runner/fleet.js';
import { LATE_MS, type AuditFigures } from './frame-audit.js';

const total = (counts: Counts | undefined): number => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);

/** The offline queue's figures of a fleet snapshot, summed over the actions. */
interface QueueFigures {
  queued: number;
  flushed: number;
  dropped: number;
  unsent: number;
  /** Flushes that emptied a charge point's queue (one per charge point and reconnect). */
  flushes: number;
  /** Flushed TransactionEvents (2.0.1, 2.1). */
  flushedEvents: number;
}

function queueFigures(snap: FleetSnapshot): QueueFigures {
  const m = snap.metrics;
  return {
    queued: total(m.offlineQueued), flushed: total(m.offlineFlushed), dropped: total(m.offlineDropped), unsent: total(m.offlineUnsent),
    flushes: m.flushTime?.count ?? 0, flushedEvents: m.offlineFlushed?.TransactionEvent ?? 0,
  };
}

/**
 * Whether a scenario with an `offline` step has shown what it is about on every charge point:
 * as many emptied offline queues as charge points (each flushed after its Accepted boot), nothing
 * waiting in any queue, and every flushed message seen at the gateway with its original timestamp.
 */
export function offlineAccomplished(snap: FleetSnapshot, f: AuditFigures): boolean {
  const q = queueFigures(snap);
  return q.flushes >= snap.count && q.flushed >= snap.count && q.queued === q.flushed + q.dropped && f.lateTransactionMessages >= q.flushed;
}

/**
 * What is wrong with the offline queue of a finished run, and its figures for the check's line:
 * every charge point flushed, everything queued sent, each flushed message late at the gateway
 * (its original timestamp), in order per charge point, 2.0.1 events with `offline: true`.
 */
export function offlineProblems(snap: FleetSnapshot, f: AuditFigures): { problems: string[]; figures: string } {
  const q = queueFigures(snap);
  const n = snap.count;
  const problems: string[] = [];
  if (q.flushes < n) problems.push(`${q.flushes}/${n} charge points emptied an offline queue after booting again`);
  if (q.flushed < q.queued) problems.push(`${q.queued} messages queued offline, only ${q.flushed} flushed (${q.dropped} dropped, ${q.unsent} unsent at the end)`);
  if (f.lateTransactionMessages < q.flushed) problems.push(`${q.flushed} messages flushed, but only ${f.lateTransactionMessages} arrived with their original timestamps (at least ${LATE_MS / 1000} s old)`);
  if (f.offlineEvents < q.flushedEvents) problems.push(`${q.flushedEvents} TransactionEvents flushed, only ${f.offlineEvents} with offline: true`);
  if (f.outOfOrder > 0) problems.push(`${f.outOfOrder} transaction messages out of order (${f.outOfOrderSamples.join('; ')})`);
  const flagged = q.flushedEvents > 0 ? `, ${f.offlineEvents} offline: true` : '';
  const figures = `${q.queued} messages queued offline, ${q.flushed} flushed in order by ${q.flushes} charge points (${f.lateTransactionMessages} with their original timestamps${flagged}), ${q.dropped} dropped`;
  return { problems, figures };
}
