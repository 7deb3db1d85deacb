import type { RunResult } from '../runner/run.js';
import { mergeStageReports, type StageReport } from '../runner/stage-report.js';
import { mergeStorms, stormFigures, type StormCounts, type StormFigures } from '../runner/storm.js';

/** One outage in a summary: its figures, and the counts behind them (per second / per 100 ms), so summaries merge exactly. */
export type OutageReport = StormFigures & Pick<StormCounts, 'attempts' | 'connects' | 'reboots'>;

/**
 * The load shape of a run in its summary document (`loadShape`): with `--stages`, each planned
 * stage and the fleet at its end (`stages`); with `--outage`, each outage's reconnect storm
 * (`outages`). Null for a run with neither.
 */
export interface LoadShapeSection {
  stages: StageReport[] | null;
  outages: OutageReport[] | null;
}

function outageReports(storms: readonly StormCounts[]): OutageReport[] {
  return storms.map((c) => ({ ...stormFigures(c), attempts: [...c.attempts], connects: [...c.connects], reboots: [...c.reboots] }));
}

/** The `loadShape` section of a run's summary, or null when the run had no stages and no outage. Pure. */
export function loadShapeOf(result: Pick<RunResult, 'stages' | 'storms'>): LoadShapeSection | null {
  if (!result.stages && !result.storms) return null;
  return { stages: result.stages ? structuredClone(result.stages) : null, outages: result.storms ? outageReports(result.storms) : null };
}

/**
 * The `loadShape` of merged summaries (shards of one run): stage counts summed when every input
 * has the same plan, storms summed outage by outage (figures recomputed); a part missing from
 * any input is null. Inputs written before the section existed count as null. Pure.
 */
export function mergeLoadShapes(all: ReadonlyArray<LoadShapeSection | null | undefined>): LoadShapeSection | null {
  const stages = all.map((s) => s?.stages ?? null);
  const outages = all.map((s) => s?.outages ?? null);
  let mergedStages: StageReport[] | null = null;
  if (!stages.some((s) => s === null)) {
    const plans = stages as StageReport[][];
    const same = plans.every((p) => p.length === plans[0]?.length && p.every((s, i) => s.target === plans[0]?.[i]?.target && s.durationMs === plans[0]?.[i]?.durationMs));
    if (same) mergedStages = mergeStageReports(plans);
  }
  const mergedOutages = outages.some((o) => o === null) ? null : outageReports(mergeStorms((outages as OutageReport[][]).map((list) => list.map((o) => ({
    atMs: o.atMs, durationMs: o.durationMs, herd: o.herd, rebooted: o.rebooted, attempts: o.attempts, connects: o.connects, reboots: o.reboots,
    flushed: o.queuedMessagesFlushed ?? 0,
  })))));
  return mergedStages === null && mergedOutages === null ? null : { stages: mergedStages, outages: mergedOutages };
}
