import hdr from 'hdr-histogram-js';

/** A latency histogram of microseconds; the only module that touches hdr-histogram-js. */
export type Histogram = hdr.Histogram;

/** Latencies from 1 µs to 1 hour, 3 significant digits (±0.1 %). */
const SETTINGS = Object.freeze({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 as const });

export function createHistogram(): Histogram {
  return hdr.build(SETTINGS);
}

/** Records a duration in milliseconds (fractional allowed), clamped into the trackable range. */
export function recordMs(histogram: Histogram, ms: number): void {
  const micros = Math.round(ms * 1000);
  histogram.recordValue(Math.min(SETTINGS.highestTrackableValue, Math.max(1, micros)));
}

/** The summary figures of a histogram, in milliseconds. */
export interface Percentiles {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

const round3 = (micros: number): number => Math.round(micros) / 1000;

const LADDER = [50, 90, 95, 99] as const;

/**
 * Values at several percentiles (ascending) and the mean, in ONE pass over the buckets, with
 * the same rounding as hdr's getValueAtPercentile and mean (hdr's `mean` walks every recorded
 * value through an iterator and costs ~10 ms on a busy histogram; this costs well under one).
 */
function ladderAndMean(histogram: Histogram, wanted: readonly number[]): { values: number[]; mean: number } {
  const h = histogram as unknown as hdr.JsHistogram;
  const total = h.totalCount;
  const targets = wanted.map((p) => {
    const fp = (Math.min(p, 100) / 100) * total;
    return Math.max(Math.ceil(fp - fp * Number.EPSILON), 1);
  });
  const out: number[] = new Array<number>(wanted.length).fill(0);
  let next = 0;
  let cumulative = 0;
  let sum = 0;
  const last = Math.min(h.countsArrayLength - 1, h.countsArrayIndex(h.maxValue));
  for (let i = Math.max(0, h.countsArrayIndex(h.minNonZeroValue)); i <= last; i++) {
    const count = h.getCountAtIndex(i);
    if (count === 0) continue;
    cumulative += count;
    const value = h.valueFromIndex(i);
    sum += h.medianEquivalentValue(value) * count;
    while (next < targets.length && cumulative >= (targets[next] as number)) out[next++] = h.highestEquivalentValue(value);
  }
  return { values: out, mean: total > 0 ? sum / total : 0 };
}

export function percentiles(histogram: Histogram): Percentiles {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  // Percentiles report the top of their bucket: cap them at the exact maximum.
  const max = histogram.maxValue;
  const { values, mean } = ladderAndMean(histogram, LADDER);
  const [p50, p90, p95, p99] = values.map((v) => round3(Math.min(max, v))) as [number, number, number, number];
  return { count, min: round3(histogram.minNonZeroValue), mean: round3(mean), p50, p90, p95, p99, max: round3(max) };
}

/** Compressed base64 form of a histogram: exact, portable between processes and machines. */
export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded);
  const histogram = createHistogram();
  histogram.add(decoded);
  return histogram;
}

/**
 * One live histogram holding the counts of every encoded one (added bucket by bucket); pure.
 * `read`: where an already decoded histogram is taken from (DecodedHistograms), instead of decoding.
 */
export function addEncoded(encoded: readonly string[], read?: (encoded: string) => Histogram): Histogram {
  const total = createHistogram();
  for (const item of encoded) total.add(read ? read(item) : hdr.decodeFromCompressedBase64(item));
  return total;
}

/** Merges encoded histograms exactly (counts added bucket by bucket); pure. */
export function mergeEncoded(encoded: readonly string[]): string {
  return encodeHistogram(addEncoded(encoded));
}

/** A histogram's recorded values counted into buckets with given upper bounds, in ms. */
export interface BucketCounts {
  /** Values in each bucket (not cumulative): one entry per bound, then one for above the largest bound. */
  counts: number[];
  /** Sum of the values, in ms (each bucket of the HdrHistogram counted at its middle value). */
  sumMs: number;
  count: number;
}

/**
 * Counts the values of `histogram` into buckets with upper bounds `boundsMs` (ascending,
 * inclusive: a value equal to a bound is in its bucket), in one pass over the recorded
 * buckets. Values below 2.048 ms are exact; above, an HdrHistogram bucket (±0.1 %) counts
 * at its lowest value, so a value within 0.1 % above a bound may count below it. Pure.
 */
export function bucketCounts(histogram: Histogram, boundsMs: readonly number[]): BucketCounts {
  const h = histogram as unknown as hdr.JsHistogram;
  const boundsMicros = boundsMs.map((ms) => ms * 1000);
  const counts = new Array<number>(boundsMs.length + 1).fill(0);
  let sum = 0;
  if (h.totalCount > 0) {
    let bucket = 0;
    const last = Math.min(h.countsArrayLength - 1, h.countsArrayIndex(h.maxValue));
    for (let i = Math.max(0, h.countsArrayIndex(h.minNonZeroValue)); i <= last; i++) {
      const count = h.getCountAtIndex(i);
      if (count === 0) continue;
      const value = h.valueFromIndex(i);
      while (bucket < boundsMicros.length && value > (boundsMicros[bucket] as number)) bucket++;
      counts[bucket] = (counts[bucket] as number) + count;
      sum += h.medianEquivalentValue(value) * count;
    }
  }
  return { counts, sumMs: sum / 1000, count: h.totalCount };
}

/**
 * A distribution-free confidence interval of the `percentile` (0–100) of the population the
 * histogram sampled, in ms: the values at the order statistics n·q ∓ z·√(n·q·(1−q)) (normal
 * approximation of the binomial rank; z = 1.96 for 95 %). A rank beyond the sample leaves that
 * side open: `high` is Infinity when the upper rank exceeds n (too few samples to bound a tail
 * percentile from above: a p99 needs 563), `low` is 0 below rank 1. Undefined when empty.
 */
export function percentileInterval(histogram: Histogram, percentile: number, z = 1.96): { low: number; high: number } | undefined {
  const n = histogram.totalCount;
  if (n === 0) return undefined;
  const q = Math.min(1, Math.max(0, percentile / 100));
  const spread = z * Math.sqrt(n * q * (1 - q));
  const at = (r: number): number => round3(Math.min(histogram.maxValue, histogram.getValueAtPercentile((100 * r) / n)));
  const lowRank = Math.floor(n * q - spread);
  const highRank = Math.ceil(n * q + spread) + 1;
  return { low: lowRank < 1 ? 0 : at(lowRank), high: highRank > n ? Infinity : at(highRank) };
}
