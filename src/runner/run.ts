import { Fleet, type FleetOptions, type FleetSnapshot } from './fleet.js';

/** How a run ended: it ran its duration, was interrupted, or could not reach the target. */
export type RunOutcome = 'completed' | 'interrupted' | 'unreachable';

export interface RunOptions extends FleetOptions {
  durationMs: number;
}

/** The final, serialisable result of a run: the summary is a pure function of it. */
export interface RunResult {
  outcome: RunOutcome;
  url: string;
  scenario: string;
  protocol: string;
  startedAt: string;
  elapsedMs: number;
  durationMs: number;
  /** Why the run could not happen, for `unreachable`. */
  error: string | undefined;
  fleet: FleetSnapshot;
}

export interface RunHooks {
  /** Aborting ends the run early with outcome `interrupted` (Ctrl-C). */
  signal?: AbortSignal;
  /** Called once the fleet exists, so reporters can poll `fleet.snapshot()`. */
  onStart?(fleet: Fleet): void;
  /** Called when the run's time is up, before the fleet is stopped. */
  onFinish?(): void;
}

/**
 * Runs a fleet for `durationMs` (from the first connection attempt), or until interrupted, or
 * until the target proves unreachable; then stops every charge point and returns the result.
 * Always resolves, with whatever was measured, and leaves no socket or timer behind.
 */
export async function runLoadTest(opts: RunOptions, hooks: RunHooks = {}): Promise<RunResult> {
  const fleet = new Fleet(opts);
  const startedAt = new Date();
  const t0 = performance.now();
  let outcome = 'completed' as RunOutcome;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(finish, opts.durationMs);
    const onAbort = (): void => finish('interrupted');
    function finish(why?: RunOutcome): void {
      if (why) outcome = why;
      clearTimeout(timer);
      hooks.signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    if (hooks.signal?.aborted) return finish('interrupted');
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    hooks.onStart?.(fleet);
    fleet.start(() => finish('unreachable'));
  });
  const elapsedMs = performance.now() - t0;
  hooks.onFinish?.();
  await fleet.stop();
  return {
    outcome, url: opts.url, scenario: opts.scenario.name, protocol: opts.scenario.protocol,
    startedAt: startedAt.toISOString(), elapsedMs, durationMs: opts.durationMs,
    error: outcome === 'unreachable' ? fleet.unreachable?.message : undefined,
    fleet: fleet.snapshot(),
  };
}
