import { mergeLoadShapes } from './load-shape.js';
import { OUTCOME_RANK } from '../runner/run.js';
import { mergeMetrics, sumCounts } from '../metrics/merge.js';
import { ReportError } from './errors.js';
import { histogramReader } from './parse-summary.js';
import { documentFigures, metricsOfDocument, SUMMARY_SCHEMA, type SummaryDocument, type SummaryInterval } from './summary-document.js';

export { sumCounts };


/** Options of a merge: names of the inputs (for messages) and the version of the merging tool. */
export interface MergeOptions {
  /** One name per document (usually its file), used in error messages; default `summary #N`. */
  names?: readonly string[];
  /** Version written to `tool.version`; default the first document's. */
  toolVersion?: string;
}

/** Intervals by index: counts, rates and charge points summed, the longest `t`/`seconds`, no percentiles. */
function mergeIntervals(all: ReadonlyArray<readonly SummaryInterval[]>): SummaryInterval[] {
  const length = Math.max(0, ...all.map((list) => list.length));
  const merged: SummaryInterval[] = [];
  for (let i = 0; i < length; i++) {
    const parts = all.flatMap((list) => (list[i] ? [list[i] as SummaryInterval] : []));
    const sum = (pick: (x: SummaryInterval) => number | undefined): number => parts.reduce((total, x) => total + (pick(x) ?? 0), 0);
    const latency: SummaryInterval['latency'] = {};
    for (const part of parts) {
      for (const [action, figures] of Object.entries(part.latency)) latency[action] = { count: (latency[action]?.count ?? 0) + figures.count };
    }
    merged.push({
      t: Math.max(...parts.map((x) => x.t)), seconds: Math.max(...parts.map((x) => x.seconds)),
      sent: sum((x) => x.sent), received: sum((x) => x.received), messagesPerSec: sum((x) => x.messagesPerSec),
      errors: sum((x) => x.errors), latency, connected: sum((x) => x.connected), booted: sum((x) => x.booted),
      ...(parts.some((x) => x.states) ? { states: sumCounts(parts.map((x) => x.states ?? {})) } : {}),
      ...(parts.some((x) => x.errorCategories) ? { errorCategories: sumCounts(parts.map((x) => x.errorCategories ?? {})) } : {}),
    });
  }
  return merged;
}

/**
 * The target of merged runs: each of url, scenario and protocol as the inputs had it, or their
 * distinct values joined when they differ (shards of one run agree; runs against different
 * targets keep every one, not the first alone): URLs with ` + `, scenarios and protocols with
 * `+`, as a mixed fleet names its own (`report compare` splits protocols there).
 */
function mergedTarget(docs: readonly SummaryDocument[]): SummaryDocument['target'] {
  const joined = (pick: (t: SummaryDocument['target']) => string, by: string): string => [...new Set(docs.flatMap((doc) => pick(doc.target).split(by)))].join(by);
  return { ...(docs[0] as SummaryDocument).target, url: joined((t) => t.url, ' + '), scenario: joined((t) => t.scenario, '+'), protocol: joined((t) => t.protocol, '+') };
}

function worstOutcome(docs: readonly SummaryDocument[]): SummaryDocument {
  return docs.reduce((worst, doc) => (OUTCOME_RANK[doc.outcome] > OUTCOME_RANK[worst.outcome] ? doc : worst));
}

/**
 * Merges the summaries of runs made at the same time (shards of one load test) into one,
 * exactly: counters summed key by key, histograms merged bucket by bucket and their figures
 * recomputed (see mergeHistogramParts), never averaged. Thresholds are not re-evaluated: the
 * result has `thresholds: []` and `thresholdsPassed: null`. Pure; throws a ReportError
 * (`E_SUMMARY_MERGE`) naming the input for an empty list or a summary without histograms.
 */
export function mergeSummaries(docs: readonly SummaryDocument[], options: MergeOptions = {}): SummaryDocument {
  const first = docs[0];
  if (!first) throw new ReportError('E_SUMMARY_MERGE', 'nothing to merge: no summary given');
  const name = (i: number): string => options.names?.[i] ?? `summary #${i + 1}`;
  docs.forEach((doc, i) => {
    if (!doc.histograms) throw new ReportError('E_SUMMARY_MERGE', `${name(i)} has no histograms, so it cannot be merged exactly`, options.names?.[i]);
  });
  const metrics = mergeMetrics(docs.map(metricsOfDocument), docs.map((_, i) => name(i)), histogramReader(...docs));
  const worst = worstOutcome(docs);
  const mergedFrom = docs.reduce((total, doc) => total + doc.mergedFrom, 0);
  const cps = docs.map((doc) => doc.chargePoints);
  const total = (pick: (c: SummaryDocument['chargePoints']) => number): number => cps.reduce((sum, c) => sum + pick(c), 0);
  return {
    schema: SUMMARY_SCHEMA,
    tool: { name: first.tool.name, version: options.toolVersion ?? first.tool.version },
    mergedFrom,
    outcome: worst.outcome,
    interrupted: docs.some((doc) => doc.interrupted),
    error: worst.error ?? docs.find((doc) => doc.error !== null)?.error ?? null,
    startedAt: docs.map((doc) => doc.startedAt).sort()[0] as string,
    elapsedMs: Math.max(...docs.map((doc) => doc.elapsedMs)),
    durationMs: Math.max(...docs.map((doc) => doc.durationMs)),
    target: mergedTarget(docs),
    config: { ...structuredClone(first.config), shards: mergedFrom },
    chargePoints: {
      count: total((c) => c.count), started: total((c) => c.started), connected: total((c) => c.connected),
      booted: total((c) => c.booted), failed: total((c) => c.failed),
      localFailures: total((c) => c.localFailures), lost: total((c) => c.lost),
      allBootedMs: cps.some((c) => c.allBootedMs === null) ? null : Math.max(...cps.map((c) => c.allBootedMs as number)),
      firstError: cps.find((c) => c.firstError !== null)?.firstError ?? null,
    },
    ...documentFigures(metrics),
    thresholds: [],
    thresholdsPassed: null,
    intervals: mergeIntervals(docs.map((doc) => doc.intervals)),
    loadShape: mergeLoadShapes(docs.map((doc) => doc.loadShape)),
  };
}
