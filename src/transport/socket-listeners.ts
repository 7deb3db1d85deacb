import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { attemptOf } from './attempt.js';
import { classifyWsError, closeCodeOfWsError, httpRefusal } from './errors.js';
import { RETRY_AFTER_STATUSES, parseRetryAfter } from './retry-after.js';

// The listeners of every Connection's socket, shared: each finds its attempt (and connection) on
// the socket (attempt.ts), so a socket holds no closures of its own.

/** Close code reported when the keep-alive found the peer dead: no closing handshake took place (RFC 6455 §7.1.5). */
export const ABNORMAL_CLOSURE = 1006;

/** Unwritten pongs at which a socket is cut (ws's own default for its autoPong): a ping flood from a peer that does not read. */
export const MAX_PENDING_PONGS = 60;

/** How the reason of a socket cut for a backlog of writes starts, so a listener can count it. */
export const BACKLOG_REASON = 'peer does not read';

/** Puts the handshake's listeners on a new socket; those of an open socket replace them in socketOpened. */
export function listenWhileConnecting(ws: WebSocket): void {
  ws.on('open', socketOpened);
  ws.on('unexpected-response', socketRefused);
  ws.on('error', socketError);
  ws.on('close', socketClosed);
}

/**
 * Swaps the handshake's listeners of `ws` for those of an open socket. `ws` emits 'open' before
 * it reads anything after the upgrade, so no message or ping comes earlier. An emitter keeps its
 * listeners in a dictionary that never shrinks: with at most five event names at a time it
 * stays in the smaller size (about 190 bytes less per socket than with all of them at once).
 */
function listenWhileOpen(ws: WebSocket, keepAlive: boolean): void {
  ws.off('open', socketOpened);
  ws.off('unexpected-response', socketRefused);
  ws.on('message', socketMessage);
  ws.on('ping', socketPinged);
  if (keepAlive) ws.on('pong', socketPonged);
}

function socketOpened(this: WebSocket): void {
  const attempt = attemptOf(this);
  listenWhileOpen(this, attempt.connection.keepAlive !== null);
  attempt.connection.opened(this, attempt);
}

function socketPonged(this: WebSocket): void {
  attemptOf(this).connection.keepAlive?.pong(this);
}

/**
 * Answers a ping with a pong (autoPong is off). With MAX_PENDING_PONGS pongs still unwritten
 * (a ping flood from a peer that does not read) the socket is cut instead, with that reason.
 */
function socketPinged(this: WebSocket, data: Buffer): void {
  if (this.readyState !== WebSocket.OPEN) return;
  const attempt = attemptOf(this);
  if (attempt.pendingPongs >= MAX_PENDING_PONGS) {
    attempt.refused ??= { code: ABNORMAL_CLOSURE, reason: `${BACKLOG_REASON}: ${MAX_PENDING_PONGS} pongs waiting to be written (a ping flood)` };
    this.terminate();
    return;
  }
  attempt.pendingPongs++;
  this.pong(data, undefined, () => { attempt.pendingPongs--; });
}

function socketMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  // OCPP-J is text only (§4.1.2): a binary frame is handed on as text so the session reports it.
  attemptOf(this).connection.listener.onMessage(isBinary ? '<binary frame>' : data.toString());
}

/**
 * The server answered the upgrade with another HTTP status. With this listener `ws` leaves the
 * request to us: the refusal (and a 503/429 Retry-After) is noted, then the attempt aborted,
 * which ends it like any failed handshake (error, then close).
 */
function socketRefused(this: WebSocket, _request: ClientRequest, response: IncomingMessage): void {
  const attempt = attemptOf(this);
  const status = response.statusCode ?? 0;
  const retryAfterMs = RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined;
  attempt.failure ??= httpRefusal(status, attempt.connection.url, retryAfterMs);
  this.terminate();
}

function socketError(this: WebSocket, error: Error & { code?: string }): void {
  const attempt = attemptOf(this);
  if (!attempt.opened) attempt.failure ??= classifyWsError(error, attempt.connection.url);
  else {
    // `ws` sent a close frame with this code and stopped reading, so its own close event
    // would only say 1006: report the code we closed with and why.
    const code = closeCodeOfWsError(error);
    if (code !== undefined) attempt.refused ??= { code, reason: error.message };
  }
}

function socketClosed(this: WebSocket, code: number, reason: Buffer): void {
  const attempt = attemptOf(this);
  attempt.connection.closed(this, attempt, code, reason);
}

/** Told by the keep-alive that `ws` missed a pong and is being terminated. */
export function socketExpired(ws: WebSocket): void {
  attemptOf(ws).expired = true;
}
