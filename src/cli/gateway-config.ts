import { readFile } from 'node:fs/promises';
import { parseDuration } from '../clock/duration.js';
import { dirname, resolve } from 'node:path';
import type { GatewayOptions } from '../gateway/options.js';
import { LOG_LEVELS, type LogLevel } from '../gateway/logger.js';
import { isMisbehaviour } from '../gateway/misbehaviours.js';
import { BOOT_STATUSES, parseBootPolicy, parseDelaySpec, type BootPolicy, type BootStatus } from '../gateway/policies.js';
import { flagName, loadConfigFile } from './config-file.js';
import { GATEWAY_COMMAND_DEFAULTS } from './defaults.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { Problems } from './options.js';
import { API_TOKEN_ENV, resolveApiToken } from './api-token.js';
import { resolveWorkerCount } from './workers.js';

type Raw = string | number | boolean | string[] | undefined;

/** One `gateway` setting: its flag (commander key), config-file key, optional environment variable, default. */
interface Setting { readonly file: string; readonly env?: string; readonly def: Raw }

/** Every setting of `ocpp-sim gateway`, by commander key; docs/gateway.md lists them all. */
export const GATEWAY_SETTINGS: Readonly<Record<string, Setting>> = Object.freeze({
  host: { file: 'server.host', env: 'SERVER_HOST', def: GATEWAY_COMMAND_DEFAULTS.host },
  port: { file: 'server.port', env: 'SERVER_PORT', def: GATEWAY_COMMAND_DEFAULTS.port },
  path: { file: 'server.websocket_path', env: 'SERVER_WEBSOCKET_PATH', def: GATEWAY_COMMAND_DEFAULTS.path },
  workers: { file: 'server.workers', env: 'SERVER_WORKERS', def: GATEWAY_COMMAND_DEFAULTS.workers },
  readTimeout: { file: 'server.read_timeout', env: 'SERVER_READ_TIMEOUT', def: '10s' },
  writeTimeout: { file: 'server.write_timeout', env: 'SERVER_WRITE_TIMEOUT', def: '30s' },
  maxConnections: { file: 'server.max_connections', env: 'MAX_CONNECTIONS', def: 0 },
  maxMessageSize: { file: 'server.max_message_size', def: 65_536 },
  maxBuffered: { file: 'server.max_buffered', def: 4 * 1024 * 1024 },
  pingInterval: { file: 'server.ping_interval', def: '30s' },
  idleTimeout: { file: 'server.idle_timeout', def: '70s' },
  shutdownTimeout: { file: 'server.shutdown_timeout', def: '5s' },
  heartbeatInterval: { file: 'ocpp.heartbeat_interval', def: GATEWAY_COMMAND_DEFAULTS.heartbeatInterval },
  bootStatus: { file: 'ocpp.boot_status', def: GATEWAY_COMMAND_DEFAULTS.bootStatus },
  bootStatusFor: { file: 'ocpp.boot_status_for', def: [] },
  idTags: { file: 'ocpp.id_tags', def: [] },
  callTimeout: { file: 'ocpp.call_timeout', def: '30s' },
  maxQueuedCalls: { file: 'ocpp.max_queued_calls', def: 100 },
  validate: { file: 'ocpp.validate', def: true },
  rateLimit: { file: 'ocpp.rate_limit', def: 0 },
  rateLimitBurst: { file: 'ocpp.rate_limit_burst', def: undefined },
  responseDelay: { file: 'faults.response_delay', def: GATEWAY_COMMAND_DEFAULTS.responseDelay },
  callErrorRatio: { file: 'faults.call_error_ratio', def: 0 },
  dropRatio: { file: 'faults.drop_ratio', def: 0 },
  unansweredRatio: { file: 'faults.unanswered_ratio', def: 0 },
  seed: { file: 'faults.seed', def: undefined },
  misbehave: { file: 'faults.misbehave', def: [] },
  password: { file: 'security.password', def: undefined },
  passwordsFile: { file: 'security.passwords_file', def: undefined },
  tlsCert: { file: 'security.tls_cert', def: undefined },
  tlsKey: { file: 'security.tls_key', def: undefined },
  tlsCa: { file: 'security.tls_ca', def: undefined },
  certIdCheck: { file: 'security.cert_id_check', def: true },
  allowedOrigin: { file: 'security.allowed_origins', def: [] },
  allowedHost: { file: 'security.allowed_hosts', def: [] },
  apiToken: { file: 'security.api_token', env: API_TOKEN_ENV, def: undefined },
  apiTokenFile: { file: 'security.api_token_file', def: undefined },
  logLevel: { file: 'log.level', env: 'LOG_LEVEL', def: 'info' },
  logFormat: { file: 'log.format', def: 'text' },
});

