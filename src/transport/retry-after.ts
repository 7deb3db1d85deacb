/** Longest wait a server's Retry-After can ask of a charge point, in milliseconds; a longer one is cut to this. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** HTTP statuses of a refused upgrade whose Retry-After is honoured (RFC 9110 §10.2.3). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * Milliseconds a Retry-After header asks to wait, from `nowMs` (epoch milliseconds): its
 * delta-seconds or its HTTP-date (RFC 9110 §10.2.3), at most MAX_RETRY_AFTER_MS, at least 0.
 * Undefined when the header is absent or unreadable. Pure.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (!/[A-Za-z]/.test(text)) return undefined; // an HTTP-date names its month; "1.5" or "-5" is no date
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/**
 * The wait before the next attempt after a refusal that asked for `retryAfterMs`: that wait
 * plus up to half of it again at random (a fleet refused at once must not return at once),
 * and never less than the back-off's own `backoffMs`. `random` returns a value in [0, 1). Pure.
 */
export function retryAfterDelay(retryAfterMs: number, backoffMs: number, random: () => number): number {
  return Math.max(backoffMs, Math.floor(retryAfterMs * (1 + random() / 2)));
}
