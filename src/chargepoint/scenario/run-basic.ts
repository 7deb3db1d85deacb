import type { Payload } from '../../protocol/frame.js';
import type { Step } from './types.js';
import { meterNow, powerNow } from '../meter.js';
import { reservedForOther } from '../reservations/reservations.js';
import { flushQueue, queuedCount } from '../offline-link.js';
import { evaluate } from './expressions.js';
import { alive, checked, connectorIn, isClosed, scriptOf, sleep, templateValues, transactionIdOn, type Flow } from './runtime.js';
import { renderString } from './templates.js';

type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/**
 * Sends BootNotification until Accepted (OCPP 1.6 §4.2, 2.0.1 B01): on Pending or Rejected waits
 * the answer's `interval` (or `bootRetrySec` when 0), on a failed call waits `bootRetrySec`.
 * Once Accepted, the offline queue is flushed before anything else is sent. Returns false when
 * the connection ended first.
 */
export async function runBoot(step: StepOf<'boot'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  while (alive(flow)) {
    cp.setState('booting');
    let waitSec = cp.ctx.bootRetrySec;
    try {
      // Past the gate: the boot is what everything else waits for.
      const intendedAt = cp.nextCallIntendedAt;
      cp.nextCallIntendedAt = undefined;
      const answer = await cp.callNow('BootNotification', cp.profile.bootRequest(cp.bootProfile, cp.bootReason), intendedAt);
      if (!alive(flow)) return false;
      checked(flow, step);
      const status = String(answer.status);
      const interval = typeof answer.interval === 'number' ? answer.interval : 0;
      if (status === 'Accepted') {
        if (interval > 0) cp.heartbeatIntervalSec = interval;
        // The reason of a boot after a Reset has been given; later reconnects are plain power-ups again.
        cp.bootReason = 'PowerUp';
        cp.booted();
        // Most boots find the queue empty: no flush, and no await of one.
        if (queuedCount(cp) > 0) await flushQueue(cp, cp.generation);
        return alive(flow);
      }
      cp.ctx.recorder.bootAnswered(status, null);
      cp.setState(status === 'Pending' ? 'pending' : 'rejected');
      if (interval > 0) waitSec = interval;
    } catch (error) {
      if (isClosed(error)) return alive(flow);
      checked(flow, step, `BootNotification: ${(error as Error).message}`);
    }
    if (!(await sleep(flow, waitSec * 1000))) return false;
  }
  return false;
}

/**
 * A CALL that found no connection: the end of the flow, unless the run is carried offline
 * (run-offline.ts), where it is skipped (not queued: not transaction-related) and the flow goes on.
 */
export function skippedOffline(flow: Flow, action: string): boolean {
  if (!alive(flow)) return false;
  flow.run.cp.ctx.recorder.offline.skipped(action);
  return true;
}

/** How a CALL that failed is checked: a closed connection skips it (skippedOffline), a CallError or timeout is a failed check. */
function failedCall(flow: Flow, step: Step, action: string, error: unknown): boolean {
  if (isClosed(error)) return skippedOffline(flow, action);
  return checked(flow, step, `${action}: ${(error as Error).message}`);
}

/**
 * Sends one CALL built by the protocol profile and checks it (failedCall). viaProfile's rules in
 * one async function: each wrapper would cost a promise and a closure per CALL.
 */
async function send(flow: Flow, step: Step, action: string, payload: Payload): Promise<boolean> {
  try {
    await flow.run.cp.call(action, payload);
  } catch (error) {
    return failedCall(flow, step, action, error);
  }
  return checked(flow, step);
}

/** Statuses connector 0 may report (OCPP 1.6 §4.9); any other is sent as Available. */
const CONNECTOR_ZERO_STATUSES: ReadonlySet<string> = new Set(['Available', 'Unavailable', 'Faulted']);

