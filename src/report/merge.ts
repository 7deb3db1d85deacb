import { mergeLoadShapes } from './load-shape.js';
import type { Percentiles } from '../metrics/histogram.js';
import type { Counts, EncodedHistograms } from '../metrics/recorder.js';
import type { RunOutcome } from '../runner/run.js';
import { mergeHistogramParts, mergeKeyed, mergeSteps, sumCounts } from '../metrics/merge.js';
import { ReportError } from './errors.js';
import { SUMMARY_SCHEMA, type SummaryCounts, type SummaryDocument, type SummaryInterval } from './summary-document.js';

export { sumCounts };

/** Worse outcomes rank higher: a merge reports the worst of its inputs. */
const OUTCOME_RANK: Record<RunOutcome, number> = { completed: 0, interrupted: 1, aborted: 2, unreachable: 3 };

/** Options of a merge: names of the inputs (for messages) and the version of the merging tool. */
export interface MergeOptions {
  /** One name per document (usually its file), used in error messages; default `summary #N`. */
  names?: readonly string[];
  /** Version written to `tool.version`; default the first document's. */
  toolVersion?: string;
}

function mergeCounts(all: readonly SummaryCounts[]): SummaryCounts {
  const records = (key: keyof SummaryCounts): Counts[] => all.map((c) => c[key] as Counts);
  const total = (key: keyof SummaryCounts): number => all.reduce((sum, c) => sum + (c[key] as number), 0);
  return {
    sent: sumCounts(records('sent')), received: sumCounts(records('received')), errors: sumCounts(records('errors')),
    disconnects: sumCounts(records('disconnects')), boots: sumCounts(records('boots')),
    scheduled: sumCounts(records('scheduled')), delayed: sumCounts(records('delayed')),
    connects: total('connects'), connectFailures: total('connectFailures'), reconnects: total('reconnects'),
    timeouts: total('timeouts'), callErrors: total('callErrors'),
  };
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
  const hist = docs.map((doc) => doc.histograms as EncodedHistograms);
  const latency = mergeKeyed(hist.map((h) => h.latency), docs.map((d) => d.latency));
  const corrected = mergeKeyed(hist.map((h) => h.latencyCorrected), docs.map((d) => d.latencyCorrected));
  const single = (pick: (h: EncodedHistograms) => string, figures: (d: SummaryDocument) => Percentiles) =>
    mergeHistogramParts(docs.map((doc, i) => ({ encoded: pick(hist[i] as EncodedHistograms), figures: figures(doc) })));
  const connect = single((h) => h.connect, (d) => d.connect);
  const boot = single((h) => h.boot, (d) => d.boot);
  const answer = single((h) => h.answer, (d) => d.answer);
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
    target: { ...first.target },
    config: { ...structuredClone(first.config), shards: mergedFrom },
    chargePoints: {
      count: total((c) => c.count), started: total((c) => c.started), connected: total((c) => c.connected),
      booted: total((c) => c.booted), failed: total((c) => c.failed),
      allBootedMs: cps.some((c) => c.allBootedMs === null) ? null : Math.max(...cps.map((c) => c.allBootedMs as number)),
      firstError: cps.find((c) => c.firstError !== null)?.firstError ?? null,
    },
    counts: mergeCounts(docs.map((doc) => doc.counts)),
    latency: latency.figures,
    latencyCorrected: corrected.figures,
    connect: connect.figures,
    boot: boot.figures,
    answer: answer.figures,
    steps: mergeSteps(docs.map((doc) => doc.steps)),
    thresholds: [],
    thresholdsPassed: null,
    intervals: mergeIntervals(docs.map((doc) => doc.intervals)),
    loadShape: mergeLoadShapes(docs.map((doc) => doc.loadShape)),
    histograms: {
      latency: latency.histograms, latencyCorrected: corrected.histograms,
      connect: connect.encoded, boot: boot.encoded, answer: answer.encoded,
    },
  };
}
