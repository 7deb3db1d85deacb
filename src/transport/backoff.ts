/** Reconnect back-off settings, in milliseconds. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 1000, maxMs: 30_000, factor: 2 });

/**
 * Delay before retry number `attempt` (0 = the first retry after a failure), with full jitter:
 * uniform in [0, min(maxMs, initialMs × factor^attempt)). `random` returns a value in [0, 1).
 * Pure: the same inputs give the same delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt)));
  return Math.floor(random() * ceiling);
}
