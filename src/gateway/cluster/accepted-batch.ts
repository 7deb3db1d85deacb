import type { Scheduler, Timer } from '../../clock/scheduler.js';

/** A charge point id a worker accepted, and when (epoch ms). */
export type Accepted = readonly [chargePointId: string, at: number];

/**
 * How long a worker gathers the ids it accepted before it tells the primary, in ms, and how many
 * it gathers at most: one IPC message per batch instead of one per connection, and one `evict`
 * message per batch to each other worker. One per connection was about a third of the gateway's
 * CPU while two workers accepted 10,000 connections at 1,000/s, the primary's 0.06 ms per
 * connection included (docs/benchmarks.md, the accept path). An older connection with the same
 * id on another worker closes up to this much later (over IPC it never closed at once).
 */
export const ACCEPTED_BATCH_MS = 20;
export const ACCEPTED_BATCH_MAX = 500;

/**
 * Gathers accepted ids and hands them to `flush` in order, in batches: `maxMs` after the first
 * of a batch, or at once when it holds `max`. Bounded: never more than `max` held.
 */
export class AcceptedBatch {
  private held: Accepted[] = [];
  private timer: Timer | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly flush: (batch: Accepted[]) => void,
    private readonly maxMs = ACCEPTED_BATCH_MS,
    private readonly max = ACCEPTED_BATCH_MAX,
  ) {}

  add(chargePointId: string, at: number): void {
    this.held.push([chargePointId, at]);
    if (this.held.length >= this.max) this.send();
    else this.timer ??= this.scheduler.schedule(this.maxMs, () => this.send());
  }

  /** Hands over what is held now (nothing when empty). */
  send(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.held.length === 0) return;
    const batch = this.held;
    this.held = [];
    this.flush(batch);
  }
}
