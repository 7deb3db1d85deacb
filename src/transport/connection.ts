import WebSocket from 'ws';
import type { Timer } from '../clock/scheduler.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { tagAttempt, type Attempt } from './attempt.js';
import { TransportError } from './errors.js';
import { sharedKeepAlive, type KeepAlive } from './keep-alive.js';
import { retryAfterDelay } from './retry-after.js';
import type { ConnectionListener, ConnectionOptions, HandshakeGate } from './connection-types.js';
import { ABNORMAL_CLOSURE, listenWhileConnecting, socketExpired } from './socket-listeners.js';

export type { ConnectionListener, ConnectionOptions, HandshakeGate, TlsSettings } from './connection-types.js';
export { ABNORMAL_CLOSURE, BACKLOG_REASON, MAX_PENDING_PONGS } from './socket-listeners.js';

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
  /** The URL, the listener, the keep-alive, `opened` and `closed` are for the socket's listeners (socket-listeners.ts). */
  readonly url: string;
  private readonly opts: ConnectionOptions;
  readonly listener: ConnectionListener;
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = true;
  private retry: Timer | null = null;
  /** Scheduler time before which no reconnect is tried (`cut`). */
  private holdUntil = 0;
  readonly keepAlive: KeepAlive | null;
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
   * caller can tell a frame never left. A string goes as its bytes: ws masks bytes it may not
   * change into one buffer with the frame's header, one socket write, where a string's header
   * and payload go as two writes joined by cork (Node's writev path). With 10,000 booting at
   * once the run's CPU fell by 4–12% (docs/benchmarks.md, "One write per frame").
   */
  send(text: string | Buffer): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(typeof text === 'string' ? Buffer.from(text) : text, TEXT_FRAME);
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
      listenWhileConnecting(ws);
    });
  }

  /** The upgrade of `ws` succeeded. */
  opened(ws: WebSocket, attempt: Attempt): void {
    attempt.opened = true;
    this.attempt = 0;
    attempt.resolve?.();
    attempt.resolve = null;
    if (this.stopped) {
      ws.close(1000, 'run finished');
      return;
    }
    this.keepAlive?.watch(ws, socketExpired);
    this.listener.onOpen(ws.protocol, this.opts.scheduler.now() - attempt.startedAt);
  }

  /** `ws` closed: tells the listener how (an open socket's close, or a failed attempt) and schedules the retry. */
  closed(ws: WebSocket, attempt: Attempt, code: number, reason: Buffer): void {
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
