import { parseDuration } from '../../clock/duration.js';
import type { Payload } from '../../protocol/frame.js';
import { validatorFor } from '../../protocol/validator.js';
import { sentByCentralSystem, type OcppVersion } from '../../protocol/versions.js';
import type { ChargePointProfile, CsmsCall } from './types.js';
import type { Problems, Src } from './yaml-source.js';

const POWER_KEYS = ['voltage', 'phases', 'maxPowerW'] as const;
const CSMS_KEYS = ['on', 'after', 'call', 'payload'];

/** Most entries of `csms`: each is a timer per trigger on the embedded gateway. */
export const MAX_CSMS_CALLS = 20;

/** `chargePoint.power`: volts per phase (1–1000), phases (1–3), watts offered (1–1,000,000). */
export function parsePower(src: Src, problems: Problems): ChargePointProfile['power'] {
  if (!src.isMap) {
    problems.add(src.pos(), `chargePoint.power must be a mapping (keys: ${POWER_KEYS.join(', ')})`);
    return undefined;
  }
  const power: Record<string, number> = {};
  for (const key of src.keys()) {
    if (!(POWER_KEYS as readonly string[]).includes(key)) problems.add(src.keyPos(key), `unknown chargePoint.power key '${key}' (expected one of: ${POWER_KEYS.join(', ')})`);
  }
  const bounds = { voltage: [1, 1000], phases: [1, 3], maxPowerW: [1, 1_000_000] } as const;
  for (const key of POWER_KEYS) {
    const value = src.get(key);
    if (value === undefined) continue;
    const [min, max] = bounds[key];
    const n = value.value;
    const ok = typeof n === 'number' && n >= min && n <= max && (key !== 'phases' || Number.isInteger(n));
    if (ok) power[key] = n;
    else problems.add(value.pos(), `chargePoint.power.${key} must be ${key === 'phases' ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return power;
}

/** The payload with each placeholder replaced by a sample of its type, to check it against the request schema. */
function sampled(value: unknown, protocol: OcppVersion): unknown {
  if (value === '{{transactionId}}') return protocol === 'ocpp1.6' ? 1 : 'sample-transaction';
  if (value === '{{connectorId}}') return 1;
  if (Array.isArray(value)) return value.map((item) => sampled(item, protocol));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sampled(v, protocol)]));
  return value;
}

/** Strings holding `{{` that are not exactly one placeholder, as a problem each. */
function checkPlaceholders(src: Src, problems: Problems): void {
  const value = src.value;
  if (typeof value === 'string') {
    if (value.includes('{{') && value !== '{{transactionId}}' && value !== '{{connectorId}}') {
      problems.add(src.pos(), `csms payloads take only '{{transactionId}}' or '{{connectorId}}' as a whole string (got ${JSON.stringify(value)})`);
    }
  } else if (src.isList) for (const item of src.items()) checkPlaceholders(item, problems);
  else if (src.isMap) for (const key of src.keys()) checkPlaceholders(src.get(key) as Src, problems);
}

function parseEntry(src: Src, protocol: OcppVersion, problems: Problems): CsmsCall | undefined {
  const line = src.pos().line;
  if (!src.isMap) {
    problems.add(src.pos(), `a csms entry must be a mapping (keys: ${CSMS_KEYS.join(', ')})`);
    return undefined;
  }
  for (const key of src.keys()) if (!CSMS_KEYS.includes(key)) problems.add(src.keyPos(key), `csms entries have no key '${key}' (keys: ${CSMS_KEYS.join(', ')})`);
  const on = src.get('on')?.value;
  if (on !== 'boot' && on !== 'transaction') problems.add((src.get('on') ?? src).pos(), `csms.on must be 'boot' or 'transaction' (got ${JSON.stringify(on)})`);
  const afterSrc = src.get('after');
  const afterMs = afterSrc === undefined ? 0 : typeof afterSrc.value === 'string' || typeof afterSrc.value === 'number' ? parseDuration(afterSrc.value) : undefined;
  if (afterMs === undefined) problems.add((afterSrc ?? src).pos(), `csms.after must be a duration such as '5s' (got ${JSON.stringify(afterSrc?.value)})`);
  const actionSrc = src.get('call');
  const action = actionSrc?.value;
  // DataTransfer goes both ways: the same rule as requestCall steps and the gateway's RequestCall.
  const known = typeof action === 'string' && sentByCentralSystem(protocol, action);
  if (!known) problems.add((actionSrc ?? src).pos(), `csms.call must be an action the central system sends in ${protocol} (got ${JSON.stringify(action)})`);
  const payloadSrc = src.get('payload');
  const payload = payloadSrc?.value ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    problems.add((payloadSrc ?? src).pos(), 'csms.payload must be a mapping');
    return undefined;
  }
  if (payloadSrc) checkPlaceholders(payloadSrc, problems);
  if (!known || afterMs === undefined || (on !== 'boot' && on !== 'transaction')) return undefined;
  try {
    validatorFor(protocol).validate(action, 'req', sampled(payload, protocol) as Payload);
  } catch (error) {
    problems.add((payloadSrc ?? src).pos(), `csms ${action}: ${(error as Error).message.replace(`${action}.req `, 'payload ')}`);
  }
  return { on, afterMs, action, payload: payload as Payload, line };
}

/**
 * `csms:` — CALLs the embedded gateway sends each charge point of the scenario (docs/scenarios.md):
 * a list of at most MAX_CSMS_CALLS `{on: boot | transaction, after, call, payload}`, each payload
 * checked against the request schema of its action.
 */
export function parseCsmsCalls(src: Src, protocol: OcppVersion, problems: Problems): CsmsCall[] {
  if (!src.isList || src.items().length === 0 || src.items().length > MAX_CSMS_CALLS) {
    problems.add(src.pos(), `csms must be a list of 1 to ${MAX_CSMS_CALLS} entries`);
    return [];
  }
  return src.items().flatMap((item) => parseEntry(item, protocol, problems) ?? []);
}