/** Settings whose value is a file path: relative to the config file when they come from it, else to the cwd. */
const PATHS = new Set(['passwordsFile', 'tlsCert', 'tlsKey', 'tlsCa', 'apiTokenFile']);

/** The resolved `gateway` command configuration. */
export interface GatewayCommandConfig {
  /** Everything for `startGateway` but the log sink. */
  readonly options: Readonly<Omit<GatewayOptions, 'log'>>;
  readonly logFormat: 'text' | 'json';
  /** Processes serving the port (node:cluster workers when more than 1). */
  readonly workers: number;
  /** Generic environment variables (LOG_LEVEL, SERVER_*, MAX_CONNECTIONS) skipped because the gateway cannot use their value, one line each. */
  readonly warnings: readonly string[];
}

/** `maxConnections` → `OCPP_SIM_GATEWAY_MAX_CONNECTIONS`: every setting's strict variable. */
export function gatewayEnvName(key: string): string {
  return `OCPP_SIM_GATEWAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

const intIn = (min: number, max: number) => (text: string): string | undefined =>
  (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? undefined : `not an integer from ${min} to ${max}`);
const duration = (text: string): string | undefined => (parseDuration(text) === undefined ? 'not a duration such as 30s' : undefined);

/** Why the gateway cannot use a generic variable's value, per setting that has one; undefined when it can. */
const GENERIC_CHECKS: Readonly<Record<string, (text: string) => string | undefined>> = Object.freeze({
  host: (text: string) => (/^[\w.:[\]-]+$/.test(text.trim()) ? undefined : 'not a host name or address'),
  port: intIn(0, 65_535),
  path: (text: string) => (text.startsWith('/') ? undefined : "not a path starting with '/'"),
  workers: (text: string) => (resolveWorkerCount(text) === undefined ? "not an integer >= 1 or 'auto'" : undefined),
  readTimeout: (text: string) => duration(text) ?? (parseDuration(text) === 0 ? 'must be more than 0' : undefined),
  writeTimeout: duration,
  maxConnections: intIn(0, Number.MAX_SAFE_INTEGER),
  logLevel: (text: string) => ((LOG_LEVELS as readonly string[]).includes(text.trim().toLowerCase()) ? undefined : `not a gateway log level (${LOG_LEVELS.join(', ')})`),
});

function flattenFile(file: Record<string, unknown>, configPath: string, p: Problems): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [section, body] of Object.entries(file)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      p.add(`${configPath}: '${section}' must be a section such as 'server:' with keys under it`);
      continue;
    }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) flat.set(`${section}.${key}`, value);
  }
  const known = new Set(Object.values(GATEWAY_SETTINGS).map((s) => s.file));
  for (const key of flat.keys()) if (!known.has(key)) p.add(`${configPath}: unknown setting '${key}'`);
  return flat;
}

/** `id:password` per line (a `*` id sets the shared password); blank lines and `#` comments are skipped. */
export function parsePasswordsFile(text: string, where: string, p: Problems): { passwords: Record<string, string>; password?: string } {
  const passwords: Record<string, string> = {};
  let shared: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const at = line.indexOf(':');
    // The id may not contain ':' here; OCPP 2.0.1 forbids it in identities anyway (brief §1.1).
    if (at <= 0 || line.slice(at + 1).trim() === '') return p.add(`${where}:${i + 1}: expected 'id:password' with a password that is not empty or whitespace`);
    const id = line.slice(0, at).trim();
    if (id === '*') shared = line.slice(at + 1);
    else Object.defineProperty(passwords, id, { value: line.slice(at + 1), enumerable: true });
  });
  return { passwords, ...(shared === undefined ? {} : { password: shared }) };
}

