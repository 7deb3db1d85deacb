import type { ClientRequest, IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { Timer } from '../clock/scheduler.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { attemptOf, tagAttempt, type Attempt } from './attempt.js';
import { TransportError, classifyWsError, closeCodeOfWsError, httpRefusal } from './errors.js';
import { sharedKeepAlive, type KeepAlive } from './keep-alive.js';
import { RETRY_AFTER_STATUSES, parseRetryAfter, retryAfterDelay } from './retry-after.js';
import type { ConnectionListener, ConnectionOptions, HandshakeGate } from './connection-types.js';

export type { ConnectionListener, ConnectionOptions, HandshakeGate, TlsSettings } from './connection-types.js';

/** Close code reported when the keep-alive found the peer dead: no closing handshake took place (RFC 6455 §7.1.5). */
export const ABNORMAL_CLOSURE = 1006;

/** Unwritten pongs at which a socket is cut (ws's own default for its autoPong): a ping flood from a peer that does not read. */
export const MAX_PENDING_PONGS = 60;

/** How the reason of a socket cut for a backlog of writes starts, so a listener can count it. */
export const BACKLOG_REASON = 'peer does not read';

const directGate: HandshakeGate = (fn) => fn();
// Bytes would go as a binary frame without this (OCPP-J is text only, §4.1.2).
const TEXT_FRAME = Object.freeze({ binary: false });

/**
 * A WebSocket client that reconnects by itself. It knows no OCPP beyond subprotocol names:
 * the negotiated subprotocol must be one offered, per-message deflate is off, and after a
 * failure it waits `backoffDelay(attempt)` (full jitter or OCPP's RetryBackOff), the count reset
 * after a successful upgrade.
 * With `pingIntervalMs`, a peer that stops answering pings (half-open link) is dropped with
 * 1006 within two intervals and reconnected. It stops only when `stop()` is called or an
 * attempt fails with a fatal error.
 */
export class Connection {
  private readonly url: string;
  private readonly opts: ConnectionOptions;
  private readonly listener: ConnectionListener;
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = true;
  private retry: Timer | null = null;
  /** Scheduler time before which no reconnect is tried (`cut`). */
  private holdUntil = 0;
  private readonly keepAlive: KeepAlive | null;
  private backoffPolicy: BackoffPolicy;

  /** Throws a RangeError at once for a negative or non-finite `pingIntervalMs`. */
  constructor(url: string, opts: ConnectionOptions, listener: ConnectionListener) {
    const ping = opts.pingIntervalMs ?? 0;
    if (!Number.isFinite(ping) || ping < 0) throw new RangeError(`pingIntervalMs must be 0 (off) or a positive number of milliseconds (got ${ping})`);
    this.url = url;
    this.opts = opts;
    this.backoffPolicy = opts.backoff;
    this.listener = listener;
    this.keepAlive = ping > 0 ? sharedKeepAlive(opts.scheduler, ping) : null;
  }

  /** The back-off of the next retries. */
  get backoff(): BackoffPolicy {
    return this.backoffPolicy;
  }

  /** Changes the back-off from the next retry on (the attempt count is kept). */
  set backoff(policy: BackoffPolicy) {
    this.backoffPolicy = policy;
  }

  /** True while a socket is open. */
  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Connects now; resolves when this first attempt opened or failed. */
  start(): Promise<void> {
    this.stopped = false;
    return this.connect();
  }

  /**
   * Sends one text frame, as a string or as its UTF-8 bytes; returns false, dropping it, when
   * the socket is not open (also while it is closing: a Reset's reconnect has begun), so a
   * caller can tell a frame never left.
   */
  send(text: string | Buffer): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    if (typeof text === 'string') this.ws.send(text);
    else this.ws.send(text, TEXT_FRAME);
    return true;
  }

  /**
   * Sends several text frames in one TCP write, so the peer reads them in one go (the RPC rule
   * checks send a repeated message id this way); false, sending none, when the socket is not open.
   */
  sendTogether(texts: readonly string[]): boolean {
    const ws = this.ws;
    if (ws?.readyState !== WebSocket.OPEN) return false;
    // ws keeps its net.Socket in `_socket`: corking it turns the frames' writes into one.
    const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    socket?.cork();
    for (const text of texts) ws.send(text);
    socket?.uncork();
    return true;
  }

  /**
   * Sends one WebSocket ping (RFC 6455 §5.5.2) and resolves with the round trip in milliseconds
   * when its pong arrives within `timeoutMs`, or undefined (timed out, or not open).
   */
  ping(timeoutMs: number): Promise<number | undefined> {
    const ws = this.ws;
    if (ws?.readyState !== WebSocket.OPEN) return Promise.resolve(undefined);
    const sentAt = performance.now();
    return new Promise((resolve) => {
      const done = (value: number | undefined): void => {
        clearTimeout(timer);
        ws.off('pong', onPong);
        ws.off('close', onClose);
        resolve(value);
      };
      const onPong = (): void => done(performance.now() - sentAt);
      const onClose = (): void => done(undefined);
      const timer = setTimeout(() => done(undefined), timeoutMs);
      ws.on('pong', onPong);
      ws.once('close', onClose);
      ws.ping();
    });
  }

  /** Closes the socket to trigger a reconnect (Reset, scripted flapping). */
  drop(code = 1000, reason = 'reconnect'): void {
    this.ws?.close(code, reason);
  }

  /** Closes for good: no reconnect follows. */
  stop(code = 1000, reason = 'run finished'): void {
    this.stopped = true;
    this.retry?.cancel();
    this.retry = null;
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  }

  /**
   * Drops the socket without a closing handshake, as a lost link does, and tries no reconnect
   * for `holdMs`; after that the back-off applies as after any drop.
   */
  cut(holdMs: number): void {
    this.holdUntil = this.opts.scheduler.now() + holdMs;
    if (this.retry) {
      // Already waiting to retry: the wait now lasts at least until the hold ends.
      this.retry.cancel();
      this.retry = null;
      this.scheduleRetry();
    }
    this.ws?.terminate();
  }

  /** Closes for good without a closing handshake, for when the run must end now. */
  terminate(): void {
    this.stop();
    this.ws?.terminate();
  }

  private connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const gate = this.opts.gate ?? directGate;
    return gate(() => this.attemptOnce());
  }

  private attemptOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const { protocols, handshakeTimeoutMs, maxPayload, scheduler, headers, tls, localAddress } = this.opts;
    const url = this.url;
    const startedAt = scheduler.now();
    this.listener.onConnecting?.();
    return new Promise<void>((resolve) => {
      const ws = new WebSocket(url, protocols as string[], {
        perMessageDeflate: false, handshakeTimeout: handshakeTimeoutMs, maxPayload,
        // Pongs are written by socketPinged, which names a ping flood (ws would cut it silently).
        autoPong: false,
        ...(headers ? { headers: headers as Record<string, string> } : {}),
        ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecure } : {}),
        ...(localAddress ? { localAddress } : {}),
      });
      tagAttempt(ws, { connection: this, startedAt, resolve, opened: false, failure: null, refused: null, expired: false, pendingPongs: 0 });
      this.ws = ws;
      // The handshake's listeners; those of an open socket replace them in socketOpened.
      ws.on('open', Connection.socketOpened);
      ws.on('unexpected-response', Connection.socketRefused);
      ws.on('error', Connection.socketError);
      ws.on('close', Connection.socketClosed);
    });
  }

  /**
   * Swaps the handshake's listeners of `ws` for those of an open socket. `ws` emits 'open' before
   * it reads anything after the upgrade, so no message or ping comes earlier. An emitter keeps its
   * listeners in a dictionary that never shrinks: with at most five event names at a time it
   * stays in the smaller size (about 190 bytes less per socket than with all of them at once).
   */
  private static listenWhileOpen(ws: WebSocket, keepAlive: boolean): void {
    ws.off('open', Connection.socketOpened);
    ws.off('unexpected-response', Connection.socketRefused);
    ws.on('message', Connection.socketMessage);
    ws.on('ping', Connection.socketPinged);
    if (keepAlive) ws.on('pong', Connection.socketPonged);
  }

  /** The upgrade of `ws` succeeded. */
  private opened(ws: WebSocket, attempt: Attempt): void {
    attempt.opened = true;
    this.attempt = 0;
    attempt.resolve?.();
    attempt.resolve = null;
    if (this.stopped) {
      ws.close(1000, 'run finished');
      return;
    }
    this.keepAlive?.watch(ws, Connection.socketExpired);
    this.listener.onOpen(ws.protocol, this.opts.scheduler.now() - attempt.startedAt);
  }

  private errored(attempt: Attempt, error: Error & { code?: string }): void {
    if (!attempt.opened) attempt.failure ??= classifyWsError(error, this.url);
    else {
      // `ws` sent a close frame with this code and stopped reading, so its own close event
      // would only say 1006: report the code we closed with and why.
      const code = closeCodeOfWsError(error);
      if (code !== undefined) attempt.refused ??= { code, reason: error.message };
    }
  }

  private closed(ws: WebSocket, attempt: Attempt, code: number, reason: Buffer): void {
    if (this.ws === ws) this.ws = null;
    this.keepAlive?.unwatch(ws);
    const resolve = attempt.resolve ?? ((): void => {});
    attempt.resolve = null;
    if (attempt.expired) {
      this.listener.onClose(ABNORMAL_CLOSURE, `no pong within ${this.keepAlive?.intervalMs ?? 0} ms`);
    } else if (attempt.refused) this.listener.onClose(attempt.refused.code, attempt.refused.reason);
    else if (attempt.opened) this.listener.onClose(code, reason.toString());
    else if (this.stopped) resolve();
    else {
      const error = attempt.failure ?? new TransportError('E_SOCKET', `${this.url}: connection closed during the handshake`);
      this.listener.onConnectFailed(error, this.attempt);
      resolve();
      if (error.fatal) {
        this.stopped = true;
        return;
      }
    }
    this.scheduleRetry(attempt.opened ? undefined : attempt.failure?.retryAfterMs);
  }

  // The listeners of every socket, shared: each finds its attempt (and connection) on the socket.
  private static socketOpened(this: WebSocket): void {
    const attempt = attemptOf(this);
    Connection.listenWhileOpen(this, attempt.connection.keepAlive !== null);
    attempt.connection.opened(this, attempt);
  }

  private static socketPonged(this: WebSocket): void {
    attemptOf(this).connection.keepAlive?.pong(this);
  }

  /**
   * Answers a ping with a pong (autoPong is off). With MAX_PENDING_PONGS pongs still unwritten
   * (a ping flood from a peer that does not read) the socket is cut instead, with that reason.
   */
  private static socketPinged(this: WebSocket, data: Buffer): void {
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

  private static socketMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    // OCPP-J is text only (§4.1.2): a binary frame is handed on as text so the session reports it.
    attemptOf(this).connection.listener.onMessage(isBinary ? '<binary frame>' : data.toString());
  }

  /**
   * The server answered the upgrade with another HTTP status. With this listener `ws` leaves the
   * request to us: the refusal (and a 503/429 Retry-After) is noted, then the attempt aborted,
   * which ends it like any failed handshake (error, then close).
   */
  private static socketRefused(this: WebSocket, _request: ClientRequest, response: IncomingMessage): void {
    const attempt = attemptOf(this);
    const status = response.statusCode ?? 0;
    const retryAfterMs = RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(response.headers['retry-after'], Date.now()) : undefined;
    attempt.failure ??= httpRefusal(status, attempt.connection.url, retryAfterMs);
    this.terminate();
  }

  private static socketError(this: WebSocket, error: Error): void {
    const attempt = attemptOf(this);
    attempt.connection.errored(attempt, error);
  }

  private static socketClosed(this: WebSocket, code: number, reason: Buffer): void {
    const attempt = attemptOf(this);
    attempt.connection.closed(this, attempt, code, reason);
  }

  private static socketExpired(ws: WebSocket): void {
    attemptOf(ws).expired = true;
  }

  /** Schedules the next attempt after the back-off, or after a refusal's Retry-After (`retryAfterMs`) when that is longer. */
  private scheduleRetry(retryAfterMs?: number): void {
    if (this.stopped) return;
    const backoff = backoffDelay(this.attempt++, this.backoffPolicy, this.opts.random);
    const wanted = retryAfterMs === undefined ? backoff : retryAfterDelay(retryAfterMs, backoff, this.opts.random);
    const delay = Math.max(wanted, this.holdUntil - this.opts.scheduler.now());
    this.listener.onBackoff(delay);
    this.retry = this.opts.scheduler.schedule(delay, () => {
      this.retry = null;
      void this.connect();
    });
  }
}
