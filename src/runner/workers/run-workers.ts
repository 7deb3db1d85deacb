import { fork, type ChildProcess } from 'node:child_process';
import { decodeHistogram, type Histogram } from '../../metrics/histogram.js';
import { IntervalTracker, type IntervalFigures } from '../../metrics/intervals.js';
import type { ToolStats } from '../../metrics/tool-probe.js';
import { emptyStateCounts } from '../../chargepoint/states.js';
import { emptyFleetSnapshot, type FleetSnapshot, type FleetView } from '../fleet.js';
import { OUTCOME_RANK as RANK, type RunOutcome, type RunResult } from '../run.js';
import { mergeStageReports } from '../stage-report.js';
import { mergeStorms } from '../storm.js';
import { mergeFleetSnapshots } from './merge-snapshots.js';
import { WORKER_SNAPSHOT_MS, type FromWorker, type ToWorker } from './messages.js';

/** How to run a fleet as worker processes: the entry module, one job per worker, and what the result names. */
export interface WorkersOptions<J> {
  /** Module forked once per job; it speaks the protocol of messages.ts. */
  entry: string;
  jobs: readonly J[];
  /** Charge points of each job, so a worker that dies before reporting still counts. */
  counts: readonly number[];
  url: string;
  scenario: string;
  protocol: string;
  durationMs: number;
  /** How long a worker's charge points may take to stop gracefully (the run's graceful stop), in ms: added to its grace. */
  stopMs?: number;
  /**
   * How long to wait for the results after the run's time is up or it was stopped, in ms: a
   * fixed bound for every worker (tests); by default workerGraceMs of each worker's share.
   */
  graceMs?: number;
}

export interface WorkersHooks {
  signal?: AbortSignal;
  /** Called once the workers are forked, with a view that merges their latest snapshots. */
  onStart?(fleet: FleetView): void;
  onFinish?(): void;
  /** Length of a reporting interval in ms (default 10 s). */
  intervalMs?: number;
  /** Called with each reporting interval's merged figures as it ends (the last one when the run ends). */
  onInterval?(figures: IntervalFigures): void;
  /** Called every second with the merged fleet; a returned reason aborts the run (outcome `aborted`). */
  check?(fleet: FleetView): string | undefined;
  /** A worker that died: one line such as `worker 2 exited with code 1`. */
  onWorkerFailed?(message: string): void;
  /** Each worker's pid once forked (tests kill one). */
  onWorkerStarted?(index: number, pid: number): void;
}

/** The merged result, and the lines of the workers that died (empty when none did). */
export interface WorkersResult {
  result: RunResult;
  failed: string[];
}


/**
 * Extra time a worker gets to send its result after the run, per charge point it holds: it
 * stops each one and closes its socket first. At 16,667 charge points per worker on this 2-core
 * machine under load, all three workers of a 50,000 run needed more than 20 s and were killed,
 * losing every result; 2 ms each gives such a worker 53 s.
 */
export const WORKER_GRACE_PER_CP_MS = 2;
/** The grace every worker gets, whatever its size, in ms. */
export const WORKER_GRACE_MS = 20_000;

/**
 * How long a worker holding `chargePoints` may take to report after the run's time is up or it
 * was stopped, in ms: `graceMs` when given, else WORKER_GRACE_MS plus `stopMs` (its charge
 * points' graceful stop) plus WORKER_GRACE_PER_CP_MS per charge point. Pure.
 */
export function workerGraceMs(chargePoints: number, stopMs = 0, graceMs?: number): number {
  return graceMs ?? WORKER_GRACE_MS + Math.max(0, stopMs) + WORKER_GRACE_PER_CP_MS * Math.max(0, chargePoints);
}

interface Worker {
  child: ChildProcess;
  last: FleetSnapshot;
  stats: ToolStats | undefined;
  result: RunResult | undefined;
  /** Died before its result: its charge points are lost. */
  lost: boolean;
  done: Promise<void>;
  /** When its run began (its first snapshot), performance.now(); undefined before. */
  runningSince: number | undefined;
}