async function readText(path: string, label: string, p: Problems): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    p.add(`${label}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return undefined;
  }
}

/**
 * Layers the gateway settings, later winning: defaults < config file (`--config`, YAML with
 * sections server/ocpp/faults/security/log) < environment (SERVER_HOST, SERVER_PORT,
 * SERVER_WEBSOCKET_PATH, SERVER_WORKERS, SERVER_READ_TIMEOUT, SERVER_WRITE_TIMEOUT,
 * MAX_CONNECTIONS, LOG_LEVEL, OCPP_SIM_API_TOKEN, read from `io.env`) < flags given on the command line. Reads the passwords and TLS files.
 * Throws one CliError (exit 104) naming every problem by where its value came from.
 */
export async function resolveGatewayConfig(flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<GatewayCommandConfig> {
  const p = new Problems();
  const configPath = given.has('config') ? resolve(io.cwd, String(flags.config)) : undefined;
  const file = configPath ? flattenFile(await loadConfigFile(configPath), String(flags.config), p) : new Map<string, unknown>();
  const value: Record<string, Raw> = {};
  const label: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [key, setting] of Object.entries(GATEWAY_SETTINGS)) {
    const strict = io.env[gatewayEnvName(key)];
    // A generic name may belong to another tool in the same environment (CI sets LOG_LEVEL for its own): a value the gateway cannot use is skipped with a warning.
    let generic = setting.env === undefined ? undefined : io.env[setting.env];
    const unusable = generic === undefined || generic === '' ? undefined : GENERIC_CHECKS[key]?.(generic);
    if (unusable !== undefined && !given.has(key) && strict === undefined) warnings.push(`${setting.env}=${generic} ignored: ${unusable}; ${file.has(setting.file) ? `using ${setting.file} from ${String(flags.config)}` : `using the default ${String(setting.def)}`} (${gatewayEnvName(key)} is read strictly)`);
    if (unusable !== undefined) generic = undefined;
    if (given.has(key)) [value[key], label[key]] = [flags[key] as Raw, flagName(key)];
    else if (strict !== undefined) [value[key], label[key]] = [key === 'allowedOrigin' ? strict.split(/[,;]/).map((o) => o.trim()).filter(Boolean) : strict, gatewayEnvName(key)];
    else if (generic !== undefined && generic !== '') [value[key], label[key]] = [generic, setting.env as string];
    else if (file.has(setting.file)) [value[key], label[key]] = [file.get(setting.file) as Raw, `${flags.config}: ${setting.file}`];
    else [value[key], label[key]] = [setting.def, flagName(key)];
    if (PATHS.has(key) && typeof value[key] === 'string') value[key] = resolve(label[key]?.includes(': ') ? dirname(configPath as string) : io.cwd, value[key] as string);
  }
  const L = (key: string): string => label[key] as string;
  const str = (key: string): string => String(value[key] ?? '');
  const ms = (key: string, min = 0): number => Math.round(p.durationMs(L(key), str(key), min));
  const ratio = (key: string): number => {
    const n = Number(str(key));
    if (str(key).trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) p.add(`${L(key)} must be a number from 0 to 1 (got '${str(key)}')`);
    return Math.min(1, Math.max(0, n || 0));
  };
  const boot = parseBootPolicy(str('bootStatus'));
  if (typeof boot === 'string' && !BOOT_STATUSES.includes(boot as BootStatus)) p.add(`${L('bootStatus')}: ${boot}`);
  const delay = parseDelaySpec(str('responseDelay'));
  if (typeof delay === 'string') p.add(`${L('responseDelay')}: ${delay}`);
  const validate = value.validate === true || /^(1|true|yes|on)$/i.test(str('validate'));
  if (!validate && !/^(0|false|no|off)$/i.test(str('validate'))) p.add(`${L('validate')} must be true or false (got '${str('validate')}')`);
  const certIdCheck = value.certIdCheck === true || /^(1|true|yes|on)$/i.test(str('certIdCheck'));
  if (!certIdCheck && !/^(0|false|no|off)$/i.test(str('certIdCheck'))) p.add(`${L('certIdCheck')} must be true or false (got '${str('certIdCheck')}')`);
  const rate = Number(str('rateLimit'));
  if (!Number.isFinite(rate) || rate < 0) p.add(`${L('rateLimit')} must be a number of calls per second >= 0 (got '${str('rateLimit')}')`);
  const logLevel = p.oneOf(L('logLevel'), str('logLevel').toLowerCase(), LOG_LEVELS) as LogLevel;
  const logFormat = p.oneOf(L('logFormat'), str('logFormat'), ['text', 'json'] as const);
  if (!str('path').startsWith('/')) p.add(`${L('path')} must start with '/' (got '${str('path')}')`);
  const workers = resolveWorkerCount(str('workers'));
  if (workers === undefined) p.add(`${L('workers')} must be an integer >= 1 or 'auto' (got '${str('workers')}')`);
  const list = (key: string): string[] => (Array.isArray(value[key]) ? (value[key] as unknown[]).map(String) : value[key] === undefined || value[key] === '' ? [] : [str(key)])
    .flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  const idTags = list('idTags');
  const origins = list('allowedOrigin');
  const misbehave = list('misbehave');
  for (const name of misbehave) if (!isMisbehaviour(name)) p.add(`${L('misbehave')}: unknown switch '${name}' (docs/check.md lists them)`);
  const bootStatusById: Record<string, BootStatus> = Object.create(null) as Record<string, BootStatus>;
  for (const entry of list('bootStatusFor')) {
    const match = /^(.+)=(\w+)$/.exec(entry);
    if (match && BOOT_STATUSES.includes(match[2] as BootStatus)) bootStatusById[match[1] as string] = match[2] as BootStatus;
    else p.add(`${L('bootStatusFor')} must be ID=${BOOT_STATUSES.join('|')} (got '${entry}')`);
  }
  const heartbeatSec = p.durationMs(L('heartbeatInterval'), str('heartbeatInterval'), 1000) / 1000;
  const options: Omit<GatewayOptions, 'log'> = {
    host: str('host'), port: p.int(L('port'), str('port'), 0, 65_535), path: str('path'),
    readTimeoutMs: ms('readTimeout', 1), writeTimeoutMs: ms('writeTimeout'), maxConnections: p.int(L('maxConnections'), str('maxConnections'), 0),
    maxPayload: p.int(L('maxMessageSize'), str('maxMessageSize'), 1), maxBufferedBytes: p.int(L('maxBuffered'), str('maxBuffered'), 1),
    maxQueuedCalls: p.int(L('maxQueuedCalls'), str('maxQueuedCalls'), 0), pingIntervalMs: ms('pingInterval'), idleTimeoutMs: ms('idleTimeout'),
    shutdownTimeoutMs: ms('shutdownTimeout'), heartbeatIntervalSec: Math.round(heartbeatSec), callTimeoutMs: ms('callTimeout', 1), validate,
    // A problem string was reported above, and the options are not used when there is one.
    bootStatus: boot as BootPolicy,
    ...(Object.keys(bootStatusById).length > 0 ? { bootStatusById: { ...bootStatusById } } : {}),
    ...(idTags.length > 0 ? { idTags } : {}),
    ...(misbehave.length > 0 ? { misbehave: misbehave.filter(isMisbehaviour) } : {}),
    ...(typeof delay === 'string' ? {} : { responseDelay: delay }),
    rateLimitPerSec: rate || 0,
    ...(value.rateLimitBurst === undefined ? {} : { rateLimitBurst: p.int(L('rateLimitBurst'), str('rateLimitBurst'), 1) }),
    callErrorRatio: ratio('callErrorRatio'), dropRatio: ratio('dropRatio'), unansweredRatio: ratio('unansweredRatio'),
    ...(value.seed === undefined ? {} : { seed: p.int(L('seed'), str('seed'), 0, 0xffff_ffff) }),
    allowedOrigins: origins, allowedHosts: list('allowedHost'), certIdCheck, logLevel,
  };
  const apiToken = await resolveApiToken({ token: value.apiToken, tokenLabel: L('apiToken'), file: value.apiTokenFile, fileLabel: L('apiTokenFile') }, p);
  if (apiToken !== undefined) options.apiToken = apiToken;
  await addSecurity(options, value, label, p);
  p.throwIfAny('gateway');
  return Object.freeze({ options: Object.freeze(options), logFormat, workers: workers ?? 1, warnings });
}

async function addSecurity(options: Omit<GatewayOptions, 'log'>, value: Record<string, Raw>, label: Record<string, string>, p: Problems): Promise<void> {
  const path = (key: string): string | undefined => (typeof value[key] === 'string' && value[key] !== '' ? value[key] as string : undefined);
  const passwordsFile = path('passwordsFile');
  // Given but blank would silently turn authentication off: refused instead.
  if (value.password !== undefined && String(value.password).trim() === '') p.add(`${label.password}: the password is empty or whitespace`);
  const shared = typeof value.password === 'string' && value.password.trim() !== '' ? value.password : undefined;
  if (passwordsFile || shared) {
    const text = passwordsFile ? await readText(passwordsFile, label.passwordsFile as string, p) : undefined;
    const fromFile = text === undefined ? { passwords: {} } : parsePasswordsFile(text, label.passwordsFile as string, p);
    const password = shared ?? fromFile.password;
    options.auth = { passwords: fromFile.passwords, ...(password === undefined ? {} : { password }) };
  }
  const [cert, key, ca] = [path('tlsCert'), path('tlsKey'), path('tlsCa')];
  if ((cert === undefined) !== (key === undefined)) p.add('--tls-cert and --tls-key go together (wss:// needs both)');
  if (ca !== undefined && cert === undefined) p.add('--tls-ca (client certificates) needs --tls-cert and --tls-key');
  if (cert !== undefined && key !== undefined) {
    const [certPem, keyPem, caPem] = await Promise.all([
      readText(cert, label.tlsCert as string, p), readText(key, label.tlsKey as string, p), ca === undefined ? undefined : readText(ca, label.tlsCa as string, p),
    ]);
    if (certPem !== undefined && keyPem !== undefined) options.tls = { cert: certPem, key: keyPem, ...(caPem === undefined ? {} : { ca: caPem }) };
  }
}

/** Thrown for a config problem found only when the gateway starts (e.g. a key not matching its certificate). */
export function tlsStartError(error: Error): CliError {
  return new CliError(`TLS: cannot use the certificate or key: ${error.message}`, EXIT.INVALID_CONFIG, 'check --tls-cert, --tls-key and --tls-ca');
}
