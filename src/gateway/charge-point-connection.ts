import WebSocket from 'ws';
import { RpcSession, type CallOutcome, type Channel, type HandlerTable, type SessionObserver } from '../protocol/rpc-session.js';
import { describeValue } from '../protocol/json-depth.js';
import type { SchemaCheck } from '../protocol/validator.js';
import { MAX_KEY_LENGTH } from '../metrics/bounded-keys.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { GatewayOwner } from './handler-pipeline.js';
import type { BootStatus } from './options.js';
import { actsOnFrames, misbehaveOnFrame, type WireTarget } from './misbehave-wire.js';
import type { Misbehaviour } from './misbehaviours.js';
import { redactFrame } from './redact.js';
import { callHook, type GatewayServices } from './services.js';
import { closeWithin } from './socket-shutdown.js';
import { TokenBucket } from './token-bucket.js';

/** Unwritten pongs at which a connection is cut: a ping flood from a peer that does not read (ws's own default for its autoPong). */
export const MAX_PENDING_PONGS = 60;

// A prepared frame is a Buffer: ws would send it as binary without this (OCPP-J is text only, §4.1.2).
const TEXT_FRAME = Object.freeze({ binary: false });

/** One row of GET /connections; field names are the endpoint's wire format. */
export interface ConnectionInfo {
  last_activity: string;
  connected_at: string;
  remote_addr: string;
  /** The negotiated OCPP subprotocol, e.g. `ocpp1.6`. */
  protocol: OcppVersion;
  /** Same as `protocol` (kept for older readers). */
  subprotocol: OcppVersion;
  boot_status: BootStatus | null;
  /** Action of the last CALL received from the charge point (as /metrics labels it: long or unusual names are `_other`), or null. */
  last_message: string | null;
}

/** Everything a connection's session needs besides its socket; shared by all connections of a version. */
export interface SessionSettings {
  readonly handlers: HandlerTable<GatewayOwner>;
  readonly callTimeoutMs: number;
  readonly validator: SchemaCheck | undefined;
  /** Rules broken on purpose (`misbehave`); empty normally. */
  readonly misbehave: ReadonlySet<Misbehaviour>;
  readonly maxQueuedCalls: number;
}

/**
 * One connected charge point: its socket, its RpcSession and the fields of /connections and the
 * liveness checks. It is the session's channel, owner and observer at once, so a socket costs
 * this object and its session: no closures or timers of its own.
 */
export class ChargePointConnection implements GatewayOwner, Channel, SessionObserver, WireTarget {
  readonly id: string;
  readonly subprotocol: OcppVersion;
  readonly remoteAddr: string;
  readonly connectedAt = Date.now();
  /** Epoch milliseconds of the last message received. */
  lastActivity = this.connectedAt;
  /** Scheduler time of the last sign of life (message or pong), for the idle timeout. */
  lastSeen: number;
  /** Scheduler time of the last ping sent. */
  lastPingAt: number;
  /** Scheduler time since which a write is waiting to drain, or 0 when all are flushed. */
  unflushedSince = 0;
  bootStatus: BootStatus | undefined;
  lastAction: string | undefined;
  readonly session: RpcSession<GatewayOwner>;
  readonly ws: WebSocket;
  private readonly services: GatewayServices;
  private readonly bucket: TokenBucket | undefined;
  private readonly misbehave: ReadonlySet<Misbehaviour> | undefined;
  private unflushed = 0;
  private pendingPongs = 0;
  private readonly onPongWritten = (): void => { this.pendingPongs--; };
  private readonly onFlushed = (): void => {
    if (--this.unflushed === 0) this.unflushedSince = 0;
  };

  constructor(id: string, ws: WebSocket, remoteAddr: string, subprotocol: OcppVersion, services: GatewayServices, settings: SessionSettings) {
    this.id = id;
    this.ws = ws;
    this.remoteAddr = remoteAddr;
    this.subprotocol = subprotocol;
    this.services = services;
    const now = services.scheduler.now();
    this.lastSeen = now;
    this.lastPingAt = now;
    this.bootStatus = services.state.lastBootOf(id);
    const { perSec, burst } = services.rateLimit;
    this.bucket = perSec > 0 ? new TokenBucket(perSec, burst, now) : undefined;
    const { handlers, callTimeoutMs, validator, misbehave, maxQueuedCalls } = settings;
    this.misbehave = actsOnFrames(misbehave) ? misbehave : undefined;
    this.session = new RpcSession<GatewayOwner>(this, this, {
      version: subprotocol, observer: this, handlers, scheduler: services.scheduler, callTimeoutMs, validator, maxQueuedCalls,
      ...(misbehave.has('ignore-repeated-ids') ? { acceptRepeatedIds: true } : {}),
    });
  }

