import type { Scheduler, Timer } from './scheduler.js';
import { SlotHeap } from './slot-heap.js';

/** One scheduled callback with its argument, and its own handle: no closure per timer. */
class Entry implements Timer {
  constructor(public fn: ((arg: unknown) => void) | null, readonly arg: unknown, private readonly wheel: TimerWheel) {}

  get active(): boolean {
    return this.fn !== null;
  }

  cancel(): void {
    if (!this.fn) return;
    this.fn = null;
    this.wheel.cancelled();
  }
}

/** The longest delay setTimeout keeps (2^31 - 1 ms, about 24.8 days); a longer one becomes 1 ms. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * One timer for many callbacks: entries are kept in buckets of `resolutionMs` and one
 * `setTimeout` is armed for the earliest non-empty bucket (a min-heap of bucket numbers finds it
 * without walking them all). A fleet of 10,000 charge points shares one of these instead of
 * holding 10,000 Node timers. Callbacks fire at most `resolutionMs` late and never early;
 * cancelled entries cost nothing when their bucket runs. A delay beyond setTimeout's range (a
 * reservation expiring in months) is waited in steps of MAX_TIMEOUT_MS.
 */
export class TimerWheel implements Scheduler {
  private readonly resolutionMs: number;
  private readonly buckets = new Map<number, Entry[]>();
  private readonly slots = new SlotHeap();
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Infinity;
  private size = 0;

  private readonly onError: (error: unknown) => void;

  /** `onError` receives what a callback threw (default: rethrown outside the wheel). */
  constructor(resolutionMs = 10, onError: (error: unknown) => void = (error) => queueMicrotask(() => { throw error; })) {
    this.resolutionMs = resolutionMs;
    this.onError = onError;
  }

  now(): number {
    return performance.now();
  }

  firesAt(at: number): number {
    return Math.ceil(at / this.resolutionMs) * this.resolutionMs;
  }

  schedule<T>(delayMs: number, fn: (arg: T) => void, arg?: T): Timer {
    const slot = Math.ceil((this.now() + Math.max(0, delayMs)) / this.resolutionMs);
    const entry = new Entry(fn as (arg: unknown) => void, arg, this);
    let bucket = this.buckets.get(slot);
    if (!bucket) {
      bucket = [];
      this.buckets.set(slot, bucket);
      this.slots.push(slot);
    }
    bucket.push(entry);
    this.size++;
    if (slot < this.armedFor) this.arm(slot);
    return entry;
  }

  /**
   * Called by an entry cancelled before it ran. When none is left, the cancelled ones are
   * dropped with the timer: a disarmed wheel never fires, so its buckets would otherwise be kept
   * forever (a gateway whose CALLs are all answered, and their timeout checks cancelled, before
   * they are due grew by one entry per CALL).
   */
  cancelled(): void {
    this.size--;
    if (this.size === 0) this.drop();
  }

  /** Entries still waiting to run. */
  get pending(): number {
    return this.size;
  }

  /** Entries held, cancelled ones not yet dropped included: at most those scheduled within the longest delay in use. */
  get held(): number {
    let held = 0;
    for (const bucket of this.buckets.values()) held += bucket.length;
    return held;
  }

  /** Drops every entry and the timer, so the process can exit. */
  clear(): void {
    for (const bucket of this.buckets.values()) for (const entry of bucket) entry.fn = null;
    this.size = 0;
    this.drop();
  }

  /** Forgets every bucket (all of whose entries are cancelled or cleared) and the timer. */
  private drop(): void {
    this.buckets.clear();
    this.slots.clear();
    this.disarm();
  }

  private arm(slot: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = slot;
    // Past MAX_TIMEOUT_MS setTimeout would fire after 1 ms, over and over; it wakes early instead and arms again.
    this.timer = setTimeout(() => this.fire(), Math.min(MAX_TIMEOUT_MS, Math.max(0, slot * this.resolutionMs - this.now())));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private fire(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const nowSlot = Math.floor(this.now() / this.resolutionMs);
    // Buckets in time order; one a callback adds for a slot already due runs in this pass too.
    for (let slot = this.slots.peek(); slot !== undefined && slot <= nowSlot; slot = this.slots.peek()) {
      this.slots.pop();
      const bucket = this.buckets.get(slot);
      this.buckets.delete(slot);
      if (bucket) this.run(bucket);
    }
    this.rearm();
  }

  private run(bucket: Entry[]): void {
    for (const entry of bucket) {
      const fn = entry.fn;
      if (!fn) continue;
      entry.fn = null;
      this.size--;
      try {
        fn(entry.arg);
      } catch (error) {
        // One failing callback must not drop the rest of its batch or stop the wheel.
        this.onError(error);
      }
    }
  }

  /** Arms for the earliest bucket left (buckets whose entries were all cancelled are dropped first). */
  private rearm(): void {
    if (this.size === 0) {
      this.drop();
      return;
    }
    for (let slot = this.slots.peek(); slot !== undefined; slot = this.slots.peek()) {
      const bucket = this.buckets.get(slot);
      if (bucket && bucket.some((entry) => entry.fn !== null)) {
        if (slot < this.armedFor) this.arm(slot);
        return;
      }
      this.slots.pop();
      this.buckets.delete(slot);
    }
  }
}
