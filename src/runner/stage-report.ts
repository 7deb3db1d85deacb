import type { FleetSnapshot } from './fleet.js';
import type { Stage } from './stages.js';

/** One planned stage and what the fleet had at its end: the plan drawn against what happened. */
export interface StageReport {
  durationMs: number;
  /** Charge points planned to be connected at the end of the stage. */
  target: number;
  /** When the stage ends, in ms after the start of the plan. */
  endsAtMs: number;
  /** Sockets open at the end of the stage; null when the run ended before it. */
  connected: number | null;
  /** Charge points in state `accepted` (booted, running their scenario) at the end; null when not reached. */
  accepted: number | null;
}

/** The report of a plan before any stage has ended. Pure. */
export function emptyStageReports(stages: readonly Stage[]): StageReport[] {
  let endsAtMs = 0;
  return stages.map(({ durationMs, target }) => ({ durationMs, target, endsAtMs: (endsAtMs += durationMs), connected: null, accepted: null }));
}

/**
 * Records `snapshot()` at the end of each stage (real time from now), into the returned list;
 * `stop()` cancels what has not fired, and `sampleLast()` records the last stage at once (the run
 * ends there, after its ramp-down settled).
 */
export function sampleStages(stages: readonly Stage[], snapshot: () => Pick<FleetSnapshot, 'open' | 'states'>):
{ reports: StageReport[]; sampleLast(): void; stop(): void } {
  const reports = emptyStageReports(stages);
  const record = (report: StageReport): void => {
    const snap = snapshot();
    report.connected = snap.open;
    report.accepted = snap.states.accepted;
  };
  // The last stage is sampled by the run itself, when it ends.
  const timers = reports.slice(0, -1).map((report) => setTimeout(() => record(report), report.endsAtMs));
  return {
    reports,
    sampleLast: () => record(reports[reports.length - 1] as StageReport),
    stop: () => timers.forEach(clearTimeout),
  };
}

/**
 * The stage reports of shards (worker processes) of one fleet as one: the counts at each stage's
 * end summed; null where any shard did not reach it. Throws a TypeError when the plans differ. Pure.
 */
export function mergeStageReports(all: ReadonlyArray<readonly StageReport[]>): StageReport[] {
  const first = all[0];
  if (!first) return [];
  if (all.some((r) => r.length !== first.length)) throw new TypeError('cannot merge stage reports of different plans');
  return first.map((stage, i) => {
    const column = all.map((r) => r[i] as StageReport);
    const sum = (pick: (r: StageReport) => number | null): number | null =>
      column.some((r) => pick(r) === null) ? null : column.reduce((total, r) => total + (pick(r) as number), 0);
    return { ...stage, connected: sum((r) => r.connected), accepted: sum((r) => r.accepted) };
  });
}
