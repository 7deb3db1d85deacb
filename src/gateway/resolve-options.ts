import { randomInt } from 'node:crypto';
import { GatewayError } from './errors.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { MISBEHAVIOUR_NAMES, isMisbehaviour } from './misbehaviours.js';
import { GATEWAY_DEFAULTS, type GatewayOptions, type ResolvedGatewayOptions } from './options.js';
import { BOOT_STATUSES, bootPolicyProblem, delaySpecProblem, type BootStatus, type DelaySpec } from './policies.js';

const isInteger = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const isRatio = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value <= 1;
const isPem = (value: unknown): boolean => typeof value === 'string' || Buffer.isBuffer(value)
  || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || Buffer.isBuffer(v)));
const fnOrUndefined = (name: string) => (v: unknown): string | undefined => (v === undefined || typeof v === 'function' ? undefined : `${name} must be a function`);
const integer = (name: string, min: number, unit: string, max?: number) => (v: unknown): string | undefined =>
  (isInteger(v, min, max) ? undefined : `${name} must be an integer ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}${unit ? ` (${unit})` : ''}`);
const ratio = (name: string) => (v: unknown): string | undefined => (isRatio(v) ? undefined : `${name} must be a number from 0 to 1`);

const isPassword = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

function authProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const auth = v as { passwords?: unknown; password?: unknown };
  if (typeof auth !== 'object' || auth === null) return 'auth must be { passwords?, password? }';
  // An empty or blank password would let anyone knowing an id in: refused, never taken as "no auth".
  if (auth.password !== undefined && !isPassword(auth.password)) return 'auth.password must be a string that is not empty or whitespace';
  if (auth.passwords !== undefined && (typeof auth.passwords !== 'object' || auth.passwords === null
    || !Object.values(auth.passwords).every(isPassword))) return 'auth.passwords must map ids to strings that are not empty or whitespace';
  if (auth.password === undefined && auth.passwords === undefined) return 'auth needs passwords or password';
  return undefined;
}

function tlsProblem(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const tls = v as { cert?: unknown; key?: unknown; ca?: unknown; passphrase?: unknown };
  if (typeof tls !== 'object' || tls === null) return 'tls must be { cert, key, ca? }';
  if (!isPem(tls.cert) || !isPem(tls.key)) return 'tls needs cert and key (PEM)';
  if (tls.ca !== undefined && !isPem(tls.ca)) return 'tls.ca must be PEM';
  if (tls.passphrase !== undefined && typeof tls.passphrase !== 'string') return 'tls.passphrase must be a string';
  return undefined;
}

