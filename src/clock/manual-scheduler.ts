import type { Scheduler, Timer } from './scheduler.js';

class Entry implements Timer {
  constructor(readonly at: number, readonly seq: number, public fn: ((arg: unknown) => void) | null, readonly arg: unknown) {}

  get active(): boolean {
    return this.fn !== null;
  }

  cancel(): void {
    this.fn = null;
  }
}

/** A scheduler whose clock moves only when `advance` is called: for deterministic tests. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private entries: Entry[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  firesAt(at: number): number {
    return at;
  }

  schedule<T>(delayMs: number, fn: (arg: T) => void, arg?: T): Timer {
    const entry = new Entry(this.time + Math.max(0, delayMs), this.seq++, fn as (arg: unknown) => void, arg);
    this.entries.push(entry);
    return entry;
  }

  /** Moves the clock forward by `ms`, running due callbacks in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const live = this.entries.filter((e) => e.fn !== null && e.at <= end);
      if (live.length === 0) break;
      live.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = live[0] as Entry;
      this.time = Math.max(this.time, next.at);
      const fn = next.fn as (arg: unknown) => void;
      next.fn = null;
      fn(next.arg);
    }
    this.entries = this.entries.filter((e) => e.fn !== null);
    this.time = end;
  }

  /** Callbacks still waiting. */
  get pending(): number {
    return this.entries.filter((e) => e.fn !== null).length;
  }
}
