import type { Payload } from '../protocol/frame.js';
import type { ConnectionInfo } from './charge-point-connection.js';
import type { GatewayStats } from './gateway-state.js';
import type { OutageAnswer } from './outage.js';
import type { UploadsDescription } from './upload-store.js';

/** A running embedded central system. */
export interface Gateway {
  /** The TCP port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** The OCPP-J endpoint URL charge points append `/{chargePointId}` to, e.g. ws://127.0.0.1:9000/ocpp (wss:// with TLS). */
  readonly url: string;
  /** Base URL of the HTTP endpoints, e.g. http://127.0.0.1:9000 (https:// with TLS). */
  readonly httpUrl: string;
  /** The seed of every random choice; pass it back as `seed` to replay a run's faults. */
  readonly seed: number;
  /** Charge points connected now. */
  readonly connectionCount: number;
  /** Sends a CALL to a connected charge point; resolves with its CALLRESULT payload, rejects with OcppError, RpcError or GatewayError. */
  call(chargePointId: string, action: string, payload: Payload): Promise<Payload>;
  /** A simulated outage: drops every connection (no closing handshake) and refuses upgrades (503) for `durationMs`. */
  outage(durationMs: number): OutageAnswer;
  /** The connected charge points as rows of GET /connections, by id. */
  connections(): Record<string, ConnectionInfo>;
  /** The Prometheus text of GET /metrics. */
  metrics(): string;
  /** A plain snapshot of the counters. */
  stats(): GatewayStats;
  /** What charge points uploaded to `/uploads/{name}` (GetDiagnostics, GetLog): totals and the newest records. */
  uploads(): UploadsDescription;
  /**
   * Stops accepting connections (503), waits up to `shutdownTimeoutMs` for answers in flight,
   * closes every socket with 1001 (destroying those that do not finish within 2 s), then the
   * HTTP server and the timers. Idempotent.
   */
  close(): Promise<void>;
}