  /**
   * Sends one text frame if the socket is open; a frame for a closed socket is dropped. When the
   * bytes waiting to be written pass `maxBufferedBytes` (a peer that does not read), the
   * connection is cut at once and false is returned: its memory stays bounded.
   */
  send(text: string | Buffer): boolean | void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.unflushed++ === 0) this.unflushedSince = this.services.scheduler.now();
    this.ws.send(text, TEXT_FRAME, this.onFlushed);
    this.count('out', text);
    const limit = this.services.maxBufferedBytes;
    if (this.ws.bufferedAmount > limit) {
      this.cut(`more than ${limit} bytes waiting to be written (the peer does not read)`);
      return false;
    }
  }

  /**
   * A ping arrived: a sign of life, answered with a pong (the server runs with ws's autoPong
   * off, so this is the one place pongs are written). With MAX_PENDING_PONGS pongs still
   * unwritten (a ping flood from a peer that does not read) the connection is cut, named and
   * counted instead.
   */
  pinged(data: Buffer, answer = true): void {
    this.alive();
    // `answer` false: the `no-pong` misbehaviour.
    if (!answer || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.pendingPongs >= MAX_PENDING_PONGS) {
      this.cut(`${MAX_PENDING_PONGS} pongs waiting to be written (a ping flood from a peer that does not read)`);
      return;
    }
    this.pendingPongs++;
    this.ws.pong(data, false, this.onPongWritten);
  }

  /** Feeds one received WebSocket message into the session. */
  receive(text: string): void {
    this.lastActivity = Date.now();
    this.lastSeen = this.services.scheduler.now();
    this.count('in', text);
    if (this.misbehave && misbehaveOnFrame(text, this.misbehave, this)) return;
    this.session.receive(text);
  }

  /** The message id of the gateway's CALL awaiting its answer on this connection, if any. */
  get awaiting(): string | undefined {
    return this.session.awaiting;
  }

  /** A pong (or any sign of life that is not a message) arrived. */
  alive(): void {
    this.lastSeen = this.services.scheduler.now();
  }

  /** Spends one token of the rate limit; always true without a limit. */
  allowCall(): boolean {
    return this.bucket ? this.bucket.take(this.services.scheduler.now()) : true;
  }

  /** Cuts the connection for breaking a limit: counted in websocket_errors_total, told to the onError hook, then dropped. */
  cut(reason: string): void {
    this.services.metrics.socketError();
    callHook(this.services, 'onError', { chargePointId: this.id, error: new Error(reason) });
    this.drop(reason);
  }

  /** Cuts the TCP connection without a closing handshake (fault injection, liveness checks). */
  drop(reason: string): void {
    this.services.logger.warn(`${this.id}: dropping the connection: ${reason}`, this.id);
    this.session.close(reason);
    this.ws.terminate();
  }

  /** Rejects the session's pending calls at once, then starts the WebSocket closing handshake (CLOSE_GRACE_MS at most). */
  close(code: number, reason: string): void {
    this.session.close(reason);
    closeWithin(this.ws, code, reason, this.services.scheduler);
  }

  /** This connection as a row of GET /connections. */
  info(): ConnectionInfo {
    return {
      last_activity: new Date(this.lastActivity).toISOString(),
      connected_at: new Date(this.connectedAt).toISOString(),
      remote_addr: this.remoteAddr,
      protocol: this.subprotocol,
      subprotocol: this.subprotocol,
      boot_status: this.bootStatus ?? null,
      last_message: this.lastAction ?? null,
    };
  }

  callSent(action: string): void { this.services.metrics.callSent(action); }
  callSettled(action: string, outcome: CallOutcome, roundTripMs: number): void { this.services.metrics.callSettled(action, outcome, roundTripMs); }
  callAnswered(action: string, handleMs: number, errorCode?: string): void { this.services.metrics.callAnswered(action, handleMs, errorCode); }
  badFrame(reason: string): void {
    this.services.metrics.badFrame();
    this.services.logger.debug(`${this.id}: bad frame: ${reason}`, this.id);
  }

  sendReceived(action: string): void { this.services.metrics.sendReceived(action); }

  resultRefused(code: string): void {
    this.services.metrics.resultRefused(code);
    // The code is peer text of any length: quoted and cut at MAX_KEY_LENGTH like the metric's label.
    this.services.logger.warn(`${this.id}: refused an answer of ours with CALLRESULTERROR ${describeValue(code, MAX_KEY_LENGTH)}`, this.id);
  }

  callReceived(action: string): void {
    this.lastAction = this.services.metrics.label(action);
    this.services.metrics.callReceived(action);
  }

  private count(direction: 'in' | 'out', data: string | Buffer): void {
    const { state, metrics, logger, hooks } = this.services;
    if (direction === 'in') state.messagesReceived++;
    else state.messagesSent++;
    metrics.message(direction);
    if (!logger.enabled('debug') && !hooks.onMessage) return;
    const text = typeof data === 'string' ? data : data.toString('utf8');
    if (logger.enabled('debug')) logger.debug(`${this.id} ${direction === 'in' ? '<-' : '->'} ${redactFrame(text)}`, this.id);
    if (hooks.onMessage) callHook(this.services, 'onMessage', { chargePointId: this.id, direction, text });
  }
}
