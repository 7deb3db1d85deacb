import type { Scheduler } from '../clock/scheduler.js';
import type { BackoffPolicy } from './backoff.js';
import type { TransportError } from './errors.js';

// What a Connection is given (ConnectionOptions, TlsSettings, a HandshakeGate) and whom it tells
// (ConnectionListener).

/** Receives a connection's events; a charge point implements it, so a connection holds no closures of its own. */
export interface ConnectionListener {
  /** The upgrade succeeded with `protocol`, one of those offered. */
  onOpen(protocol: string, connectMs: number): void;
  onMessage(text: string): void;
  /** An open connection ended; a reconnect follows unless the connection was stopped. */
  onClose(code: number, reason: string): void;
  /** A connection attempt failed; a retry follows unless `error.fatal` or stopped. */
  onConnectFailed(error: TransportError, attempt: number): void;
  /** A retry is scheduled in `delayMs`. */
  onBackoff(delayMs: number): void;
  /** An attempt (first or retry) is starting. */
  onConnecting?(): void;
}

/** Runs `fn` when a handshake slot is free: handshakeGate (handshake-gate.ts) in the fleet, direct in tests. */
export type HandshakeGate = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * How a connection connects, apart from its URL: one object can serve every connection of a
 * fleet that has no per-connection headers, TLS or source address (connection-for.ts shares it).
 */
export interface ConnectionOptions {
  /** Subprotocols offered, in order of preference (OCPP-J §3.1.2). */
  protocols: readonly string[];
  backoff: BackoffPolicy;
  scheduler: Scheduler;
  handshakeTimeoutMs: number;
  /** Largest inbound message accepted, in bytes. */
  maxPayload: number;
  random: () => number;
  gate?: HandshakeGate;
  /**
   * Milliseconds between WebSocket pings while open (OCPP `WebSocketPingInterval`, in ms);
   * 0 or absent: no pings. A ping still unanswered at the next one ends the socket (1006)
   * and a reconnect follows. Connections on the same scheduler share one keep-alive timer.
   */
  pingIntervalMs?: number;
  /** HTTP headers of the upgrade request, e.g. `Authorization` for OCPP security profile 1/2. */
  headers?: Readonly<Record<string, string>>;
  /** TLS settings for wss:// (security profiles 2 and 3); PEM text. */
  tls?: Readonly<TlsSettings>;
  /** Source IP address of the socket (`--local-address`), so one host can use more than ~28k ephemeral ports towards one server. */
  localAddress?: string;
}

/** Client TLS: the CA to trust, a client certificate and key (mutual TLS), or no verification at all. */
export interface TlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
  /** Accept any server certificate (self-signed test servers); never for production. */
  insecure?: boolean;
}

