import type { IncomingMessage } from 'node:http';
import { isOcppVersion } from '../protocol/versions.js';
import type { Payload } from '../protocol/frame.js';
import { BadRequest, readJsonBody, type CallOutcome } from './call-api.js';
import type { EndpointSource } from './http-endpoints.js';
import { alterTrigger } from './misbehave-trigger.js';
import type { Misbehaviour } from './misbehaviours.js';

/** `POST /api/octt/{version}/{chargePointId}/{kebab-action}`: tzi-OCTT's trigger shape (docs/check.md). */
export const TRIGGER_PATH = /^\/api\/octt\/([^/]+)\/([^/]+)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** `remote-start-transaction` → `RemoteStartTransaction`. */
export const pascalAction = (kebab: string): string => kebab.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');

/**
 * Answers one trigger request: sends the CALL `{action}` with the JSON body as payload to the
 * charge point and answers like `POST /connections/{id}/call` (200 `{result}`, 502 CALLERROR,
 * 504 timeout, 404 not connected). 400 for a bad version, id or body; 409 when the charge point
 * is connected with another version than the path names. The trigger misbehaviours of
 * `misbehave` change the payload before it leaves.
 */
export async function triggerCall(source: EndpointSource, match: RegExpExecArray, req: IncomingMessage,
  misbehave: ReadonlySet<Misbehaviour> = new Set()): Promise<CallOutcome> {
  const [, versionText, encodedId, kebab] = match as unknown as [string, string, string, string];
  const version = `ocpp${versionText}`;
  if (!isOcppVersion(version)) throw new BadRequest(400, `unknown OCPP version '${versionText}' (use 1.6, 2.0.1 or 2.1)`);
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    throw new BadRequest(400, 'charge point id is not valid percent-encoding');
  }
  const body = await readJsonBody(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest(400, 'the body must be the JSON object payload of the CALL');
  const connected = (await source.connections())[id];
  if (connected && connected.protocol !== version) {
    return { status: 409, body: { error: { code: 'E_WRONG_VERSION', description: `${id} is connected with ${connected.protocol}, not ${version}` } } };
  }
  const action = pascalAction(kebab);
  return source.callOne(id, action, alterTrigger(action, body as Payload, misbehave));
}
