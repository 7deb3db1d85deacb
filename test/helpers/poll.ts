import { withTimeout } from './wait.js';

/**
 * The shortest a condition wait gives up after, in ms: on a loaded machine (CI, or the suite's
 * files running side by side) a slow pass is still a pass, and a condition that never comes true
 * fails all the same, only later.
 */
export const WAIT_FLOOR_MS = 30_000;

/**
 * Resolves once `check()` returns true, checking every `everyMs`; rejects naming `what` after
 * `ms` milliseconds (at least `WAIT_FLOOR_MS`). For state that changes without an event to wait
 * on (counters, snapshots).
 */
export function waitUntil(check: () => boolean, ms: number, what: string, everyMs = 10): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const polled = new Promise<void>((resolve) => {
    const tick = (): void => {
      if (check()) resolve();
      else timer = setTimeout(tick, everyMs);
    };
    tick();
  });
  return withTimeout(polled, Math.max(ms, WAIT_FLOOR_MS), what).finally(() => clearTimeout(timer));
}

/** Waits `ms` milliseconds of real time: only to prove that something does NOT happen meanwhile. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
