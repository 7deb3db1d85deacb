import type { ChargePoint } from '../charge-point.js';
import type { Step } from './types.js';
import { runBoot } from './run-basic.js';
import { checked, peekScript, scriptOf, type Flow, type Run } from './runtime.js';

type OfflineStep = Extract<Step, { type: 'offline' }>;

/** The boot a run carried over a lost connection makes again: its scenario's first `boot` step (its checks count there). */
function bootStepOf(steps: readonly Step[]): Extract<Step, { type: 'boot' }> {
  for (const step of steps) if (step.type === 'boot') return step;
  return { type: 'boot', line: 0 };
}

function offlineWaiters(cp: ChargePoint): { closed: Array<() => void>; back: Array<() => void> } {
  const script = scriptOf(cp);
  return (script.offline ??= { closed: [], back: [] });
}

function wake(list: Array<() => void>): void {
  for (const resolve of list.splice(0)) resolve();
}

/**
 * Called as `cp`'s connection closes (after its generation moved on): a run that keeps running
 * offline (an `offline` step in progress, or the scenario's `offline: keepRunning`) moves to
 * the new generation, so its steps go on; its next connection boots and flushes instead of
 * starting the scenario again. A `reconnect` step waiting, a stopped run or a `disconnect` are
 * left alone.
 */
export function carryOffline(cp: ChargePoint): void {
  const script = peekScript(cp);
  const run = script?.run;
  if (!script || !run || run.stopped || script.resume || run.gen !== cp.generation - 1) return;
  if (!(run.carry ?? 0) && !cp.scenario.offline?.keepRunning) return;
  run.gen = cp.generation;
  run.carried = true;
  run.beating = cp.isHeartbeating;
  if (script.offline) wake(script.offline.closed);
}

/**
 * The next connection of a carried run (connection `gen`): nothing else goes before the boot
 * (OCPP 1.6 §4.2); BootNotification until Accepted, the offline queue flushed (runBoot), the
 * heartbeat again if it ran, then the run's other steps may send again. The boot runs on this
 * connection only: a later loss starts another.
 */
export async function resumeOffline(cp: ChargePoint, run: Run, gen: number): Promise<void> {
  run.gen = gen;
  run.carried = false;
  const release = cp.holdTraffic();
  try {
    const bootRun: Run = { cp, gen, stopped: false, responds: run.responds, finished: false };
    if (!(await runBoot(bootStepOf(cp.scenario.steps), { run: bootRun, connector: 1, response: undefined }))) return;
    if (run.beating) cp.startHeartbeat();
    if (scriptOf(cp).offline) wake(offlineWaiters(cp).back);
  } finally {
    release();
  }
}

/**
 * `offline: DURATION` (with `steps:` to run meanwhile): drops the socket with no closing
 * handshake and tries no reconnect for the duration; the run is carried over the loss, so the
 * steps run offline (transaction messages queued, others skipped); then the charge point
 * reconnects after its back-off, boots, flushes its queue, and the step is done.
 */
export async function runOffline(step: OfflineStep, flow: Flow, runSteps: (steps: readonly Step[], flow: Flow) => Promise<boolean>): Promise<boolean> {
  const { run } = flow;
  const { cp } = run;
  const waiters = offlineWaiters(cp);
  run.carry = (run.carry ?? 0) + 1;
  try {
    const back = new Promise<void>((resolve) => { waiters.back.push(resolve); });
    if (cp.connected) {
      const closed = new Promise<void>((resolve) => { waiters.closed.push(resolve); });
      cp.goOffline(step.forMs);
      await closed;
    } else cp.goOffline(step.forMs);
    if (!(await runSteps(step.steps, flow))) return false;
    await back;
  } finally {
    run.carry = (run.carry ?? 1) - 1;
  }
  return checked(flow, step);
}
