import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';
import { CALL } from '../protocol/frame.js';
import type { CheckContext } from './context.js';
import type { Station } from './station.js';
import { expect } from './types.js';

/** `RemoteStartTransaction` → `remote-start-transaction`: the action segment of the trigger API. */
export const kebabAction = (action: string): string => action.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** `ocpp1.6` → `1.6`: the version segment of the trigger API. */
export const triggerVersion = (version: OcppVersion): string => version.replace(/^ocpp/, '');

/** What the trigger API answered. */
export interface TriggerAnswer { status: number; body: string }

/**
 * Asks the CSMS's test harness to send `action` with `payload` to `station`:
 * `POST {triggerUrl}/api/octt/{version}/{station id}/{kebab-action}` with the payload as JSON
 * body (tzi-OCTT's shape). Resolves with the HTTP answer; a network failure rejects.
 */
export async function postTrigger(ctx: CheckContext, station: Station, action: string, payload: Payload): Promise<TriggerAnswer> {
  const { triggerUrl, triggerHeaders } = ctx.settings;
  const url = `${triggerUrl as string}/api/octt/${triggerVersion(ctx.version)}/${encodeURIComponent(station.id)}/${kebabAction(action)}`;
  const response = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...triggerHeaders }, body: JSON.stringify(payload),
    signal: AbortSignal.timeout(ctx.settings.callTimeoutMs * 3),
  });
  return { status: response.status, body: (await response.text()).slice(0, 500) };
}

/**
 * Triggers `action` on `station` and waits for the CSMS's CALL: fails when it does not come
 * within the call timeout, when its payload breaks the schema, or when the trigger API answers
 * an HTTP error. `answer` answers the CALL (set in the station's handler table for the time).
 * Returns the CSMS's request payload.
 */
export async function triggered(ctx: CheckContext, station: Station, action: string, payload: Payload,
  answer: (request: Payload) => Payload | Promise<Payload>): Promise<Payload> {
  let request: Payload | undefined;
  station.handlers[action] = (p) => {
    request = p;
    return answer(p);
  };
  const from = station.frames.size;
  const post: Promise<TriggerAnswer | Error> = postTrigger(ctx, station, action, payload).catch((error: Error) => error);
  const arrived = station.waitFrame((f) => f.frame?.type === CALL && f.frame.action === action, ctx.settings.callTimeoutMs * 2, from);
  const httpProblem = (http: TriggerAnswer | Error): string | undefined => (http instanceof Error
    ? `the trigger API at ${ctx.settings.triggerUrl ?? ''} failed: ${http.message}`
    : http.status >= 200 && http.status < 300 ? undefined : `the trigger API answered HTTP ${http.status} for ${action}: ${http.body}`);
  // A trigger refused at once must not wait for a CALL that will never come.
  const first = await Promise.race([arrived.then(() => undefined), post.then(httpProblem)]);
  expect(first === undefined, first as string);
  const call = await arrived;
  const failure = station.validator.failures.find((f) => f.action === action && f.direction === 'req');
  expect(!failure, `the CSMS's ${action} request broke its schema: ${failure?.message ?? ''}`);
  expect(call?.frame?.type === CALL, `the CSMS sent no ${action} within ${ctx.settings.callTimeoutMs * 2} ms of the trigger`);
  const problem = httpProblem(await post);
  expect(problem === undefined, problem as string);
  return request ?? (call.frame.payload);
}
