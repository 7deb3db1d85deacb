import { decodeHistogram, mergeEncoded, percentiles, type Percentiles } from '../../metrics/histogram.js';
import type { Counts, EncodedHistograms, MetricsSnapshot, RecentError, StepChecks } from '../../metrics/recorder.js';
import { emptyStateCounts, type StateCounts } from '../../chargepoint/states.js';
import type { FleetSnapshot } from '../fleet.js';

/** Samples per scenario step and recent errors kept, as the recorder keeps them. */
const SAMPLES_PER_STEP = 3;
const RECENT_ERRORS = 20;

function sumCounts(all: readonly Counts[]): Counts {
  const total: Counts = {};
  for (const counts of all) for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/**
 * One histogram of every part's samples and its figures: buckets added, percentiles and mean
 * recomputed from the merged buckets; min and max taken from the parts' exact figures (the
 * encoding keeps buckets, not extremes), and the percentiles capped at that max, as percentiles()
 * of one live histogram would report them.
 */
function mergeHistogram(encoded: readonly string[], figures: ReadonlyArray<Percentiles | undefined>): { encoded: string; figures: Percentiles } {
  const merged = mergeEncoded(encoded);
  const result = percentiles(decodeHistogram(merged));
  const known = figures.filter((f): f is Percentiles => f !== undefined && f.count > 0);
  if (result.count === 0 || known.reduce((sum, f) => sum + f.count, 0) !== result.count) return { encoded: merged, figures: result };
  const max = Math.max(...known.map((f) => f.max));
  const cap = (value: number): number => Math.min(value, max);
  return {
    encoded: merged,
    figures: { ...result, min: Math.min(...known.map((f) => f.min)), max, p50: cap(result.p50), p90: cap(result.p90), p95: cap(result.p95), p99: cap(result.p99) },
  };
}

function mergeKeyed(encoded: ReadonlyArray<Record<string, string>>, figures: ReadonlyArray<Record<string, Percentiles>>) {
  const histograms: Record<string, string> = {};
  const merged: Record<string, Percentiles> = {};
  for (const key of [...new Set(encoded.flatMap((map) => Object.keys(map)))].sort()) {
    const parts = encoded.flatMap((map, i) => (map[key] === undefined ? [] : [{ encoded: map[key] as string, figures: figures[i]?.[key] }]));
    const result = mergeHistogram(parts.map((p) => p.encoded), parts.map((p) => p.figures));
    histograms[key] = result.encoded;
    merged[key] = result.figures;
  }
  return { histograms, figures: merged };
}

function mergeSteps(all: ReadonlyArray<Record<string, StepChecks>>): Record<string, StepChecks> {
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

/** Merges the metrics of several recorders exactly; every input must carry its encoded histograms. */
export function mergeMetrics(all: readonly MetricsSnapshot[]): MetricsSnapshot {
  const hist = all.map((m, i) => {
    if (!m.histograms) throw new TypeError(`metrics #${i + 1} have no encoded histograms, so they cannot be merged exactly`);
    return m.histograms;
  });
  const latency = mergeKeyed(hist.map((h) => h.latency), all.map((m) => m.latency));
  const corrected = mergeKeyed(hist.map((h) => h.latencyCorrected), all.map((m) => m.latencyCorrected));
  const single = (pick: (h: EncodedHistograms) => string, figures: (m: MetricsSnapshot) => Percentiles) =>
    mergeHistogram(hist.map(pick), all.map(figures));
  const connect = single((h) => h.connect, (m) => m.connectTime);
  const boot = single((h) => h.boot, (m) => m.bootTime);
  const answer = single((h) => h.answer, (m) => m.answerTime);
  const total = (pick: (m: MetricsSnapshot) => number): number => all.reduce((sum, m) => sum + pick(m), 0);
  const recent: RecentError[] = all.flatMap((m) => m.recentErrors).sort((a, b) => a.atMs - b.atMs).slice(-RECENT_ERRORS);
  return {
    sent: sumCounts(all.map((m) => m.sent)), received: sumCounts(all.map((m) => m.received)),
    latency: latency.figures, latencyCorrected: corrected.figures,
    connectTime: connect.figures, bootTime: boot.figures, answerTime: answer.figures,
    errors: sumCounts(all.map((m) => m.errors)),
    timeouts: total((m) => m.timeouts), callErrors: total((m) => m.callErrors), connects: total((m) => m.connects),
    connectFailures: total((m) => m.connectFailures), reconnects: total((m) => m.reconnects),
    disconnects: sumCounts(all.map((m) => m.disconnects)), boots: sumCounts(all.map((m) => m.boots)),
    scheduled: sumCounts(all.map((m) => m.scheduled)), delayed: sumCounts(all.map((m) => m.delayed)),
    steps: mergeSteps(all.map((m) => m.steps)), recentErrors: recent.map((e) => ({ ...e })),
    histograms: {
      latency: latency.histograms, latencyCorrected: corrected.histograms,
      connect: connect.encoded, boot: boot.encoded, answer: answer.encoded,
    },
  };
}

/**
 * One snapshot of a fleet run as several shards (worker processes): counts and states summed,
 * histograms merged bucket by bucket with percentiles recomputed, never averaged;
 * `allBootedMs` the latest shard's (undefined until every shard has booted all of its charge
 * points); the first shard's error; paused when any shard is. Pure; throws a TypeError for an
 * empty list or a snapshot taken without encoded histograms.
 */
export function mergeFleetSnapshots(snapshots: readonly FleetSnapshot[]): FleetSnapshot {
  if (snapshots.length === 0) throw new TypeError('nothing to merge: no snapshot given');
  const total = (pick: (s: FleetSnapshot) => number): number => snapshots.reduce((sum, s) => sum + pick(s), 0);
  const states = emptyStateCounts();
  for (const snap of snapshots) for (const [state, n] of Object.entries(snap.states)) states[state as keyof StateCounts] += n;
  // A shard without charge points (count < N) never boots any: it does not hold the others back.
  const booted = snapshots.filter((s) => s.count > 0).map((s) => s.allBootedMs);
  return {
    count: total((s) => s.count), started: total((s) => s.started), open: total((s) => s.open),
    everConnected: total((s) => s.everConnected), everBooted: total((s) => s.everBooted),
    states, metrics: mergeMetrics(snapshots.map((s) => s.metrics)),
    firstError: snapshots.find((s) => s.firstError !== undefined)?.firstError,
    allBootedMs: booted.length === 0 || booted.some((ms) => ms === undefined) ? undefined : Math.max(...(booted as number[])),
    paused: snapshots.some((s) => s.paused),
  };
}