export async function runStatus(step: StepOf<'statusNotification'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const ids = step.connector === 'all' ? [...cp.connectorStatus.keys()] : [connectorIn(flow, step.connector)];
  for (const connectorId of ids) {
    // Connector 0 may only report Available, Unavailable or Faulted (OCPP 1.6 §4.9).
    const status = connectorId === 0 && !CONNECTOR_ZERO_STATUSES.has(step.status) ? 'Available' : step.status;
    cp.connectorStatus[connectorId] = status;
    // A version may have nothing to send for a connector (2.0.1 has no status of connector 0):
    // its profile says so with reportsStatusOf, or by building no payload.
    if ((cp.profile as { reportsStatusOf?: (id: number) => boolean }).reportsStatusOf?.(connectorId) === false) continue;
    const payload: Payload | undefined = cp.profile.statusRequest(connectorId, status, step.errorCode);
    if (payload === undefined) continue;
    // send()'s rules with one await per CALL, not two: this runs for every connector of every charge point.
    try {
      await cp.call('StatusNotification', payload);
    } catch (error) {
      if (!failedCall(flow, step, 'StatusNotification', error)) return false;
      continue;
    }
    if (!checked(flow, step)) return false;
  }
  return alive(flow);
}

export function runWait(step: StepOf<'wait'>, flow: Flow): Promise<boolean> {
  const ms = step.maxMs === undefined ? step.ms : step.ms + scriptOf(flow.run.cp).prng.next() * (step.maxMs - step.ms);
  return sleep(flow, ms);
}

/**
 * Runs a profile's transaction flow; a thrown error is a failed check. A closed connection
 * ends the flow unless the run is carried offline (run-offline.ts), or as `onClosed` says.
 */
async function viaProfile(flow: Flow, step: Step, what: string, work: () => Promise<void>, onClosed = (): boolean => alive(flow)): Promise<boolean> {
  try {
    await work();
    return checked(flow, step);
  } catch (error) {
    if (isClosed(error)) return onClosed();
    return checked(flow, step, `${what}: ${(error as Error).message}`);
  }
}

export async function runStartTransaction(step: StepOf<'startTransaction'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const connector = connectorIn(flow, step.connector);
  if (cp.transactions?.[connector]) return checked(flow, step, `startTransaction: connector ${connector} already has a transaction`);
  let idTag: string;
  try {
    const values = templateValues({ ...flow, connector });
    idTag = String(renderString(step.idTag, (expr) => evaluate(expr, values)));
  } catch (error) {
    return checked(flow, step, `startTransaction: ${(error as Error).message}`);
  }
  // A reservation for another id tag keeps this one out (1.6 §5.13, 2.0.1 H01).
  if (reservedForOther(cp, connector, idTag)) return checked(flow, step, `startTransaction: connector ${connector} is reserved for another id tag`);
  return viaProfile(flow, step, 'startTransaction', () => cp.profile.startTransaction(cp, connector, idTag));
}

export async function runStopTransaction(step: StepOf<'stopTransaction'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const connector = connectorIn(flow, step.connector);
  if (!cp.transactions?.[connector]) return checked(flow, step, `stopTransaction: no transaction runs on connector ${connector}`);
  return viaProfile(flow, step, 'stopTransaction', () => cp.profile.stopTransaction(cp, connector, step.reason));
}

export function runMeterValues(step: StepOf<'meterValues'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const connector = connectorIn(flow, step.connector);
  const txId = transactionIdOn(cp, connector) as number | string | undefined;
  // 2.0.1 carries readings of a running transaction in TransactionEvent Updated, not MeterValues.
  const inTransaction = cp.profile.transactionMeterValues;
  if (inTransaction && cp.transactions?.[connector]) {
    return viaProfile(flow, step, 'meterValues', () => inTransaction(cp, connector, step.context));
  }
  return send(flow, step, 'MeterValues', cp.profile.meterValuesRequest(connector, meterNow(cp, connector), step.context, txId, powerNow(cp, connector)));
}

/** `disconnect`: closes the socket; the charge point reconnects after its back-off and starts the scenario from the top. */
export function runDisconnect(flow: Flow): boolean {
  // Not carried offline: the scenario starts again from the top after the reconnect.
  flow.run.stopped = true;
  flow.run.cp.reconnect('scenario disconnect');
  return false;
}

/**
 * `reconnect`: closes the socket and continues with the next step once the charge point is
 * connected again (after its back-off), without booting again: a link that flapped, not a
 * reboot. An Accepted charge point stays Accepted and its heartbeat restarts.
 */
export async function runReconnect(step: StepOf<'reconnect'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const script = scriptOf(cp);
  const wasAccepted = cp.state === 'accepted';
  const beating = cp.isHeartbeating;
  const next = new Promise<number>((resolve) => { script.resume = resolve; });
  cp.reconnect('scenario reconnect');
  flow.run.gen = await next;
  if (wasAccepted) cp.setState('accepted');
  if (beating) cp.startHeartbeat();
  return checked(flow, step);
}
