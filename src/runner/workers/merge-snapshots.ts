import { mergeHistogramParts, mergeKeyed, mergeSteps, sumCounts } from '../../metrics/merge.js';
import type { Percentiles } from '../../metrics/histogram.js';
import { RECENT_ERRORS, type EncodedHistograms, type MetricsSnapshot, type RecentError } from '../../metrics/recorder.js';
import { emptyStateCounts, type StateCounts } from '../../chargepoint/states.js';
import type { FleetSnapshot } from '../fleet.js';

/** Merges the metrics of several recorders exactly; every input must carry its encoded histograms. */
export function mergeMetrics(all: readonly MetricsSnapshot[]): MetricsSnapshot {
  const hist = all.map((m, i) => {
    if (!m.histograms) throw new TypeError(`metrics #${i + 1} have no encoded histograms, so they cannot be merged exactly`);
    return m.histograms;
  });
  const latency = mergeKeyed(hist.map((h) => h.latency), all.map((m) => m.latency));
  const corrected = mergeKeyed(hist.map((h) => h.latencyCorrected), all.map((m) => m.latencyCorrected));
  const single = (pick: (h: EncodedHistograms) => string, figures: (m: MetricsSnapshot) => Percentiles) =>
    mergeHistogramParts(hist.map((h, i) => ({ encoded: pick(h), figures: figures(all[i] as MetricsSnapshot) })));
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
