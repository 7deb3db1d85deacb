/**
 * Full jitter (ocpp-sim's reconnect of 1.6 charge points): retry k waits a uniform share of
 * min(maxMs, initialMs × factor^k). In milliseconds.
 */
export interface FullJitterPolicy {
  kind?: 'full-jitter';
  initialMs: number;
  maxMs: number;
  factor: number;
}

/**
 * OCPP 2.0.1's reconnect (Part 4 §5.3, variables of OCPPCommCtrlr, Part 2 appendix): the first
 * retry waits RetryBackOffWaitMinimum plus a random part of at most RetryBackOffRandomRange; each
 * further failure doubles the wait, at most RetryBackOffRepeatTimes times, with a new random part
 * every time; after that it stays at the last wait. In milliseconds (the variables are seconds).
 */
export interface RetryBackOffPolicy {
  kind: 'retry-backoff';
  waitMinimumMs: number;
  randomRangeMs: number;
  repeatTimes: number;
}

/** Reconnect back-off settings. */
export type BackoffPolicy = FullJitterPolicy | RetryBackOffPolicy;

export const DEFAULT_BACKOFF: FullJitterPolicy = Object.freeze({ initialMs: 1000, maxMs: 30_000, factor: 2 });

/**
 * ocpp-sim's RetryBackOff defaults (the standard sets none): 1 s, plus up to 5 s at random,
 * doubled at most 3 times, so a retry waits at most 8 + 5 = 13 s.
 */
export const DEFAULT_RETRY_BACKOFF: RetryBackOffPolicy = Object.freeze({ kind: 'retry-backoff', waitMinimumMs: 1000, randomRangeMs: 5000, repeatTimes: 3 });

/**
 * Delay before retry number `attempt` (0 = the first retry after a failure or a lost
 * connection), in ms. Full jitter: uniform in [0, min(maxMs, initialMs × factor^attempt)).
 * RetryBackOff: waitMinimumMs × 2^min(attempt, repeatTimes) + uniform in [0, randomRangeMs).
 * `random` returns a value in [0, 1). Pure: the same inputs give the same delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const k = Math.max(0, attempt);
  if (policy.kind === 'retry-backoff') {
    return Math.floor(policy.waitMinimumMs * Math.pow(2, Math.min(k, policy.repeatTimes))) + Math.floor(random() * policy.randomRangeMs);
  }
  const ceiling = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, k));
  return Math.floor(random() * ceiling);
}

/** The longest delay `policy` can ever wait, in ms: what bounds the tail of a reconnect storm. */
export function longestDelay(policy: BackoffPolicy): number {
  if (policy.kind === 'retry-backoff') return policy.waitMinimumMs * Math.pow(2, policy.repeatTimes) + policy.randomRangeMs;
  return policy.maxMs;
}
