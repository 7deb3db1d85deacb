import type { GatewayHandler, GatewayHooks } from './hooks.js';
import type { LogLevel, LogSink } from './logger.js';
import type { Misbehaviour } from './misbehaviours.js';
import type { BootPolicy, BootStatus, DelaySpec } from './policies.js';

export { BOOT_STATUSES, type BootStatus, type BootPolicy, type BootWeights, type DelaySpec } from './policies.js';

/** PEM text or bytes; an array holds several (e.g. an RSA and an ECDSA certificate, security whitepaper §2.4). */
export type Pem = string | Buffer | ReadonlyArray<string | Buffer>;

/** TLS of the OCPP endpoint (security profile 2); with `ca` also client certificates (profile 3). */
export interface GatewayTlsOptions {
  cert: Pem;
  key: Pem;
  /** CA(s) client certificates must chain to: when given, a client without a valid certificate is refused. */
  ca?: Pem;
  passphrase?: string;
}

/** HTTP Basic auth of the upgrade (security profiles 1 and 2): username = charge point id. */
export interface GatewayAuthOptions {
  /** Password per charge point id. */
  passwords?: Readonly<Record<string, string>>;
  /** One password for every id not in `passwords`. */
  password?: string;
}

/** What `startGateway` accepts; every field is optional. Defaults are in `GATEWAY_DEFAULTS`. */
export interface GatewayOptions extends GatewayHooks {
  /** Interface to listen on. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /**
   * As a node:cluster worker, listen on a port of its own (with port 0: a free one each) instead of
   * sharing the primary's, so connections are accepted by the worker without passing the primary.
   * Whoever connects must then spread its connections over the workers' URLs (`run` does).
   */
  exclusivePort?: boolean;
  /** OCPP-J endpoint path; charge points connect to `{path}/{chargePointId}`. */
  path?: string;
  /** `interval` of the BootNotification answer, in seconds. */
  heartbeatIntervalSec?: number;
  /** The BootNotification answer: one status, or weights such as `{ Accepted: 90, Pending: 10 }` drawn with `seed`. */
  bootStatus?: BootPolicy;
  /** BootNotification answers of particular charge point ids, over `bootStatus` (e.g. one id held Pending). */
  bootStatusById?: Readonly<Record<string, BootStatus>>;
  /**
   * The tokens (idTag / idToken) the gateway knows: those are Accepted, any other is Invalid, in
   * Authorize, StartTransaction/StopTransaction and TransactionEvent answers. Absent: every token is Accepted.
   */
  idTags?: readonly string[];
  /** Rules to break on purpose, one per check of `ocpp-sim check` (misbehaviours.ts, docs/check.md). */
  misbehave?: readonly Misbehaviour[];
  /** Timeout of the gateway's own CALLs, in milliseconds. */
  callTimeoutMs?: number;
  /** Validate inbound and outbound payloads against the official schemas. */
  validate?: boolean;
  /** Largest inbound WebSocket message accepted, in bytes; a larger one closes the socket with 1009. */
  maxPayload?: number;
  /** Every answer leaves this long after its CALL arrived, in milliseconds. `responseDelay` wins when both are set. */
  responseDelayMs?: number;
  /** Delay of every answer drawn from a distribution (milliseconds), e.g. `{ kind: 'uniform', minMs: 100, maxMs: 500 }`. */
  responseDelay?: DelaySpec;
  /** Share of charge-point CALLs answered with a CALLERROR InternalError, 0–1. */
  callErrorRatio?: number;
  /** Share of charge-point CALLs after which the TCP connection is cut without a close frame, 0–1. */
  dropRatio?: number;
  /** Share of charge-point CALLs never answered, 0–1. */
  unansweredRatio?: number;
  /** Seed of every random choice (boot weights, delays, fault ratios); the same seed replays the same choices. */
  seed?: number;
  /** Open connections at most; further upgrades get HTTP 503. 0 = no limit. */
  maxConnections?: number;
  /** Interval of WebSocket pings to every connection, in milliseconds; 0 = no pings. */
  pingIntervalMs?: number;
  /** A connection silent this long (no message, no pong) is terminated, in milliseconds; 0 = never. */
  idleTimeoutMs?: number;
  /** Time allowed to receive an HTTP request's headers and body (upgrade or API), in milliseconds. */
  readTimeoutMs?: number;
  /** A connection whose outgoing data has not drained to the kernel for this long is terminated, in milliseconds; 0 = never. */
  writeTimeoutMs?: number;
  /** A connection with more outgoing bytes than this waiting to be written (a peer that does not read) is terminated at once. */
  maxBufferedBytes?: number;
  /** Gateway CALLs that may wait per connection behind the one in flight; a further call is refused at once (call API: 429). */
  maxQueuedCalls?: number;
  /** Sustained inbound CALLs per second per connection; extra CALLs get CALLERROR GenericError. 0 = no limit. */
  rateLimitPerSec?: number;
  /** Inbound CALLs a connection may send in a burst above the rate; default: the rate, at least 1. */
  rateLimitBurst?: number;
  /** Upper bound of `close()` waiting for answers in flight, in milliseconds (the closing handshake adds up to 2 s). */
  shutdownTimeoutMs?: number;
  /** HTTP Basic auth of charge points (security profile 1, or 2 with `tls`). */
  auth?: GatewayAuthOptions;
  /** TLS: wss:// (profile 2), with `tls.ca` mutual TLS (profile 3). */
  tls?: GatewayTlsOptions;
  /** With mutual TLS: the client certificate's subject CN must equal the charge point id, else 403 (turn off for test PKIs). */
  certIdCheck?: boolean;
  /**
   * Origins allowed: an upgrade carrying another `Origin` gets HTTP 403 (empty = any); an HTTP
   * API request carrying an `Origin` not listed gets 403 (empty = none: no cross-site calls).
   */
  allowedOrigins?: readonly string[];
  /**
   * The HTTP API's credential: every endpoint but /health and /metrics needs
   * `Authorization: Bearer <apiToken>`. Without it the API is open on a loopback host with no
   * charge point authentication, and answers 401 otherwise. 16+ printable ASCII characters.
   */
  apiToken?: string;
  /** Host names the HTTP API accepts in `Host` besides the listening ones (docs/security.md); others get 403. */
  allowedHosts?: readonly string[];
  /** Handlers replacing the built-in answer of an action, for every served version. */
  handlers?: Readonly<Record<string, GatewayHandler>>;
  /** Least severe level logged. */
  logLevel?: LogLevel;
  /** Receives one record per event at or above `logLevel`; nothing is logged without it. */
  log?: LogSink;
}

