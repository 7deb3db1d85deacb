import type { Scenario } from '../chargepoint/scenario/types.js';
import type { IntervalFigures } from '../metrics/intervals.js';
import { loadVersions } from '../protocol/versions.js';
import { Fleet, type FleetOptions, type FleetSnapshot } from './fleet.js';
import { sampleStages, type StageReport } from './stage-report.js';
import type { StormCounts } from './storm.js';

/**
 * How a run ended: it ran its duration, was interrupted (SIGINT/SIGTERM), was aborted because a
 * threshold failed (`--abort-on-fail`), lost part of its fleet with a worker process that died
 * (`partial`), or could not reach the target.
 */
export type RunOutcome = 'completed' | 'interrupted' | 'aborted' | 'partial' | 'unreachable';

/** Worse outcomes rank higher: a merge reports the worst of its parts. */
export const OUTCOME_RANK: Readonly<Record<RunOutcome, number>> = Object.freeze({ completed: 0, interrupted: 1, aborted: 2, partial: 3, unreachable: 4 });

export interface RunOptions extends FleetOptions {
  durationMs: number;
  /**
   * At the end of the duration, how long the CALLs in flight get for their answer (or timeout)
   * before the charge points stop and those still waiting count as `unanswered`, in ms (k6's
   * gracefulStop). An interrupted run stops at once.
   */
  gracefulStopMs?: number;
}

/** The final, serialisable result of a run: the summary and the reports are pure functions of it. */
export interface RunResult {
  outcome: RunOutcome;
  url: string;
  scenario: string;
  protocol: string;
  startedAt: string;
  elapsedMs: number;
  durationMs: number;
  /** Why the run could not happen (`unreachable`) or was aborted (`aborted`). */
  error: string | undefined;
  fleet: FleetSnapshot;
  /** Figures per reporting interval, oldest first; the last one may be shorter. */
  intervals: IntervalFigures[];
  /** With `stages`: each planned stage and the fleet at its end. */
  stages?: StageReport[];
  /** Each outage of the central system the run was told of (`FleetView.outageBegins`): its reconnect storm. */
  storms?: StormCounts[];
  /** Charge points still waiting in an `await` step when the run ended, by awaited action (one process's run; absent when none). */
  waiting?: Record<string, number>;
}

/** How long the end of a staged run waits for its last ramp-down's closing handshakes, in ms. */
export const RAMP_DOWN_GRACE_MS = 3000;

export interface RunHooks {
  /** Aborting ends the run early with outcome `interrupted` (Ctrl-C). */
  signal?: AbortSignal;
  /** Called once the fleet exists, so reporters can poll `fleet.snapshot()`. */
  onStart?(fleet: Fleet): void;
  /** Called when the run's time is up, before the fleet is stopped. */
  onFinish?(): void;
  /** Length of a reporting interval in ms (default 10 s). */
  intervalMs?: number;
  /** Called with each reporting interval's figures as it ends (the last one when the run ends). */
  onInterval?(figures: IntervalFigures): void;
  /** Called every second with the fleet; a returned reason aborts the run (outcome `aborted`). */
  check?(fleet: Fleet): string | undefined;
  /** Called every second with the fleet; true ends the run before its duration, outcome `completed`. */
  done?(fleet: Fleet): boolean;
}

/** The scenario name(s) and protocol(s) of a run's scenarios, each joined with `+` for a mixed fleet. */
export function describeScenarios(all: ReadonlyArray<Pick<Scenario, 'name' | 'protocol'>>): { scenario: string; protocol: string } {
  const unique = <T>(values: T[]): T[] => [...new Set(values)];
  return { scenario: unique(all.map((s) => s.name)).join('+'), protocol: unique(all.map((s) => s.protocol)).join('+') };
}

/**
 * Runs a fleet for `durationMs` (from the first connection attempt), or until interrupted,
 * aborted by `check`, or the target proves unreachable; then stops every charge point and
 * returns the result. Always resolves, with whatever was measured, and leaves no socket or timer.
 */
export async function runLoadTest(opts: RunOptions, hooks: RunHooks = {}): Promise<RunResult> {
  await loadVersions([opts.scenario.protocol, ...new Set(opts.scenarios?.map((s) => s.protocol))]);
  const fleet = new Fleet(opts);
  const startedAt = new Date();
  const t0 = performance.now();
  const intervals: IntervalFigures[] = [];
  const takeInterval = (): void => {
    const snap = fleet.snapshot(false);
    intervals.push({ ...fleet.recorder.interval(performance.now() - t0), connected: snap.open, booted: snap.everBooted, states: snap.states });
    hooks.onInterval?.(intervals.at(-1) as IntervalFigures);
  };
  let outcome = 'completed' as RunOutcome;
  let error: string | undefined;
  const staged = opts.stages ? sampleStages(opts.stages, () => fleet.snapshot(false)) : undefined;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(finish, opts.durationMs);
    const ticker = setInterval(takeInterval, hooks.intervalMs ?? 10_000);
    const checker = hooks.check || hooks.done ? setInterval(() => {
      const reason = hooks.check?.(fleet);
      if (reason) finish('aborted', reason);
      else if (hooks.done?.(fleet)) finish();
    }, 1000) : undefined;
    const onAbort = (): void => finish('interrupted');
    function finish(why?: RunOutcome, reason?: string): void {
      if (why) outcome = why;
      error = reason;
      clearTimeout(timer);
      clearInterval(ticker);
      clearInterval(checker);
      hooks.signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    if (hooks.signal?.aborted) return finish('interrupted');
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    hooks.onStart?.(fleet);
    fleet.start(() => finish('unreachable', fleet.unreachable?.message));
  });
  staged?.stop();
  if (staged && outcome === 'completed') {
    fleet.finishPlan();
    const deadline = performance.now() + RAMP_DOWN_GRACE_MS;
    while (!fleet.settled && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    staged.sampleLast();
  }
  const elapsedMs = performance.now() - t0;
  takeInterval();
  // Before the stop closes them: the awaits still open are where charge points ended waiting.
  const waiting = fleet.waiting();
  hooks.onFinish?.();
  await fleet.stop(outcome === 'interrupted' ? 0 : opts.gracefulStopMs ?? 0);
  const storms = fleet.stormCounts();
  return {
    outcome, url: opts.url, ...describeScenarios(opts.scenarios && opts.scenarios.length > 0 ? opts.scenarios : [opts.scenario]),
    startedAt: startedAt.toISOString(), elapsedMs, durationMs: opts.durationMs, error, fleet: fleet.snapshot(), intervals,
    ...(staged ? { stages: staged.reports } : {}),
    ...(storms.length > 0 ? { storms } : {}),
    ...(Object.keys(waiting).length > 0 ? { waiting } : {}),
  };
}