/** One check per option: returns the problem, or undefined when the value is fine. */
const CHECKS: Record<keyof GatewayOptions, (value: unknown) => string | undefined> = {
  host: (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'host must be a non-empty string'),
  port: integer('port', 0, '', 65_535),
  exclusivePort: (v) => (v === undefined || typeof v === 'boolean' ? undefined : 'exclusivePort must be a boolean'),
  path: (v) => (typeof v === 'string' && /^\/[^?#]*$/.test(v) ? undefined : "path must start with '/' and hold no '?' or '#'"),
  heartbeatIntervalSec: integer('heartbeatIntervalSec', 0, 'seconds'),
  bootStatus: (v) => { const p = bootPolicyProblem(v); return p && `bootStatus ${p}`; },
  bootStatusById: (v) => (v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v)
    && Object.values(v).every((s) => BOOT_STATUSES.includes(s as BootStatus))) ? undefined : `bootStatusById must map charge point ids to ${BOOT_STATUSES.join(', ')}`),
  misbehave: (v) => (v === undefined || (Array.isArray(v) && v.every((m) => typeof m === 'string' && isMisbehaviour(m)))
    ? undefined : `misbehave must list switches among ${MISBEHAVIOUR_NAMES.join(', ')}`),
  idTags: (v) => (v === undefined || (Array.isArray(v) && v.every((t) => typeof t === 'string')) ? undefined : 'idTags must be an array of strings'),
  callTimeoutMs: (v) => (isInteger(v, 1) ? undefined : 'callTimeoutMs must be a positive integer (milliseconds)'),
  validate: (v) => (typeof v === 'boolean' ? undefined : 'validate must be a boolean'),
  maxPayload: (v) => (isInteger(v, 1) ? undefined : 'maxPayload must be a positive integer (bytes)'),
  responseDelayMs: integer('responseDelayMs', 0, 'milliseconds'),
  responseDelay: (v) => { const p = v === undefined ? undefined : delaySpecProblem(v); return p && `responseDelay ${p}`; },
  callErrorRatio: ratio('callErrorRatio'),
  dropRatio: ratio('dropRatio'),
  unansweredRatio: ratio('unansweredRatio'),
  seed: (v) => (v === undefined || isInteger(v, 0, 0xffff_ffff) ? undefined : 'seed must be an integer from 0 to 4294967295'),
  maxConnections: integer('maxConnections', 0, '0 = no limit'),
  pingIntervalMs: integer('pingIntervalMs', 0, 'milliseconds, 0 = off'),
  idleTimeoutMs: integer('idleTimeoutMs', 0, 'milliseconds, 0 = off'),
  readTimeoutMs: integer('readTimeoutMs', 1, 'milliseconds'),
  writeTimeoutMs: integer('writeTimeoutMs', 0, 'milliseconds, 0 = off'),
  maxBufferedBytes: integer('maxBufferedBytes', 1, 'bytes'),
  maxQueuedCalls: integer('maxQueuedCalls', 0, 'calls waiting per connection'),
  rateLimitPerSec: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'rateLimitPerSec must be a number >= 0 (0 = no limit)'),
  rateLimitBurst: (v) => (v === undefined || isInteger(v, 1) ? undefined : 'rateLimitBurst must be an integer >= 1'),
  shutdownTimeoutMs: integer('shutdownTimeoutMs', 0, 'milliseconds'),
  auth: authProblem,
  tls: tlsProblem,
  allowedOrigins: (v) => (Array.isArray(v) && v.every((o) => typeof o === 'string') ? undefined : 'allowedOrigins must be an array of strings'),
  certIdCheck: (v) => (typeof v === 'boolean' ? undefined : 'certIdCheck must be a boolean'),
  allowedHosts: (v) => (Array.isArray(v) && v.every((h) => typeof h === 'string' && h.trim() !== '') ? undefined : 'allowedHosts must be an array of host names'),
  apiToken: (v) => (v === undefined || (typeof v === 'string' && /^[\x21-\x7e]{16,}$/.test(v))
    ? undefined : 'apiToken must be at least 16 printable ASCII characters without spaces'),
  handlers: (v) => (v === undefined || (typeof v === 'object' && v !== null && Object.values(v).every((h) => typeof h === 'function'))
    ? undefined : 'handlers must map action names to functions'),
  logLevel: (v) => (LOG_LEVELS.includes(v as LogLevel) ? undefined : `logLevel must be one of ${LOG_LEVELS.join(', ')}`),
  log: fnOrUndefined('log'),
  onConnect: fnOrUndefined('onConnect'),
  onDisconnect: fnOrUndefined('onDisconnect'),
  onMessage: fnOrUndefined('onMessage'),
  onError: fnOrUndefined('onError'),
};

/**
 * Merges `options` over `GATEWAY_DEFAULTS` (an undefined value keeps the default), picks a
 * random `seed` when none is given, derives `responseDelay` and `rateLimitBurst`, and returns a
 * frozen result. Throws one GatewayError `E_BAD_OPTIONS` naming every problem, unknown keys included.
 */
export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const merged: Record<string, unknown> = { ...GATEWAY_DEFAULTS, ...given };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(merged)) {
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof GatewayOptions] : undefined;
    const problem = check ? check(value) : `unknown option '${key}'`;
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new GatewayError('E_BAD_OPTIONS', `invalid gateway options: ${problems.join('; ')}`);
  const path = (merged.path as string).replace(/\/+$/, '');
  const responseDelay: DelaySpec = (merged.responseDelay as DelaySpec | undefined) ?? { kind: 'fixed', ms: merged.responseDelayMs as number };
  const rate = merged.rateLimitPerSec as number;
  const rateLimitBurst = (merged.rateLimitBurst as number | undefined) ?? Math.max(1, Math.ceil(rate));
  const seed = (merged.seed as number | undefined) ?? randomInt(0, 0xffff_ffff);
  return Object.freeze({ ...merged, path, responseDelay, rateLimitBurst, seed }) as ResolvedGatewayOptions;
}
