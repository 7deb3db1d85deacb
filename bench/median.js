// The median of a benchmark's rounds, shared by defaults.js and ab-boot.js.

/** The median of the numbers present (null and undefined skipped; null when none is), and their range. */
export function median(values) {
  const v = values.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return { mid: null, lo: null, hi: null };
  const mid = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { mid, lo: v[0], hi: v.at(-1) };
}
