import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';

/** What a handler override learns about the CALL it answers. */
export interface GatewayCallContext {
  readonly chargePointId: string;
  /** The subprotocol of the connection, e.g. `ocpp1.6`. */
  readonly protocol: OcppVersion;
  readonly action: string;
  readonly messageId: string;
}

/**
 * Answers one charge-point-initiated action in place of the built-in handler: return the
 * CALLRESULT payload, or throw an OcppError for a CALLERROR (any other error → InternalError).
 */
export type GatewayHandler = (payload: Payload, ctx: GatewayCallContext) => Payload | Promise<Payload>;

/** A charge point that completed the WebSocket handshake. */
export interface ConnectEvent {
  readonly chargePointId: string;
  readonly protocol: OcppVersion;
  /** "host:port" of the peer. */
  readonly remoteAddress: string;
}

/** A charge point whose socket closed. */
export interface DisconnectEvent {
  readonly chargePointId: string;
  readonly code: number;
  readonly reason: string;
  /** How long the connection lasted, in milliseconds. */
  readonly durationMs: number;
}

/** One text frame on the wire: `in` from the charge point, `out` to it. */
export interface MessageEvent {
  readonly chargePointId: string;
  readonly direction: 'in' | 'out';
  readonly text: string;
}

/** A socket error or a connection dropped by a limit; `chargePointId` is undefined before the handshake. */
export interface ErrorEvent {
  readonly chargePointId: string | undefined;
  readonly error: Error;
}

/** Event hooks of `startGateway`. A hook that throws is logged and otherwise ignored. */
export interface GatewayHooks {
  onConnect?: (event: ConnectEvent) => void;
  onDisconnect?: (event: DisconnectEvent) => void;
  /** Called for every frame both ways: keep it cheap, it runs on the hot path. */
  onMessage?: (event: MessageEvent) => void;
  onError?: (event: ErrorEvent) => void;
}
