import type { Payload } from '../protocol/frame.js';
import { nestedDeeperThan } from '../protocol/json-depth.js';
import { REQUEST_CALL } from '../protocol/request-call.js';
import type { Handler, HandlerTable } from '../protocol/rpc-session.js';
import { schemasOf, sentByCentralSystem, type OcppVersion } from '../protocol/versions.js';
import type { GatewayOwner } from './handler-pipeline.js';


/** How a string value names a file on the gateway: `gateway:/firmware/fw-1.2.3.bin` → `{httpUrl}/firmware/fw-1.2.3.bin`. */
export const GATEWAY_SCHEME = 'gateway:/';

/** Nesting of a requested payload accepted at most (the walk replacing `gateway:/` recurses this deep). */
const MAX_DEPTH = 16;

/** A CALL to one charge point with its place in the queue held: sent or released exactly once. */
export interface HeldCall {
  send(): Promise<unknown>;
  release(): void;
}

/** What sends the requested CALL, and the gateway's own HTTP base URL. */
export interface RequestedCallDeps {
  /**
   * Holds a place in that charge point's queue for the CALL now, or says why its session would
   * refuse it (not connected, its queue full, the payload invalid).
   */
  hold(chargePointId: string, action: string, payload: Payload): HeldCall | string;
  httpUrl(): string;
}

/** Longest reason read back to the charge point in `data`. */
const MAX_REASON = 200;

/** `value` with every string starting with `gateway:/` turned into the gateway's URL; depth bounded by the caller. */
function withGatewayUrls(value: unknown, base: string): unknown {
  if (typeof value === 'string') return value.startsWith(GATEWAY_SCHEME) ? `${base}/${value.slice(GATEWAY_SCHEME.length)}` : value;
  if (Array.isArray(value)) return value.map((item) => withGatewayUrls(item, base));
  // fromEntries defines own data properties: a "__proto__" key stays a key.
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withGatewayUrls(item, base)]));
  return value;
}

/** How a reason names a JSON value that is not what was wanted: 'an array', 'a number', 'null', 'nothing'. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The CALL a request names, or why it cannot be sent (one line). */
function requestedCall(version: OcppVersion, data: unknown): { action: string; payload: Payload } | string {
  let request: unknown = data;
  if (typeof data === 'string') {
    try {
      request = JSON.parse(data);
    } catch {
      return 'data is not JSON';
    }
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return `data must be a JSON object {"action","payload"}, not ${kindOf(request)}`;
  if (nestedDeeperThan(request, MAX_DEPTH)) return `data must be at most ${MAX_DEPTH} levels deep`;
  const { action, payload = {} } = request as { action?: unknown; payload?: unknown };
  if (typeof action !== 'string') return `data.action must be a string naming the action, not ${kindOf(action)}`;
  if (!schemasOf(version).has(`${action}.req`)) return `${JSON.stringify(action.slice(0, 64))} is not an action of ${version}`;
  if (!sentByCentralSystem(version, action)) return `${action} is sent by charge points, not by the central system`;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'payload must be an object';
  return { action, payload: payload as Payload };
}

/**
 * Lets a scenario make the embedded gateway send it a CALL (the `requestCall`, `updateFirmware`
 * and `reserve` steps): a DataTransfer with vendorId `ocpp-sim` and messageId `RequestCall`
 * whose data is `{"action","payload"}` (a JSON string in 1.6) is answered Accepted, and after
 * the answer the gateway sends that CALL to the same charge point, a string value starting with
 * `gateway:/` replaced by the gateway's HTTP URL. The action must be a central-system action of
 * the connection's version (sentByCentralSystem: DataTransfer too) and one the session can send
 * (`hold`: the payload valid, a place in the queue held from the Accepted answer until the CALL is
 * queued, or given back if the answer is not sent); anything else is Rejected with the reason in `data`. Every other
 * DataTransfer goes to `table`'s own handler. A charge point can only ask for CALLs to itself.
 */
export function withRequestedCalls(table: HandlerTable<GatewayOwner>, version: OcppVersion, deps: RequestedCallDeps): HandlerTable<GatewayOwner> {
  const inner = table.DataTransfer;
  if (!inner) return table;
  const dataTransfer: Handler<GatewayOwner> = (payload, ctx) => {
    if (payload.vendorId !== REQUEST_CALL.vendorId || payload.messageId !== REQUEST_CALL.messageId) return inner(payload, ctx);
    const request = requestedCall(version, payload.data);
    if (typeof request === 'string') return { status: 'Rejected', data: request };
    const id = ctx.owner.id;
    const resolved = withGatewayUrls(request.payload, deps.httpUrl()) as Payload;
    // The place is held from this answer on, so a pipelined flood gets no more Accepted than the queue holds.
    const held = deps.hold(id, request.action, resolved);
    if (typeof held === 'string') return { status: 'Rejected', data: held.slice(0, MAX_REASON) };
    // The requested CALL's outcome reaches the charge point itself; nothing to do with it here.
    ctx.afterReply(() => { held.send().catch(() => {}); }, () => held.release());
    return { status: 'Accepted' };
  };
  return Object.freeze({ ...table, DataTransfer: dataTransfer });
}
