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

export function percentiles(histogram: Histogram): Percentiles {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  // Percentiles report the top of their bucket: cap them at the exact maximum.
  const max = histogram.maxValue;
  const at = (p: number): number => round3(Math.min(max, histogram.getValueAtPercentile(p)));
  return {
    count,
    min: round3(histogram.minNonZeroValue),
    mean: round3(histogram.mean),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    max: round3(max),
  };
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

/** Merges encoded histograms exactly (counts added bucket by bucket); pure. */
export function mergeEncoded(encoded: readonly string[]): string {
  const total = createHistogram();
  for (const item of encoded) total.add(hdr.decodeFromCompressedBase64(item));
  return encodeHistogram(total);
}
