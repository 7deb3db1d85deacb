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
  /** Runs `fn` once, about `delayMs` from now. */
  schedule(delayMs: number, fn: () => void): Timer;
  /**
   * When a callback due at `at` actually runs, if nothing holds the event loop: `at` rounded up
   * to the scheduler's resolution. Lateness measured from here is the process's, not the rounding's.
   */
  firesAt(at: number): number;
}
