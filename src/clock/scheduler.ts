/** A scheduled callback. `cancel()` keeps it from running; after it ran, cancelling does nothing. */
export interface Timer {
  cancel(): void;
  /** True until the callback runs, is cancelled, or the scheduler drops it (TimerWheel.clear). */
  readonly active: boolean;
}

/**
 * A source of time and delayed callbacks. Production code uses a shared `TimerWheel`;
 * tests inject a `ManualScheduler` and advance it by hand.
 */
export interface Scheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /**
   * Runs `fn(arg)` once, about `delayMs` from now. With `arg`, one function shared by many
   * owners (a static method) needs no closure per owner: thousands of charge points each keeping
   * a timer hold no function object of their own.
   */
  schedule<T>(delayMs: number, fn: (arg: T) => void, arg?: T): Timer;
  /**
   * When a callback due at `at` actually runs, if nothing holds the event loop: `at` rounded up
   * to the scheduler's resolution. Lateness measured from here is the process's, not the rounding's.
   */
  firesAt(at: number): number;
}
