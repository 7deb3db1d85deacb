import { addEncoded, encodeHistogram, percentiles, type Percentiles } from './histogram.js';
import { SAMPLES_PER_STEP, type Counts, type StepChecks } from './recorder.js';

/** Adds counters key by key. Pure. */
export function sumCounts(records: readonly Counts[]): Counts {
  const total: Counts = {};
  for (const counts of records) for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
  return total;
}

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
  // Figures from the merged histogram itself, encoded once (not decoded again from its encoding).
  const total = addEncoded(parts.map((part) => part.encoded));
  const encoded = encodeHistogram(total);
  const figures = percentiles(total);
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

/** Merges one per-key family of histograms (latency per action…): every key of any input. Pure. */
export function mergeKeyed(encoded: ReadonlyArray<Record<string, string>>, figures: ReadonlyArray<Record<string, Percentiles>>): {
  histograms: Record<string, string>;
  figures: Record<string, Percentiles>;
} {
  const keys = [...new Set(encoded.flatMap((map) => Object.keys(map)))].sort();
  const histograms: Record<string, string> = {};
  const merged: Record<string, Percentiles> = {};
  for (const key of keys) {
    const parts = encoded.flatMap((map, i) => (map[key] === undefined ? [] : [{ encoded: map[key] as string, figures: figures[i]?.[key] }]));
    const result = mergeHistogramParts(parts);
    histograms[key] = result.encoded;
    merged[key] = result.figures;
  }
  return { histograms, figures: merged };
}

/** Scenario step checks merged by key: checks and failures summed, at most SAMPLES_PER_STEP samples. Pure. */
export function mergeSteps(all: ReadonlyArray<Record<string, StepChecks>>): Record<string, StepChecks> {
  const merged: Record<string, StepChecks> = {};
  for (const steps of all) {
    for (const [key, step] of Object.entries(steps)) {
      const into = (merged[key] ??= { checks: 0, failures: 0, samples: [] });
      into.checks += step.checks;
      into.failures += step.failures;
      for (const sample of step.samples) if (into.samples.length < SAMPLES_PER_STEP) into.samples.push({ ...sample });
    }
  }
  return merged;
}
