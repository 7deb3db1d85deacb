import type { Scheduler } from '../clock/scheduler.js';
import type { Recorder } from '../metrics/recorder.js';
import type { SchemaCheck } from '../protocol/validator.js';
import type { BackoffPolicy } from '../transport/backoff.js';
import type { HandshakeGate } from '../transport/connection.js';
import type { FleetTls } from './client-certificates.js';
import type { OfflineSettings } from './offline-link.js';
import type { TransportError } from '../transport/errors.js';
import type { ReconnectSettings } from './reconnect-policy.js';
import type { ChargePointState } from './states.js';

/** What a charge point needs of a frame tracer. */
export interface FrameTracerLike {
  wants(id: string): boolean;
  record(chargePoint: string, dir: 'in' | 'out', text: string): void;
}

/**
 * Everything charge points share: one object per fleet, so a charge point holds a reference
 * instead of copies of settings and callbacks.
 */
export interface FleetContext {
  scheduler: Scheduler;
  recorder: Recorder;
  /** Schema validation of both directions; undefined turns it off. */
  validator: SchemaCheck | undefined;
  /** Endpoint URL; the charge point id is appended as the last path segment. */
  baseUrl: string;
  /** Several endpoints of one central system: the charge point with fleet index i uses entry i mod length instead of `baseUrl`. */
  baseUrls?: readonly string[];
  callTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** WebSocket ping interval in ms; a ping unanswered by the next drops the connection. 0 or undefined: off. */
  pingIntervalMs?: number;
  /** HTTP Basic password (security profiles 1/2): the username is each charge point's id. */
  password?: string;
  /** TLS settings for wss:// (profiles 2 and 3), with per-charge-point client certificates when given. */
  tls?: FleetTls;
  /** Source addresses of the fleet's sockets: the charge point with fleet index i uses entry i mod length (⌊i / baseUrls⌋ mod length with several baseUrls: source-address.ts). */
  localAddresses?: readonly string[];
  maxPayload: number;
  backoff: BackoffPolicy;
  /** With `--reconnect`: the policy per version (reconnect-policy.ts); absent: `backoff` for every charge point. */
  reconnect?: ReconnectSettings;
  /** `--offline-queue` / `--offline-drop`: override the scenario's `offline:` option (chargepoint/offline-queue.ts). */
  offline?: OfflineSettings;
  /** Seconds to wait before retrying BootNotification when the answer's interval is 0 or the call failed. */
  bootRetrySec: number;
  /** Heartbeat interval until the central system sets one, in seconds. */
  defaultHeartbeatSec: number;
  random: () => number;
  /**
   * `--seed`: makes scenario templates (`{{random.…}}`) and random waits repeatable; each charge
   * point draws from its own PRNG seeded from this and its fleet index. Undefined: seeded from `random`.
   */
  seed?: number;
  /** Records frames of the charge points it wants, for `--trace`; undefined when not tracing. */
  tracer: FrameTracerLike | undefined;
  gate: HandshakeGate;
  /** Called on every state change, so the fleet keeps counts without scanning. */
  stateChanged(from: ChargePointState, to: ChargePointState): void;
  /** Called once per charge point, the first time its boot is Accepted. */
  firstBoot(): void;
  /** Called once per charge point, the first time it connects. */
  firstConnect(): void;
  /** Called with +1 when a socket opens and -1 when it closes. */
  socketsChanged(delta: 1 | -1): void;
  /** Called as every connection attempt (first or retry) starts. */
  attempting?(): void;
  /** Called every time the boot of the charge point with fleet index `index` is Accepted. */
  bootAccepted?(index: number): void;
  /** Called for every message sent from an offline queue (the outage storm counts them). */
  queueFlushed?(): void;
  /** Called with +1 when a charge point that never connected fails for a local cause (TransportError.local), -1 when it connects after all. */
  localFailure(delta: 1 | -1): void;
  /** Called on every failed connection attempt. */
  connectFailed(id: string, error: TransportError): void;
}