type WithDefault = 'host' | 'port' | 'path' | 'heartbeatIntervalSec' | 'bootStatus' | 'callTimeoutMs' | 'validate' | 'maxPayload'
  | 'responseDelayMs' | 'callErrorRatio' | 'dropRatio' | 'unansweredRatio' | 'maxConnections' | 'pingIntervalMs' | 'idleTimeoutMs'
  | 'readTimeoutMs' | 'writeTimeoutMs' | 'maxBufferedBytes' | 'maxQueuedCalls' | 'rateLimitPerSec' | 'shutdownTimeoutMs' | 'allowedOrigins' | 'allowedHosts' | 'certIdCheck'
  | 'logLevel';

/** Options with every default filled in (`seed` chosen, `responseDelay` and `rateLimitBurst` derived); frozen. */
export type ResolvedGatewayOptions = Readonly<Required<Pick<GatewayOptions, WithDefault>> & Omit<GatewayOptions, WithDefault>
  & { seed: number; responseDelay: DelaySpec; rateLimitBurst: number }>;

/** Every default of the gateway, in one place (docs/gateway.md lists them). */
export const GATEWAY_DEFAULTS: Readonly<Required<Pick<GatewayOptions, WithDefault>>> = Object.freeze({
  host: '127.0.0.1',
  port: 0,
  path: '/ocpp',
  heartbeatIntervalSec: 60,
  bootStatus: 'Accepted',
  callTimeoutMs: 30_000,
  validate: true,
  maxPayload: 65_536,
  responseDelayMs: 0,
  callErrorRatio: 0,
  dropRatio: 0,
  unansweredRatio: 0,
  maxConnections: 0,
  pingIntervalMs: 30_000,
  idleTimeoutMs: 70_000,
  readTimeoutMs: 10_000,
  writeTimeoutMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxQueuedCalls: 100,
  rateLimitPerSec: 0,
  shutdownTimeoutMs: 5_000,
  allowedOrigins: Object.freeze([]),
  allowedHosts: Object.freeze([]),
  certIdCheck: true,
  logLevel: 'info',
});
