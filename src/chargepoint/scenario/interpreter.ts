import { runAuthorize, runRequestCall, runReserve, runUpdateFirmware } from './run-device.js';
import type { ChargePoint } from '../charge-point.js';
import type { Step } from './types.js';
import { mismatches } from './conditions.js';
import {
  runBoot, runDisconnect, runMeterValues, runReconnect, runStartTransaction, runStatus, runStopTransaction, runWait,
} from './run-basic.js';
import { runAwait, runCall, runRespond, runSet } from './run-messages.js';
import { resumeOffline, runOffline } from './run-offline.js';
import { runPeriodicEventStream } from './run-streams.js';
import { alive, render, scriptOf, sleep, varsOf, yieldTurn, type Flow, type Run } from './runtime.js';

type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/** A `repeat` without `every` lets timers and sockets run after this many iterations in a row. */
const YIELD_EVERY = 32;

/** What an `until` condition looks at: saved variables, the last message received, the connector and charge point state. */
function untilView(flow: Flow): unknown {
  const { cp } = flow.run;
  return {
    vars: varsOf(scriptOf(cp)),
    response: flow.response,
    connector: { status: cp.connectorStatus[flow.connector], transaction: Boolean(cp.transactions?.[flow.connector]) },
    cp: { state: cp.state },
  };
}

/**
 * `repeat`: runs the steps again and again. `count` caps the iterations; `every` starts them on
 * a fixed grid from the first (a late iteration does not shift the next ones; iterations whose
 * start passed meanwhile run at once, one after the other, as a queue of meter values would),
 * and the first CALL of each iteration carries its slot as intended send time (coordinated
 * omission corrected latency);
 * `for` starts none after that long from the first, and with `every` the loop lasts until then;
 * `until` ends the loop after the iteration that makes it hold. Without `every`, iterations
 * follow each other at once.
 */
async function runRepeat(step: StepOf<'repeat'>, flow: Flow): Promise<boolean> {
  const { scheduler } = flow.run.cp.ctx;
  const start = scheduler.now();
  let next = start;
  for (let i = 0; step.count === undefined || i < step.count; i++) {
    if (step.forMs !== undefined && scheduler.now() - start >= step.forMs) break;
    if (step.everyMs !== undefined) flow.run.cp.nextCallIntendedAt = next;
    const done = await runSteps(step.steps, flow);
    // An iteration without a CALL leaves no slot behind for a later, unscheduled one.
    flow.run.cp.nextCallIntendedAt = undefined;
    if (!done) return false;
    if (step.until && mismatches(step.until, untilView(flow), (value) => render(flow, value)).length === 0) break;
    if (step.everyMs === undefined) {
      // Back to back: an iteration that waited for an answer has let the event loop run already;
      // one every YIELD_EVERY makes sure a loop of steps that never wait cannot starve it.
      if ((i + 1) % YIELD_EVERY === 0) await yieldTurn();
      if (!alive(flow)) return false;
      continue;
    }
    if (step.count !== undefined && i + 1 >= step.count) break;
    next += step.everyMs;
    // Paced for a while: no iteration starts once `for` is up, and the loop lasts until then.
    if (step.forMs !== undefined && next - start >= step.forMs) return sleep(flow, Math.max(0, start + step.forMs - scheduler.now()));
    if (!(await sleep(flow, Math.max(0, next - scheduler.now())))) return false;
  }
  return alive(flow);
}

/** `forEach: connector`: the steps once per connector, in order, `{{connector}}` naming it. */
async function runForEach(step: StepOf<'forEach'>, flow: Flow): Promise<boolean> {
  const ids = step.connectors === 'all' ? Array.from({ length: flow.run.cp.scenario.chargePoint.connectors }, (_, i) => i + 1) : step.connectors;
  for (const connector of ids) {
    if (!(await runSteps(step.steps, { run: flow.run, connector, response: flow.response }))) return false;
  }
  return alive(flow);
}

/** `parallel`: every branch at once, on the same connection (its CALLs queue, one outstanding at a time); done when all are. */
async function runParallel(step: StepOf<'parallel'>, flow: Flow): Promise<boolean> {
  await Promise.all(step.branches.map((branch) => runSteps(branch.steps, { run: flow.run, connector: flow.connector, response: flow.response })));
  return alive(flow);
}

function runStep(step: Step, flow: Flow): boolean | Promise<boolean> {
  const { cp } = flow.run;
  switch (step.type) {
    case 'boot': return runBoot(step, flow);
    case 'statusNotification': return runStatus(step, flow);
    case 'heartbeat':
      cp.startHeartbeat();
      return alive(flow);
    case 'wait': return runWait(step, flow);
    case 'call': return runCall(step, flow);
    case 'await': return runAwait(step, flow);
    case 'respond': return runRespond(step, flow);
    case 'set': return runSet(step, flow);
    case 'repeat': return runRepeat(step, flow);
    case 'forEach': return runForEach(step, flow);
    case 'parallel': return runParallel(step, flow);
    case 'disconnect': return runDisconnect(flow);
    case 'reconnect': return runReconnect(step, flow);
    case 'startTransaction': return runStartTransaction(step, flow);
    case 'stopTransaction': return runStopTransaction(step, flow);
    case 'meterValues': return runMeterValues(step, flow);
    case 'periodicEventStream': return runPeriodicEventStream(step, flow);
    case 'requestCall': return runRequestCall(step, flow);
    case 'updateFirmware': return runUpdateFirmware(step, flow);
    case 'reserve': return runReserve(step, flow);
    case 'authorize': return runAuthorize(step, flow);
    case 'offline': return runOffline(step, flow, runSteps);
  }
}

/**
 * Runs steps in order while the flow is alive; false when it ended (connection gone, a
 * `disconnect`, `onFail: stop`). Never throws: a step that breaks is counted as
 * `scenario-crash` and ends the run of this charge point on this connection.
 */
export async function runSteps(steps: readonly Step[], flow: Flow): Promise<boolean> {
  for (const step of steps) {
    if (!alive(flow)) return false;
    flow.checkFrom = flow.run.cp.ctx.scheduler.now();
    try {
      if (!(await runStep(step, flow))) return false;
    } catch (error) {
      const { cp } = flow.run;
      cp.ctx.recorder.fault('scenario-crash');
      cp.lastError = `scenario step at line ${step.line} (${step.type}) failed: ${(error as Error).message}`;
      cp.ctx.recorder.noteError(cp.id, cp.lastError);
      flow.run.stopped = true;
      return false;
    }
  }
  return alive(flow);
}

/**
 * Starts the scenario of `cp` on its new connection `gen`: from the top, or, when a `reconnect`
 * step is waiting for this connection, by handing it over so that step's run continues.
 * Inbound CALLs kept for `await`s on the old connection are dropped. Never throws.
 */
export async function startScript(cp: ChargePoint, gen: number): Promise<void> {
  const script = scriptOf(cp);
  script.inbox = null;
  if (script.awaiters) for (const awaiter of script.awaiters) awaiter.close();
  script.awaiters = null;
  if (script.resume) {
    const resume = script.resume;
    script.resume = null;
    resume(gen);
    return;
  }
  if (script.run?.carried) {
    await resumeOffline(cp, script.run, gen);
    return;
  }
  const run: Run = { cp, gen, stopped: false, responds: null, finished: false };
  script.run = run;
  await runSteps(cp.scenario.steps, { run, connector: 1, response: undefined });
  run.finished = true;
}
