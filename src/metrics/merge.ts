import { ownValue } from './bounded-keys.js';
import { addEncoded, createHistogram, encodeHistogram, percentiles, type Histogram, type Percentiles } from './histogram.js';
import { RECENT_ERRORS, SAMPLES_PER_STEP, type Counts, type EncodedHistograms, type MetricsSnapshot, type RecentError, type StepChecks } from './snapshot.js';

/**
 * Adds counters key by key. Pure. Keys come from summary files too, so they are gathered in a
 * Map: a key such as `constructor` or `__proto__` is a counter like any other, never a property
 * of Object.prototype (the result has it as an own property).
 */
export function sumCounts(records: readonly Counts[]): Counts {
  const total = new Map<string, number>();
  for (const counts of records) for (const [key, value] of Object.entries(counts)) total.set(key, (total.get(key) ?? 0) + value);
  return Object.fromEntries(total);
}

/** Where a merge reads an input's histogram from when it was decoded before (DecodedHistograms.read); absent: decoded now. */
export type ReadHistogram = (encoded: string) => Histogram;

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
export function mergeHistogramParts(parts: readonly HistogramPart[], read?: ReadHistogram): { encoded: string; figures: Percentiles } {
  // Figures from the merged histogram itself, encoded once (not decoded again from its encoding).
  const total = addEncoded(parts.map((part) => part.encoded), read);
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
export function mergeKeyed(encoded: ReadonlyArray<Record<string, string>>, figures: ReadonlyArray<Record<string, Percentiles>>, read?: ReadHistogram): {
  histograms: Record<string, string>;
  figures: Record<string, Percentiles>;
} {
  const keys = [...new Set(encoded.flatMap((map) => Object.keys(map)))].sort();
  // Own keys only, results built by fromEntries: a key such as `constructor` is an action like any other.
  const results = keys.map((key) => [key, mergeHistogramParts(encoded.flatMap((map, i) => {
    const part = ownValue(map, key);
    return part === undefined ? [] : [{ encoded: part, figures: ownValue(figures[i], key) }];
  }), read)] as const);
  return {
    histograms: Object.fromEntries(results.map(([key, result]) => [key, result.encoded])),
    figures: Object.fromEntries(results.map(([key, result]) => [key, result.figures])),
  };
}

/** Scenario step checks merged by key: checks and failures summed, at most SAMPLES_PER_STEP samples. Pure. */
export function mergeSteps(all: ReadonlyArray<Record<string, StepChecks>>): Record<string, StepChecks> {
  // A Map: step keys come from summary files too (`constructor` must not find Object's).
  const merged = new Map<string, StepChecks>();
  for (const steps of all) {
    for (const [key, step] of Object.entries(steps)) {
      let into = merged.get(key);
      if (into === undefined) merged.set(key, (into = { checks: 0, failures: 0, totalMs: 0, samples: [] }));
      into.checks += step.checks;
      into.failures += step.failures;
      into.totalMs += step.totalMs ?? 0;
      for (const sample of step.samples) if (into.samples.length < SAMPLES_PER_STEP) into.samples.push({ ...sample });
    }
  }
  return Object.fromEntries(merged);
}

/** The plain totals of a MetricsSnapshot: each is summed by a merge. */
const TOTALS = ['timeouts', 'callErrors', 'invalidAnswers', 'connectionLost', 'unanswered', 'connects', 'connectFailures', 'reconnects'] as const;
/** Keyed counters older summaries lack. */
const OPTIONAL_KEYED = ['offlineQueued', 'offlineFlushed', 'offlineDropped', 'offlineUnsent', 'offlineSkipped', 'firmware'] as const;
const OPTIONAL: ReadonlySet<string> = new Set(OPTIONAL_KEYED);
/** The keyed counters of a MetricsSnapshot: each is summed key by key by a merge. */
const KEYED = [
  'sent', 'received', 'inbound', 'answered', 'answeredWithError', 'errors', 'anomalies', 'disconnects', 'boots', 'scheduled', 'delayed', 'skipped', 'backlog',
  ...OPTIONAL_KEYED,
] as const;

let emptyEncoded: string | undefined;
/** The encoding of an empty histogram: stands in for one an older input does not have. */
function empty(): string {
  return (emptyEncoded ??= encodeHistogram(createHistogram()));
}

/**
 * The one merge of run figures, used for worker processes, shards and `report merge`: counters
 * summed key by key, histograms merged bucket by bucket with their figures recomputed (never
 * averaged), step checks summed, the newest RECENT_ERRORS errors kept. Exact: merging the parts
 * of a fleet gives the figures of one recorder that saw every event. Pure; throws a TypeError
 * naming the input (`names[i]`, default `metrics #i`) that has no encoded histograms. `read`:
 * histograms decoded before (a checked summary's), not decoded again.
 */
export function mergeMetrics(all: readonly MetricsSnapshot[], names: readonly string[] = [], read?: ReadHistogram): MetricsSnapshot {
  const hist = all.map((m, i) => {
    if (!m.histograms) throw new TypeError(`${names[i] ?? `metrics #${i + 1}`} has no encoded histograms, so it cannot be merged exactly`);
    return m.histograms;
  });
  const latency = mergeKeyed(hist.map((h) => h.latency), all.map((m) => m.latency), read);
  const corrected = mergeKeyed(hist.map((h) => h.latencyCorrected), all.map((m) => m.latencyCorrected), read);
  const byAction = mergeKeyed(hist.map((h) => h.answerByAction ?? {}), all.map((m) => m.answerByAction ?? {}), read);
  const scheduledActual = mergeKeyed(hist.map((h) => h.latencyScheduled ?? {}), all.map((m) => m.latencyScheduled ?? {}), read);
  const backlogAge = mergeKeyed(hist.map((h) => h.backlogAge ?? {}), all.map((m) => m.backlogAge ?? {}), read);
  const single = (pick: (h: EncodedHistograms) => string, figures: (m: MetricsSnapshot) => Percentiles) =>
    mergeHistogramParts(hist.map((h, i) => ({ encoded: pick(h), figures: figures(all[i] as MetricsSnapshot) })), read);
  const connect = single((h) => h.connect, (m) => m.connectTime);
  const boot = single((h) => h.boot, (m) => m.bootTime);
  const answer = single((h) => h.answer, (m) => m.answerTime);
  const offline = hist.some((h) => h.offlineAge !== undefined || h.flushTime !== undefined);
  const offlineAge = single((h) => h.offlineAge ?? empty(), (m) => m.offlineAge ?? percentiles(createHistogram()));
  const flushTime = single((h) => h.flushTime ?? empty(), (m) => m.flushTime ?? percentiles(createHistogram()));
  const offlineFigures = offline ? { offlineAge: offlineAge.figures, flushTime: flushTime.figures } : {};
  const offlineHistograms = offline ? { offlineAge: offlineAge.encoded, flushTime: flushTime.encoded } : {};
  const recent: RecentError[] = all.flatMap((m) => m.recentErrors).sort((a, b) => a.atMs - b.atMs).slice(-RECENT_ERRORS);
  // The offline figures are absent from summaries made before the queue: a merge of only such inputs has none either.
  const keyed = Object.fromEntries(KEYED.filter((key) => !OPTIONAL.has(key) || all.some((m) => m[key] !== undefined))
    .map((key) => [key, sumCounts(all.map((m) => m[key] ?? {}))])) as Record<(typeof KEYED)[number], Counts>;
  const totals = Object.fromEntries(TOTALS.map((key) => [key, all.reduce((sum, m) => sum + (m[key] ?? 0), 0)])) as Record<(typeof TOTALS)[number], number>;
  return {
    ...keyed, ...totals,
    latency: latency.figures, latencyCorrected: corrected.figures, answerByAction: byAction.figures,
    latencyScheduled: scheduledActual.figures, backlogAge: backlogAge.figures,
    connectTime: connect.figures, bootTime: boot.figures, answerTime: answer.figures,
    ...offlineFigures,
    steps: mergeSteps(all.map((m) => m.steps)), recentErrors: recent.map((e) => ({ ...e })),
    histograms: {
      latency: latency.histograms, latencyCorrected: corrected.histograms, answerByAction: byAction.histograms,
      latencyScheduled: scheduledActual.histograms, backlogAge: backlogAge.histograms,
      connect: connect.encoded, boot: boot.encoded, answer: answer.encoded,
      ...offlineHistograms,
    },
  };
}
