import { withTimeout } from './wait.js';

/**
 * Resolves once `check()` returns true, checking every `everyMs`; rejects naming `what` after
 * `ms` milliseconds. For state that changes without an event to wait on (counters, snapshots).
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
  return withTimeout(polled, ms, what).finally(() => clearTimeout(timer));
}

/** Waits `ms` milliseconds of real time: only to prove that something does NOT happen meanwhile. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
