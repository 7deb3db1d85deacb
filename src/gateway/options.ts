import { GatewayError } from './errors.js';

/** A BootNotification answer status (OCPP 1.6 §4.2, 2.0.1 B01). */
export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export const BOOT_STATUSES: readonly BootStatus[] = Object.freeze(['Accepted', 'Pending', 'Rejected']);

/** What `startGateway` accepts; every field is optional and has a default in `GATEWAY_DEFAULTS`. */
export interface GatewayOptions {
  /** Interface to listen on. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** OCPP-J endpoint path; charge points connect to `{path}/{chargePointId}`. */
  path?: string;
  /** `interval` of the BootNotification answer, in seconds. */
  heartbeatIntervalSec?: number;
  /** Status every BootNotification is answered with. */
  bootStatus?: BootStatus;
  /** Timeout of the gateway's own CALLs, in milliseconds. */
  callTimeoutMs?: number;
  /** Validate inbound and outbound payloads against the official schemas. */
  validate?: boolean;
  /** Largest inbound WebSocket message accepted, in bytes. */
  maxPayload?: number;
  /** Every answer to a charge point's CALL is delayed by this much, in milliseconds (a slow central system). */
  responseDelayMs?: number;
  /** Receives one line per connection event; nothing is logged without it. */
  log?: (line: string) => void;
}

/** Options with every default filled in; frozen. */
export type ResolvedGatewayOptions = Readonly<Required<Omit<GatewayOptions, 'log'>> & Pick<GatewayOptions, 'log'>>;

/** Every default of the gateway, in one place. */
export const GATEWAY_DEFAULTS: Readonly<Required<Omit<GatewayOptions, 'log'>>> = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  path: '/ocpp',
  heartbeatIntervalSec: 60,
  bootStatus: 'Accepted',
  callTimeoutMs: 30_000,
  validate: true,
  maxPayload: 65_536,
  responseDelayMs: 0,
});

const isInteger = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** One check per option: returns the problem, or undefined when the value is fine. */
const CHECKS: Record<keyof GatewayOptions, (value: unknown) => string | undefined> = {
  host: (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'host must be a non-empty string'),
  port: (v) => (isInteger(v, 0, 65_535) ? undefined : 'port must be an integer from 0 to 65535'),
  path: (v) => (typeof v === 'string' && /^\/[^?#]*$/.test(v) ? undefined : "path must start with '/' and hold no '?' or '#'"),
  heartbeatIntervalSec: (v) => (isInteger(v, 0) ? undefined : 'heartbeatIntervalSec must be an integer >= 0 (seconds)'),
  bootStatus: (v) => (BOOT_STATUSES.includes(v as BootStatus) ? undefined : `bootStatus must be one of ${BOOT_STATUSES.join(', ')}`),
  callTimeoutMs: (v) => (isInteger(v, 1) ? undefined : 'callTimeoutMs must be a positive integer (milliseconds)'),
  validate: (v) => (typeof v === 'boolean' ? undefined : 'validate must be a boolean'),
  maxPayload: (v) => (isInteger(v, 1) ? undefined : 'maxPayload must be a positive integer (bytes)'),
  responseDelayMs: (v) => (isInteger(v, 0) ? undefined : 'responseDelayMs must be an integer >= 0 (milliseconds)'),
  log: (v) => (v === undefined || typeof v === 'function' ? undefined : 'log must be a function'),
};

/**
 * Merges `options` over `GATEWAY_DEFAULTS` (an undefined value keeps the default) and returns
 * a frozen result. Throws one GatewayError `E_BAD_OPTIONS` naming every problem, unknown keys included.
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
  return Object.freeze({ ...merged, path }) as ResolvedGatewayOptions;
}
