import { stageAt, stagesDurationMs, stagesPeak, type Stage } from '../../runner/stages.js';

/** What the fleet had at one moment of the plan. */
export interface StageObservation {
  /** Sockets open. */
  open: number;
  /** Charge points booted and running their scenario (state `accepted`). */
  accepted: number;
}

/** The stage plan and what happened so far, as the dashboard draws it. Plain data. */
export interface StageView {
  stages: readonly Stage[];
  /** How long the plan lasts, ms. */
  totalMs: number;
  /** Its largest target. */
  peak: number;
  /** Where the plan is now, ms after its start (pauses of the ramp not counted, as the fleet does). */
  planMs: number;
  /** The stage now (stages.length once the plan is over). */
  stage: number;
  /** Charge points the plan wants connected now. */
  planned: number;
  /** The fleet at the latest poll. */
  now: StageObservation;
  /** What was seen in each of STAGE_BUCKETS equal slices of the plan: the latest poll in it, undefined before any. */
  buckets: ReadonlyArray<StageObservation | undefined>;
  /** Per stage: the first poll at or after its end, null until then. */
  ends: ReadonlyArray<StageObservation | null>;
}

/** Slices of the plan kept, whatever its length: more than any terminal is wide, and bounded. */
export const STAGE_BUCKETS = 512;

/**
 * Follows a `--stages` plan poll by poll: the plan's own clock (the dashboard's elapsed time less
 * the time the ramp was paused: a pause shifts the plan, src/runner/fleet.ts), the latest
 * observation in each of STAGE_BUCKETS slices of the plan, and the fleet at each stage's end.
 * Memory is constant in the run's length. Pure apart from its own state.
 */
export class StageTrack {
  private readonly totalMs: number;
  private readonly ends: Array<StageObservation | null>;
  private readonly endsAt: number[];
  private readonly buckets: Array<StageObservation | undefined> = new Array<StageObservation | undefined>(STAGE_BUCKETS).fill(undefined);
  private pausedMs = 0;
  private pausedSince: number | null = null;

  constructor(private readonly stages: readonly Stage[]) {
    this.totalMs = stagesDurationMs(stages);
    let at = 0;
    this.endsAt = stages.map((s) => (at += s.durationMs));
    this.ends = stages.map(() => null);
  }

  /** Takes one poll at `elapsedMs` (the dashboard's clock), `paused` as the snapshot says; returns the view after it. */
  observe(elapsedMs: number, paused: boolean, now: StageObservation): StageView {
    if (paused && this.pausedSince === null) this.pausedSince = elapsedMs;
    if (!paused && this.pausedSince !== null) {
      this.pausedMs += elapsedMs - this.pausedSince;
      this.pausedSince = null;
    }
    const planMs = Math.max(0, elapsedMs - this.pausedMs - (this.pausedSince === null ? 0 : elapsedMs - this.pausedSince));
    const seen = { open: now.open, accepted: now.accepted };
    if (planMs <= this.totalMs) this.buckets[this.bucketOf(planMs)] = seen;
    this.endsAt.forEach((end, i) => { if (this.ends[i] === null && planMs >= end) this.ends[i] = seen; });
    const point = stageAt(this.stages, planMs);
    return {
      stages: this.stages, totalMs: this.totalMs, peak: stagesPeak(this.stages), planMs, stage: point.stage, planned: point.target, now: seen,
      buckets: [...this.buckets], ends: [...this.ends],
    };
  }

  private bucketOf(planMs: number): number {
    return this.totalMs <= 0 ? 0 : Math.min(STAGE_BUCKETS - 1, Math.floor((planMs / this.totalMs) * STAGE_BUCKETS));
  }
}

/** The plan's target in each of `columns` equal slices of it (at the end of each slice). Pure. */
export function plannedColumns(view: Pick<StageView, 'stages' | 'totalMs'>, columns: number): number[] {
  return Array.from({ length: Math.max(0, columns) }, (_, c) => stageAt(view.stages, ((c + 1) / columns) * view.totalMs).target);
}

/**
 * What was seen in each of `columns` equal slices of the plan: the latest observation among the
 * slice's buckets, else the one before it (a slice shorter than a poll), `undefined` for slices
 * the plan has not reached. Pure.
 */
export function observedColumns(view: Pick<StageView, 'buckets' | 'planMs' | 'totalMs'>, columns: number, pick: (o: StageObservation) => number): Array<number | undefined> {
  const n = view.buckets.length;
  let last: number | undefined;
  return Array.from({ length: Math.max(0, columns) }, (_, c) => {
    if (view.totalMs > 0 && (c / columns) * view.totalMs > view.planMs) return undefined;
    const from = Math.floor((c / columns) * n);
    const to = Math.min(n, Math.max(from + 1, Math.floor(((c + 1) / columns) * n)));
    for (let b = to - 1; b >= from; b--) {
      const seen = view.buckets[b];
      if (seen) {
        last = pick(seen);
        break;
      }
    }
    return last;
  });
}
