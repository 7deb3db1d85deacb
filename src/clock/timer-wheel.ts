import type { Cancel, Scheduler } from './scheduler.js';

interface Entry { at: number; fn: (() => void) | null }

const noop: Cancel = () => {};

/**
 * One timer for many callbacks: entries are kept in buckets of `resolutionMs` and one
 * `setTimeout` is armed for the earliest non-empty bucket. A fleet of 10,000 charge points
 * shares one of these instead of holding 10,000 Node timers. Callbacks fire at most
 * `resolutionMs` late and never early; cancelled entries cost nothing when their bucket runs.
 */
export class TimerWheel implements Scheduler {
  private readonly resolutionMs: number;
  private readonly buckets = new Map<number, Entry[]>();
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

  schedule(delayMs: number, fn: () => void): Cancel {
    const at = this.now() + Math.max(0, delayMs);
    const slot = Math.ceil(at / this.resolutionMs);
    const entry: Entry = { at, fn };
    let bucket = this.buckets.get(slot);
    if (!bucket) {
      bucket = [];
      this.buckets.set(slot, bucket);
    }
    bucket.push(entry);
    this.size++;
    if (slot < this.armedFor) this.arm(slot);
    return () => {
      if (entry.fn) {
        entry.fn = null;
        this.size--;
        if (this.size === 0) this.disarm();
      }
    };
  }

  /** Entries still waiting to run. */
  get pending(): number {
    return this.size;
  }

  /** Drops every entry and the timer, so the process can exit. */
  clear(): void {
    for (const bucket of this.buckets.values()) for (const entry of bucket) entry.fn = null;
    this.buckets.clear();
    this.size = 0;
    this.disarm();
  }

  private arm(slot: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = slot;
    this.timer = setTimeout(() => this.fire(), Math.max(0, slot * this.resolutionMs - this.now()));
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
    const due = [...this.buckets.keys()].filter((slot) => slot <= nowSlot).sort((a, b) => a - b);
    for (const slot of due) {
      const bucket = this.buckets.get(slot) ?? [];
      this.buckets.delete(slot);
      for (const entry of bucket) {
        const fn = entry.fn;
        if (!fn) continue;
        entry.fn = null;
        this.size--;
        try {
          fn();
        } catch (error) {
          // One failing callback must not drop the rest of its batch or stop the wheel.
          this.onError(error);
        }
      }
    }
    this.rearm();
  }

  /** Arms for the earliest bucket left: a callback may have armed a later one meanwhile. */
  private rearm(): void {
    if (this.size === 0) {
      this.disarm();
      return;
    }
    let earliest = Infinity;
    for (const slot of this.buckets.keys()) if (slot < earliest) earliest = slot;
    if (earliest < this.armedFor) this.arm(earliest);
  }
}
