import type { Timer } from '../../clock/scheduler.js';
import type { Payload } from '../../protocol/frame.js';
import { REQUEST_CALL } from '../../protocol/request-call.js';
import { versionOfLocation } from '../firmware/plan.js';
import { authorizeIdTag } from '../local-auth/local-auth.js';
import type { Step } from './types.js';
import { evaluate } from './expressions.js';
import { alive, checked, connectorIn, isClosed, renderPayload, scriptOf, sleep, templateValues, type Awaiter, type Flow } from './runtime.js';
import { renderString } from './templates.js';
import { skippedOffline } from './run-basic.js';

type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/** How long `reserve` waits for the connector to turn Reserved, in ms, and how often it looks. */
const RESERVED_WITHIN_MS = 10_000;
const LOOK_EVERY_MS = 100;
/** How long a request waits for the CALL it asked for after the central system accepted it, in ms. */
const REQUESTED_WITHIN_MS = 10_000;

/**
 * Watches this connection for the central system's CALL of `action` (its handler runs right
 * after): `arrived` is true once it came, false after `ms` or when the connection closes. It
 * watches without taking the CALL from `await` steps. Set up before asking, since the CALL may
 * be read before the answer to the request is.
 */
function watchFor(flow: Flow, action: string, ms: number): { arrived: Promise<boolean>; cancel(): void } {
  const { cp } = flow.run;
  const script = scriptOf(cp);
  let done: (arrived: boolean) => void = () => {};
  const arrived = new Promise<boolean>((resolve) => {
    let timer: Timer | undefined;
    const watcher: Awaiter = { action, offer: () => { done(true); return false; }, close: () => done(false) };
    done = (came) => {
      script.awaiters?.delete(watcher);
      timer?.cancel();
      resolve(came);
    };
    (script.awaiters ??= new Set()).add(watcher);
    timer = cp.ctx.scheduler.schedule(ms, () => done(false));
  });
  return { arrived, cancel: () => done(false) };
}

/**
 * Asks the central system for `action` with `payload` (DataTransfer ocpp-sim / RequestCall) and
 * waits until that CALL has come and been handled. Then true, with the step's check recorded
 * unless `recordPass` is false (the step checks more itself); a refusal (a central system other
 * than ocpp-sim's gateway answers UnknownVendorId) or no CALL within REQUESTED_WITHIN_MS is a
 * failed check and false.
 */
async function request(flow: Flow, step: Step, action: string, payload: Payload, recordPass = true): Promise<boolean> {
  const { cp } = flow.run;
  const watch = watchFor(flow, action, REQUESTED_WITHIN_MS);
  try {
    const answer = await cp.call('DataTransfer', { ...REQUEST_CALL, data: JSON.stringify({ action, payload }) });
    if (answer.status !== 'Accepted') {
      watch.cancel();
      const why = typeof answer.data === 'string' ? `: ${answer.data}` : ' (only the embedded gateway sends CALLs on request)';
      checked(flow, step, `${step.type}: the central system answered ${String(answer.status)}${why}`);
      return false;
    }
  } catch (error) {
    watch.cancel();
    if (!isClosed(error)) checked(flow, step, `${step.type}: ${(error as Error).message}`);
    return false;
  }
  if (!(await watch.arrived)) {
    if (alive(flow)) checked(flow, step, `${step.type}: the central system accepted the request but sent no ${action} within ${REQUESTED_WITHIN_MS / 1000} s`);
    return false;
  }
  return recordPass ? checked(flow, step) : alive(flow);
}

/** Renders a text option with its templates. */
function text(flow: Flow, value: string, connector = flow.connector): string {
  const values = templateValues({ ...flow, connector });
  return String(renderString(value, (expr) => evaluate(expr, values)));
}

/** `requestCall`: the embedded gateway sends this charge point the CALL. */
export function runRequestCall(step: StepOf<'requestCall'>, flow: Flow): Promise<boolean> {
  return request(flow, step, step.action, renderPayload(flow, step.action, 'req', step.payload)).then(() => alive(flow));
}

/**
 * `updateFirmware`: nothing when the charge point already runs the version the location names
 * (the scenario starts again after the update's reboot); else waits for its wave (charge point
 * i: floor(i / size) × every) and asks for UpdateFirmware, to be retrieved now.
 */
export async function runUpdateFirmware(step: StepOf<'updateFirmware'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const target = versionOfLocation(step.location.replace(/^gateway:\//, 'http://gateway/'));
  if (target !== undefined && cp.firmwareVersion === target) return checked(flow, step);
  if (step.wave && !(await sleep(flow, Math.floor(cp.index / step.wave.size) * step.wave.everyMs))) return false;
  const now = new Date().toISOString();
  const payload: Payload = cp.profile.version === 'ocpp1.6'
    ? { location: step.location, retrieveDate: now }
    : { requestId: scriptOf(cp).prng.int(1, 2_000_000_000), firmware: { location: step.location, retrieveDateTime: now } };
  return request(flow, step, 'UpdateFirmware', payload).then(() => alive(flow));
}

/** `reserve`: asks for ReserveNow of the connector for the id tag, then waits until the connector is Reserved. */
export async function runReserve(step: StepOf<'reserve'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const connector = connectorIn(flow, step.connector);
  const idTag = text(flow, step.idTag, connector);
  const expiry = new Date(Date.now() + step.expiryMs).toISOString();
  const id = scriptOf(cp).prng.int(1, 2_000_000_000);
  const payload: Payload = cp.profile.version === 'ocpp1.6'
    ? { connectorId: connector, expiryDate: expiry, idTag, reservationId: id }
    : { id, expiryDateTime: expiry, idToken: { idToken: idTag, type: 'ISO14443' }, evseId: connector };
  if (!(await request(flow, step, 'ReserveNow', payload, false))) return alive(flow);
  for (let waited = 0; waited < RESERVED_WITHIN_MS; waited += LOOK_EVERY_MS) {
    if (cp.connectorStatus[connector] === 'Reserved') return checked(flow, step);
    if (!(await sleep(flow, LOOK_EVERY_MS))) return false;
  }
  return checked(flow, step, `reserve: connector ${connector} is ${cp.connectorStatus[connector] ?? 'unknown'}, not Reserved, ${RESERVED_WITHIN_MS / 1000} s after the request`);
}

/** `authorize`: the charge point's own authorization; anything but Accepted is a failed check naming who decided. */
export async function runAuthorize(step: StepOf<'authorize'>, flow: Flow): Promise<boolean> {
  const idTag = text(flow, step.idTag);
  try {
    const outcome = await authorizeIdTag(flow.run.cp, idTag);
    if (!alive(flow)) return false;
    if (outcome.info.status === 'Accepted') return checked(flow, step);
    const by = outcome.source === 'central' ? 'the central system' : outcome.source === 'local' ? 'the local list or cache' : 'the charge point (offline)';
    return checked(flow, step, `authorize: ${idTag} is ${outcome.info.status} (decided by ${by})`);
  } catch (error) {
    // Cut off mid-call: like any CALL, the end of the flow unless it is carried offline (then skipped).
    if (isClosed(error)) return skippedOffline(flow, 'Authorize');
    return checked(flow, step, `authorize: ${(error as Error).message}`);
  }
}
