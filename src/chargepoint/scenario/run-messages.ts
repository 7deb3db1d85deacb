import type { Timer } from '../../clock/scheduler.js';
import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint, Transaction } from '../charge-point.js';
import type { SaveMap, Step } from './types.js';
import { rememberIdInfo } from '../local-auth/local-auth.js';
import { meterNow } from '../meter.js';
import { brief, mismatches, valueAt } from './conditions.js';
import { skippedOffline } from './run-basic.js';
import { alive, checked, connectorIn, isClosed, render, renderPayload, scriptOf, templateValues, type Awaiter, type Flow, type Inbound } from './runtime.js';

type CallStep = Extract<Step, { type: 'call' }>;
type AwaitStep = Extract<Step, { type: 'await' }>;

/** Saves fields of `message` into the charge point's variables; returns a failure per missing field. */
function save(cp: ChargePoint, fields: SaveMap | undefined, message: unknown): string[] {
  const missing: string[] = [];
  const script = scriptOf(cp);
  for (const [name, path] of Object.entries(fields ?? {})) {
    const value = valueAt(message, path);
    if (value === undefined) missing.push(`save ${name}: no field '${path}'`);
    else (script.vars ??= {})[name] = value;
  }
  return missing;
}

/** The transaction id in a start message: the answer's `transactionId` (1.6) or the request's `transactionInfo.transactionId` (2.0.1). */
function startedId(request: Payload, response: Payload): unknown {
  return response.transactionId ?? valueAt(request, 'transactionInfo.transactionId') ?? request.transactionId;
}

function recordStart(cp: ChargePoint, connector: number, request: Payload, response: Payload, meterStartWh: number): void {
  const id = startedId(request, response);
  const idTag = String(request.idTag ?? valueAt(request, 'idToken.idToken') ?? '');
  const tx: Transaction & { transactionId?: unknown } = { id: typeof id === 'number' ? id : 0, idTag, startedAt: cp.ctx.scheduler.now(), meterStartWh };
  if (typeof id !== 'number' && id !== undefined) tx.transactionId = id;
  (cp.transactions ??= [])[connector] = tx;
}

/** The authorization cache hears every answer that carries id tag info for the tag sent (1.6 §3.5.1: Authorize, Start/StopTransaction; 2.0.1 C10). */
function rememberAnswer(cp: ChargePoint, request: Payload, response: Payload): void {
  const idTag = request.idTag ?? valueAt(request, 'idToken.idToken');
  if (typeof idTag === 'string') rememberIdInfo(cp, idTag, response.idTagInfo ?? response.idTokenInfo);
}

/**
 * `call`: renders the payload, sends it, checks `expect` against the answer and saves fields.
 * `transaction: start|stop` keeps the local transaction record, so `{{meter.wh}}` rises while
 * it runs and a stop carries the register forward (cleared before sending, as a real stop).
 */
export async function runCall(step: CallStep, parent: Flow): Promise<boolean> {
  const flow: Flow = step.connector === undefined ? parent : { run: parent.run, connector: connectorIn(parent, step.connector), response: parent.response };
  const { cp } = flow.run;
  const meters = new Map<number, number>();
  let payload: Payload;
  try {
    payload = renderPayload(flow, step.action, 'req', step.payload, templateValues(flow, meters));
  } catch (error) {
    return checked(flow, step, `${step.action} not sent: ${(error as Error).message}`);
  }
  const register = meters.get(flow.connector) ?? Math.round(meterNow(cp, flow.connector));
  if (step.transaction === 'stop' && cp.transactions?.[flow.connector]) {
    (cp.meterWh ??= [])[flow.connector] = register;
    cp.transactions[flow.connector] = undefined;
  }
  let response: Payload;
  try {
    response = await cp.call(step.action, payload);
  } catch (error) {
    if (isClosed(error)) return skippedOffline(flow, step.action);
    return checked(flow, step, `${step.action}: ${(error as Error).message}`);
  }
  parent.response = response;
  rememberAnswer(cp, payload, response);
  if (step.transaction === 'start') recordStart(cp, flow.connector, payload, response, register);
  const failures = step.expect ? mismatches(step.expect, response, (value) => render(flow, value)) : [];
  failures.push(...save(cp, step.save, response));
  return checked(flow, step, failures.length ? `${step.action}: ${failures.join('; ')} (response ${brief(response)})` : undefined);
}

/**
 * `await`: takes the first CALL of `action` matching `match` that arrived on this connection
 * and no earlier await took, or waits for one up to `timeoutMs`. The call is answered by the
 * normal handler (or a `respond` override) either way; a timeout is a failed check.
 */
export async function runAwait(step: AwaitStep, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const script = scriptOf(cp);
  const accepts = (call: Inbound): string[] | undefined => {
    if (call.action !== step.action) return undefined;
    return step.match ? mismatches(step.match, call.payload, (value) => render(flow, value)) : [];
  };
  let missed: string | undefined;
  const earlier = script.inbox?.findIndex((call) => accepts(call)?.length === 0) ?? -1;
  let got: Payload | 'timeout' | 'closed';
  if (earlier >= 0) got = ((script.inbox as Inbound[]).splice(earlier, 1)[0] as Inbound).payload;
  else {
    got = await new Promise<Payload | 'timeout' | 'closed'>((resolve) => {
      let timer: Timer | undefined;
      const awaiter: Awaiter = {
        action: step.action,
        offer: (call) => {
          const problems = accepts(call);
          if (problems === undefined) return false;
          if (problems.length > 0) {
            missed = `${call.action} ${brief(call.payload)} did not match: ${problems.join('; ')}`;
            return false;
          }
          script.awaiters?.delete(awaiter);
          timer?.cancel();
          resolve(call.payload);
          return true;
        },
        close: () => resolve('closed'),
      };
      (script.awaiters ??= new Set()).add(awaiter);
      if (step.timeoutMs !== undefined) {
        timer = cp.ctx.scheduler.schedule(step.timeoutMs, () => {
          script.awaiters?.delete(awaiter);
          resolve('timeout');
        });
      }
    });
  }
  if (got === 'closed' || !alive(flow)) return false;
  if (got === 'timeout') {
    return checked(flow, step, `await ${step.action}: none received within ${step.timeoutMs} ms${missed ? ` (last: ${missed})` : ''}`);
  }
  flow.response = got;
  const failures = save(cp, step.save, got);
  return checked(flow, step, failures.length ? `await ${step.action}: ${failures.join('; ')} (received ${brief(got)})` : undefined);
}

/** `respond`: from now until the scenario starts again from the top, `action` is answered with `payload`. */
export function runRespond(step: Extract<Step, { type: 'respond' }>, flow: Flow): boolean {
  (flow.run.responds ??= new Map()).set(step.action, { payload: step.payload, connector: flow.connector });
  return alive(flow);
}

/** `set`: renders each value (templates keep their own type) into the charge point's variables. */
export function runSet(step: Extract<Step, { type: 'set' }>, flow: Flow): boolean {
  const vars = (scriptOf(flow.run.cp).vars ??= {});
  const values = templateValues(flow);
  try {
    for (const [name, value] of Object.entries(step.values)) vars[name] = render(flow, value, values);
  } catch (error) {
    return checked(flow, step, `set: ${(error as Error).message}`);
  }
  return alive(flow);
}
