import { mergeMetrics } from '../../metrics/merge.js';
import { emptyStateCounts, type StateCounts } from '../../chargepoint/states.js';
import type { FleetSnapshot } from '../fleet.js';
import type { TraceOutcome } from '../trace.js';

/**
 * One snapshot of a fleet run as several shards (worker processes): counts and states summed,
 * histograms merged bucket by bucket with percentiles recomputed, never averaged;
 * `allBootedMs` the latest shard's (undefined until every shard has booted all of its charge
 * points); the first shard's error; paused when any shard is; trace lines dropped summed, the
 * first trace write error. Pure; throws a TypeError for an
 * empty list or a snapshot taken without encoded histograms.
 */
export function mergeFleetSnapshots(snapshots: readonly FleetSnapshot[]): FleetSnapshot {
  if (snapshots.length === 0) throw new TypeError('nothing to merge: no snapshot given');
  const total = (pick: (s: FleetSnapshot) => number): number => snapshots.reduce((sum, s) => sum + pick(s), 0);
  const states = emptyStateCounts();
  for (const snap of snapshots) for (const [state, n] of Object.entries(snap.states)) states[state as keyof StateCounts] += n;
  // A shard without charge points (count < N) never boots any: it does not hold the others back.
  const booted = snapshots.filter((s) => s.count > 0).map((s) => s.allBootedMs);
  const traced = snapshots.filter((s) => s.trace !== undefined).map((s) => s.trace as TraceOutcome);
  const traceError = traced.find((t) => t.error !== undefined)?.error;
  return {
    count: total((s) => s.count), started: total((s) => s.started), open: total((s) => s.open),
    everConnected: total((s) => s.everConnected), everBooted: total((s) => s.everBooted),
    localFailures: total((s) => s.localFailures), lost: total((s) => s.lost),
    states, metrics: mergeMetrics(snapshots.map((s) => s.metrics)),
    firstError: snapshots.find((s) => s.firstError !== undefined)?.firstError,
    allBootedMs: booted.length === 0 || booted.some((ms) => ms === undefined) ? undefined : Math.max(...(booted as number[])),
    paused: snapshots.some((s) => s.paused),
    ...(traced.length > 0 ? { trace: { dropped: traced.reduce((sum, t) => sum + t.dropped, 0), ...(traceError !== undefined ? { error: traceError } : {}) } } : {}),
  };
}
