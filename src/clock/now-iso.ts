let lastMs = Number.NaN;
let lastIso = '';

/**
 * The time `ms` as an ISO 8601 UTC string ending in `Z` (the brief §2.6: always emit UTC),
 * exactly `new Date(ms).toISOString()`: made once per millisecond and reused while that
 * millisecond lasts. A fleet stamps thousands of messages a second, many in the same
 * millisecond, and each string made anew cost about as much as the rest of building its payload.
 */
export function isoAt(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** The current time as isoAt gives it; takes no argument, so it can be passed as a callback. */
export const nowIso = (): string => isoAt(Date.now());
