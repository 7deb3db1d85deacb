import { bump, nullRecord, type BoundedKeys } from './bounded-keys.js';
import { createHistogram, encodeHistogram, percentiles, recordMs } from './histogram.js';
import type { MetricsSnapshot } from './snapshot.js';

/**
 * The offline queue's figures of a fleet (docs/metrics.md#offline-queue), part of its Recorder:
 * messages per action kept, sent from the queue, dropped, skipped and left unsent, the age of
 * flushed messages and the flush time per charge point. Actions come from the peer's vocabulary
 * through the recorder's BoundedKeys, as every other action count.
 */
export class OfflineCounts {
  private readonly actions: BoundedKeys;
  private readonly counts = { queued: nullRecord<number>(), flushed: nullRecord<number>(), dropped: nullRecord<number>(), skipped: nullRecord<number>(), unsent: nullRecord<number>() };
  private readonly age = createHistogram();
  private readonly flushTime = createHistogram();

  constructor(actions: BoundedKeys) {
    this.actions = actions;
  }

  /** A transaction-related message kept in the offline queue (chargepoint/offline-queue.ts). */
  queued(peerAction: string): void {
    bump(this.counts.queued, this.actions.key(peerAction));
  }

  /** A message sent from the offline queue, `ageMs` after it was made (its original timestamp). */
  flushed(peerAction: string, ageMs: number): void {
    bump(this.counts.flushed, this.actions.key(peerAction));
    recordMs(this.age, ageMs);
  }

  /** A queued message dropped by the drop rule at the queue's bound. */
  dropped(peerAction: string): void {
    bump(this.counts.dropped, this.actions.key(peerAction));
  }

  /** A message that is not transaction-related, not sent while offline and not queued (Heartbeat, StatusNotification…). */
  skipped(peerAction: string): void {
    bump(this.counts.skipped, this.actions.key(peerAction));
  }

  /** A message still in the offline queue when the run ended. */
  unsent(peerAction: string): void {
    bump(this.counts.unsent, this.actions.key(peerAction));
  }

  /** One charge point emptied its offline queue `ms` after its boot was Accepted. */
  flushCompleted(ms: number): void {
    recordMs(this.flushTime, ms);
  }

  /** The snapshot's offline fields: counts by action, the age and flush time percentiles. */
  snapshot(): Pick<MetricsSnapshot, 'offlineQueued' | 'offlineFlushed' | 'offlineDropped' | 'offlineSkipped' | 'offlineUnsent' | 'offlineAge' | 'flushTime'> {
    const { queued, flushed, dropped, skipped, unsent } = this.counts;
    return {
      offlineQueued: { ...queued }, offlineFlushed: { ...flushed }, offlineDropped: { ...dropped }, offlineSkipped: { ...skipped }, offlineUnsent: { ...unsent },
      offlineAge: percentiles(this.age), flushTime: percentiles(this.flushTime),
    };
  }

  /** The histograms behind the age and flush time, compressed. */
  encoded(): { offlineAge: string; flushTime: string } {
    return { offlineAge: encodeHistogram(this.age), flushTime: encodeHistogram(this.flushTime) };
  }
}
