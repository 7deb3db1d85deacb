import type { RunResult } from '../runner/run.js';
import { mergeStageReports, type StageReport } from '../runner/stage-report.js';

/**
 * The load shape of a run in its summary document (`loadShape`): with `--stages`, each planned
 * stage and the fleet at its end (`stages`); null for a run without a shape.
 */
export interface LoadShapeSection {
  stages: StageReport[] | null;
}

/** The `loadShape` section of a run's summary, or null when the run had no stages. Pure. */
export function loadShapeOf(result: Pick<RunResult, 'stages'>): LoadShapeSection | null {
  if (!result.stages) return null;
  return { stages: structuredClone(result.stages) };
}

/**
 * The `loadShape` of merged summaries (shards of one run): stage counts summed when every input
 * has the same plan, else null. Inputs written before the section existed count as null. Pure.
 */
export function mergeLoadShapes(all: ReadonlyArray<LoadShapeSection | null | undefined>): LoadShapeSection | null {
  const stages = all.map((s) => s?.stages ?? null);
  if (stages.some((s) => s === null)) return null;
  const plans = stages as StageReport[][];
  const same = plans.every((p) => p.length === plans[0]?.length && p.every((s, i) => s.target === plans[0]?.[i]?.target && s.durationMs === plans[0]?.[i]?.durationMs));
  return same ? { stages: mergeStageReports(plans) } : null;
}
