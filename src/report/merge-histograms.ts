import { decodeHistogram, mergeEncoded, percentiles, type Percentiles } from '../metrics/histogram.js';

/** One input's encoded histogram and, when known, the figures computed from it before encoding. */
export interface HistogramPart {
  encoded: string;
  figures?: Percentiles | undefined;
}

/**
 * Merges histograms exactly and computes the figures of the merged one. Counts are added
 * bucket by bucket (so percentiles and mean are those of one histogram holding every sample);
 * min and max are taken from the inputs' figures, which were exact before encoding (the
 * encoding keeps buckets, not extremes), so the result equals `percentiles()` of a single
 * live histogram of all samples. Without figures, min and max are the buckets' (±0.1 %). Pure.
 */
export function mergeHistogramParts(parts: readonly HistogramPart[]): { encoded: string; figures: Percentiles } {
  const encoded = mergeEncoded(parts.map((part) => part.encoded));
  const figures = percentiles(decodeHistogram(encoded));
  if (figures.count === 0) return { encoded, figures };
  const known = parts.filter((part) => part.figures && part.figures.count > 0).map((part) => part.figures as Percentiles);
  const knownCount = known.reduce((sum, f) => sum + f.count, 0);
  if (knownCount !== figures.count) return { encoded, figures };
  const min = Math.min(...known.map((f) => f.min));
  const max = Math.max(...known.map((f) => f.max));
  const cap = (value: number): number => Math.min(value, max);
  return {
    encoded,
    figures: { ...figures, min, max, p50: cap(figures.p50), p90: cap(figures.p90), p95: cap(figures.p95), p99: cap(figures.p99) },
  };
}
