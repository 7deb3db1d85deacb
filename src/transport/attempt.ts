import type WebSocket from 'ws';
import type { Connection } from './connection.js';
import type { TransportError } from './errors.js';

/**
 * What one connection attempt knows, kept on its socket: the socket's listeners
 * (socket-listeners.ts) are shared by every connection and find it there, so an open
 * connection holds no closures of its own.
 */
export interface Attempt {
  readonly connection: Connection;
  readonly startedAt: number;
  /** Settles the attempt's promise (the handshake slot); null once settled. */
  resolve: (() => void) | null;
  opened: boolean;
  failure: TransportError | null;
  /** Set when we closed an open socket because the peer sent what `ws` refuses (too big, not UTF-8). */
  refused: { code: number; reason: string } | null;
  /** Set when the keep-alive terminated the socket for a missed pong. */
  expired: boolean;
  /** Pongs we wrote that have not reached the socket yet. */
  pendingPongs: number;
}

const ATTEMPT = Symbol('ocpp-sim connection attempt');
type TaggedSocket = WebSocket & { [ATTEMPT]: Attempt };

/** Keeps `attempt` on its socket. */
export function tagAttempt(ws: WebSocket, attempt: Attempt): void {
  (ws as TaggedSocket)[ATTEMPT] = attempt;
}

/** The attempt a socket belongs to. */
export function attemptOf(ws: WebSocket): Attempt {
  return (ws as TaggedSocket)[ATTEMPT];
}
