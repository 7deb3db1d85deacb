import { formatDuration, parseDuration } from '../clock/duration.js';

/** One stage of a load shape (k6's `stages`): the connected count goes linearly to `target` over `durationMs`. */
export interface Stage {
  durationMs: number;
  target: number;
}

/** The most charge points a stage may ask for: the CLI's limit on `--count`. */
export const MAX_STAGE_TARGET = 1_000_000;
/** The most stages a plan may have: enough for any hand-written shape, bounded for a hostile config. */
export const MAX_STAGES = 1000;
/** Shortest pause between two ramp ticks, in ms (the timer wheel's resolution). */
export const MIN_TICK_MS = 10;

/**
 * Parses k6's short form `30s:1000,5m:1000,30s:0` (DURATION:TARGET, comma-separated). Throws a
 * RangeError naming the bad stage (1-based) and what is wrong. Pure.
 */
export function parseStages(text: string): Stage[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') throw new RangeError('expected DURATION:TARGET[,DURATION:TARGET…] such as 30s:1000,5m:1000,30s:0 (got nothing)');
  return checkStages(parts.map((part, i) => {
    const match = /^([^:]+):\s*(\S+)$/.exec(part);
    if (!match) throw new RangeError(`stage ${i + 1} must be DURATION:TARGET such as 30s:1000 (got '${part}')`);
    return stageOf(match[1] as string, match[2] as string, i);
  }));
}

/**
 * The stages of a config file: k6's short form as a string, or k6's list form
 * `[{ duration: 30s, target: 1000 }, …]`. Throws a RangeError saying what is wrong. Pure.
 */
export function stagesFromValue(value: unknown): Stage[] {
  if (typeof value === 'string') return parseStages(value);
  if (!Array.isArray(value)) throw new RangeError(`must be a string such as 30s:1000,30s:0 or a list of { duration, target } (got ${typeof value})`);
  if (value.length === 0) throw new RangeError('must list at least one stage');
  return checkStages(value.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new RangeError(`stage ${i + 1} must be a mapping { duration, target }`);
    const { duration, target } = item as Record<string, unknown>;
    return stageOf(String(duration ?? ''), String(target ?? ''), i);
  }));
}

function stageOf(durationText: string, targetText: string, i: number): Stage {
  const durationMs = parseDuration(durationText.trim());
  if (durationMs === undefined) throw new RangeError(`stage ${i + 1}: '${durationText.trim()}' is not a duration such as 30s or 5m`);
  if (!/^\d+$/.test(targetText.trim()) || Number(targetText) > MAX_STAGE_TARGET) {
    throw new RangeError(`stage ${i + 1}: the target must be a whole number of charge points from 0 to ${MAX_STAGE_TARGET} (got '${targetText.trim()}')`);
  }
  return { durationMs, target: Number(targetText) };
}

function checkStages(stages: Stage[]): Stage[] {
  if (stages.length > MAX_STAGES) throw new RangeError(`at most ${MAX_STAGES} stages (got ${stages.length})`);
  if (stagesPeak(stages) === 0) throw new RangeError('every stage targets 0 charge points: nothing would connect');
  if (stagesDurationMs(stages) === 0) throw new RangeError('the stages last 0 ms in all');
  return stages;
}

/** How long the whole plan lasts, in ms. */
export function stagesDurationMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The largest target: the charge points the fleet needs. */
export function stagesPeak(stages: readonly Stage[]): number {
  return stages.reduce((max, s) => Math.max(max, s.target), 0);
}

/** Where the plan is `elapsedMs` after its start: how many should be connected, and when that next changes. */
export interface StagePoint {
  /** Charge points that should be running now (global, before sharding). */
  target: number;
  /** Index of the stage now (stages.length once the plan is over). */
  stage: number;
  /** Milliseconds until the target may change next; undefined once the plan is over. */
  nextInMs: number | undefined;
}

/**
 * The plan at `elapsedMs`: each stage goes linearly from the previous target (0 before the
 * first) to its own over its duration. Rising, a charge point joins once its whole place is due
 * (floor); falling, it leaves once its whole place is gone (ceil), so the count never exceeds
 * the line in either direction. A stage of 0 ms jumps. Pure.
 */
export function stageAt(stages: readonly Stage[], elapsedMs: number): StagePoint {
  let from = 0;
  let start = 0;
  const t = Math.max(0, elapsedMs);
  for (let i = 0; i < stages.length; i++) {
    const { durationMs, target } = stages[i] as Stage;
    const end = start + durationMs;
    if (t < end) {
      if (from === target) return { target, stage: i, nextInMs: end - t };
      const value = from + ((target - from) * (t - start)) / durationMs;
      const now = target > from ? Math.floor(value + 1e-9) : Math.ceil(value - 1e-9);
      // One place changes every durationMs/|target-from| ms; ticks no closer than the wheel can tell apart.
      const step = durationMs / Math.abs(target - from);
      return { target: now, stage: i, nextInMs: Math.min(end - t, Math.max(MIN_TICK_MS, step)) };
    }
    from = target;
    start = end;
  }
  return { target: from, stage: stages.length, nextInMs: undefined };
}

/** The plan in words, for the line printed before a run: `0→1000 in 30s, hold 1000 for 5m00s, 1000→0 in 30s (6m00s)`. */
export function describeStages(stages: readonly Stage[]): string {
  let from = 0;
  const words = stages.map(({ durationMs, target }) => {
    const text = from === target ? `hold ${target} for ${formatDuration(durationMs)}` : `${from}→${target} in ${formatDuration(durationMs)}`;
    from = target;
    return text;
  });
  return `${words.join(', ')} (${formatDuration(stagesDurationMs(stages))})`;
}

/** The short form of a plan, as `--stages` takes it: `30s:1000,5m:1000,30s:0`. */
export function formatStages(stages: readonly Stage[]): string {
  return stages.map((s) => `${s.durationMs % 1000 === 0 ? `${s.durationMs / 1000}s` : `${s.durationMs}ms`}:${s.target}`).join(',');
}
