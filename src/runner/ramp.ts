/**
 * When the charge point with `index` (0-based) starts, in ms after the run began, for a ramp
 * of `ratePerSec` new connections per second; 0 means all at once (bounded only by the
 * handshake concurrency). Pure.
 */
export function rampOffsetMs(index: number, ratePerSec: number): number {
  return ratePerSec > 0 ? (index * 1000) / ratePerSec : 0;
}

/** How long the whole ramp of `count` charge points takes, in ms. */
export function rampDurationMs(count: number, ratePerSec: number): number {
  return count > 0 ? rampOffsetMs(count - 1, ratePerSec) : 0;
}

/** How many of `count` charge points are due to have started `elapsedMs` into the ramp. */
export function dueCount(elapsedMs: number, count: number, ratePerSec: number): number {
  if (ratePerSec <= 0) return count;
  // The epsilon keeps rampOffsetMs(i) itself due despite floating-point rounding.
  return Math.min(count, Math.floor((Math.max(0, elapsedMs) * ratePerSec) / 1000 + 1e-9) + 1);
}