/** A dead worker's part of the fleet: its last figures, its charge points lost (started, not booted, so failed). */
function lostSnapshot(last: FleetSnapshot, count: number): FleetSnapshot {
  const states = emptyStateCounts();
  states.closed = count;
  return { ...last, count, started: count, open: 0, everBooted: 0, localFailures: 0, lost: count, states, allBootedMs: undefined };
}

function send<J>(child: ChildProcess, message: ToWorker<J>): void {
  if (child.connected) child.send(message, () => {});
}

/**
 * Runs one fleet as several processes: forks `entry` once per job, merges the snapshots they
 * send every second into one exact FleetView (counters summed, histograms merged), forwards
 * stop, pause and resume, and resolves with one RunResult of the same form as runLoadTest's.
 * A worker that dies is reported through `onWorkerFailed`; the others run on. Its charge points
 * are lost: counted in `fleet.lost`, no longer booted (so failed), its figures those of its last
 * snapshot, and the run's outcome `partial` (unless interrupted) with an error naming the worker,
 * how many charge points and when. Always resolves.
 */
export async function runWorkers<J>(opts: WorkersOptions<J>, hooks: WorkersHooks = {}): Promise<WorkersResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const failed: string[] = [];
  let merged: FleetSnapshot | undefined;
  // Workers report once a second each, at their own moments: the merged view is made again at most
  // once a second (not on every worker's message), so a dashboard polling twice a second merges once.
  let stale = false;
  let mergedAt = 0;
  let paused = false;
  let stopping = false;
  const workers: Worker[] = opts.jobs.map((job, k) => {
    const child = fork(opts.entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const count = opts.counts[k] ?? 0;
    const worker: Worker = { child, last: emptyFleetSnapshot(count), stats: undefined, result: undefined, runningSince: undefined, lost: false, done: Promise.resolve() };
    worker.done = new Promise<void>((resolve) => {
      child.on('message', (message: FromWorker) => {
        if (message.type === 'snapshot') {
          worker.last = message.snapshot;
          worker.stats = message.stats;
          worker.runningSince ??= performance.now() - WORKER_SNAPSHOT_MS;
          stale = true;
          return;
        }
        if (message.type === 'result') worker.last = (worker.result = message.result).fleet;
        else if (message.type === 'error') fail(`worker ${k} failed: ${message.message}`);
        merged = undefined;
      });
      const fail = (line: string): void => {
        if (worker.result || worker.lost) return;
        worker.lost = true;
        merged = undefined;
        const when = `${((performance.now() - t0) / 1000).toFixed(1)} s into the run`;
        const full = `${line}, ${when}: its ${count} charge point${count === 1 ? '' : 's'} lost`;
        failed.push(full);
        hooks.onWorkerFailed?.(full);
      };
      child.once('error', (error) => fail(`worker ${k} could not start: ${error.message}`));
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        fail(`worker ${k} exited with ${signal ? `signal ${signal}` : `code ${code}`} before its result`);
        resolve();
      });
    });
    if (child.pid !== undefined) hooks.onWorkerStarted?.(k, child.pid);
    send(child, { type: 'start', job });
    return worker;
  });
  const snapshot = (): FleetSnapshot => {
    if (!merged || (stale && performance.now() - mergedAt >= WORKER_SNAPSHOT_MS)) {
      merged = mergeFleetSnapshots(workers.map((w, k) => (w.lost ? lostSnapshot(w.last, opts.counts[k] ?? 0) : w.last)));
      mergedAt = performance.now();
      stale = false;
    }
    return { ...merged, paused };
  };
  const view: FleetView = {
    snapshot: () => snapshot(),
    get paused() { return paused; },
    processes: () => workers.map((w, k) => ({ name: `worker-${k}`, stats: w.stats })),
    pause() { paused = true; for (const w of workers) send(w.child, { type: 'pause' }); },
    resume() { paused = false; for (const w of workers) send(w.child, { type: 'resume' }); },
    outageBegins(atMs, durationMs) { for (const w of workers) send(w.child, { type: 'outage', atMs, durationMs }); },
  };
  const tracker = new IntervalTracker();
  const intervals: IntervalFigures[] = [];
  const takeInterval = (): void => {
    const snap = snapshot();
    const latency = new Map<string, Histogram>(Object.entries(snap.metrics.histograms?.latency ?? {}).map(([action, h]) => [action, decodeHistogram(h)]));
    const m = snap.metrics;
    intervals.push({ ...tracker.take(performance.now() - t0, [m.sent, m.answered], [m.received, m.inbound], m.errors, latency), connected: snap.open, booted: snap.everBooted, states: snap.states });
    hooks.onInterval?.(intervals.at(-1) as IntervalFigures);
  };
  let outcome: RunOutcome | undefined;
  let error: string | undefined;
  const stopAll = (why: RunOutcome, reason?: string): void => {
    if (stopping) return;
    stopping = true;
    outcome = why;
    error = reason;
    for (const w of workers) send(w.child, { type: 'stop' });
  };
  const onAbort = (): void => stopAll('interrupted');
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  hooks.onStart?.(view);
  const ticker = setInterval(takeInterval, hooks.intervalMs ?? 10_000);
  const checker = hooks.check ? setInterval(() => {
    const reason = stopping ? undefined : hooks.check?.(view);
    if (reason) stopAll('aborted', reason);
  }, 1000) : undefined;
  // A worker that neither finishes nor dies is killed after its time plus the grace, its time
  // counted from its own start (its first snapshot): on a loaded machine a worker can take
  // seconds to start, and its run lasts its duration from then on.
    const forkedAt = performance.now();
  let stoppedAt: number | undefined;
  hooks.signal?.addEventListener('abort', () => { stoppedAt = performance.now(); }, { once: true });
  const killer = setInterval(() => {
    const now = performance.now();
    for (const [k, w] of workers.entries()) {
      const grace = workerGraceMs(opts.counts[k] ?? 0, opts.stopMs, opts.graceMs);
      const due = stoppedAt !== undefined ? stoppedAt + grace : (w.runningSince ?? forkedAt) + opts.durationMs + grace;
      if (!w.result && now > due) w.child.kill('SIGKILL');
    }
  }, 500);
  await Promise.all(workers.map((w) => w.done));
  clearInterval(killer);
  clearInterval(ticker);
  clearInterval(checker);
  hooks.signal?.removeEventListener('abort', onAbort);
  merged = undefined;
  takeInterval();
  hooks.onFinish?.();
  const results = workers.flatMap((w) => (w.result ? [w.result] : []));
  if (outcome === undefined) {
    outcome = results.reduce<RunOutcome>((worst, r) => (RANK[r.outcome] > RANK[worst] ? r.outcome : worst), 'completed');
    error = results.find((r) => r.outcome === outcome && r.error !== undefined)?.error;
  }
  if (failed.length > 0) {
    // Part of the fleet is missing: the run is not whole, whatever the others did (an interrupt stays one).
    if (RANK[outcome] < RANK.partial && outcome !== 'interrupted') outcome = 'partial';
    error = [failed.join('; '), error].filter(Boolean).join('; ');
  }
  const fleet = { ...snapshot(), paused: false };
  // A worker without a result did not report its stages: those figures are unknown (null), not zero.
  const plan = results.find((r) => r.stages)?.stages;
  const stormed = results.filter((r) => r.storms);
  const storms = stormed.length > 0 ? mergeStorms(stormed.map((r) => r.storms ?? [])) : undefined;
  const stages = plan ? mergeStageReports(workers.map((w) => w.result?.stages ?? plan.map((s) => ({ ...s, connected: null, accepted: null })))) : undefined;
  return {
    failed,
    result: {
      outcome, url: opts.url, scenario: opts.scenario, protocol: opts.protocol, startedAt: startedAt.toISOString(),
      elapsedMs: performance.now() - t0, durationMs: opts.durationMs, error, fleet, intervals,
      ...(stages ? { stages } : {}),
      ...(storms ? { storms } : {}),
    },
  };
}
