/**
 * The shape nearly every OCPP timestamp has (`2026-12-07T06:18:39.123Z`): UTC, `T`, seconds, an
 * optional fraction. Tested with `RegExp.test`, which allocates nothing.
 */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two ASCII digits of `s` at `at` as a number (the caller has checked they are digits). */
function two(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + (s.charCodeAt(at + 1) - 48);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * A `date-time` format check that gives exactly the answer of `full` (ajv-formats' full RFC 3339
 * check) for every string, without its allocations for the common case: a canonical UTC
 * timestamp whose month, day (leap years counted), hour, minute and second are in range is
 * valid for `full` too and is accepted here at once; anything else (offsets, a lowercase `t` or
 * `z`, a space, a leap second, out-of-range fields, garbage) goes to `full`. ajv-formats splits
 * the string and runs two capturing regular expressions per value: about 0.7 KB of garbage per
 * Heartbeat answer, the largest single allocation of a heartbeat round trip.
 */
export function fastDateTime(full: (value: string) => boolean): (value: string) => boolean {
  return (value) => {
    if (CANONICAL.test(value)) {
      const year = two(value, 0) * 100 + two(value, 2);
      const month = two(value, 5);
      const day = two(value, 8);
      const days = month === 2 && isLeapYear(year) ? 29 : (DAYS[month] ?? 0);
      if (month >= 1 && month <= 12 && day >= 1 && day <= days && two(value, 11) <= 23 && two(value, 14) <= 59 && two(value, 17) <= 59) return true;
    }
    return full(value);
  };
}
