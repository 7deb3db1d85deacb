import type { Scheduler } from '../clock/scheduler.js';
import type { Payload } from '../protocol/frame.js';
import { RpcSession, type Handler } from '../protocol/rpc-session.js';
import type { OcppVersion } from '../protocol/versions.js';
import { Connection, type TlsSettings } from '../transport/connection.js';
import type { TransportError } from '../transport/errors.js';
import { FrameLog, type LoggedFrame } from './frame-log.js';
import { RecordingValidator } from './recording-validator.js';

/** How one check station connects. */
export interface StationOptions {
  /** The CSMS endpoint; the charge point id is appended as one path segment (OCPP-J §3.1.1). */
  url: string;
  id: string;
  /** The version whose schemas check the CSMS's payloads. */
  version: OcppVersion;
  /** Subprotocols offered, in order (default: `[version]`); `[]` offers none. */
  protocols?: readonly string[];
  scheduler: Scheduler;
  callTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** HTTP Basic credentials of the upgrade (security profile 1/2). */
  basic?: { username: string; password: string };
  tls?: TlsSettings;
}

/** How a station's socket ended. */
export interface Closed { code: number; reason: string }

const NO_BACKOFF = { initialMs: 1_000, maxMs: 1_000, factor: 1 };

/** `url` + `/` + the percent-encoded id, whatever `url` ends with. */
export function stationUrl(url: string, id: string): string {
  return `${url.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
}

/**
 * One charge point of a check: a transport Connection that never reconnects, an RpcSession of
 * the CSMS's version (validating the CSMS's answers and requests against the official schemas),
 * a log of every frame received, and a handler table a check can fill to answer the CSMS.
 */
export class Station {
  readonly id: string;
  readonly version: OcppVersion;
  /** Answers to CSMS-initiated CALLs, by action; a check adds what it expects. */
  readonly handlers: Record<string, Handler<Station>> = Object.create(null) as Record<string, Handler<Station>>;
  readonly frames = new FrameLog();
  readonly validator: RecordingValidator;
  readonly session: RpcSession<Station>;
  /** The negotiated subprotocol ('' when the CSMS chose none). */
  protocol = '';
  /** Set once the socket closed. */
  closedWith: Closed | undefined;
  private readonly connection: Connection;
  private readonly closeWaiters: Array<(closed: Closed) => void> = [];
  private failure: TransportError | undefined;

  constructor(opts: StationOptions) {
    this.id = opts.id;
    this.version = opts.version;
    this.validator = new RecordingValidator(opts.version);
    this.session = new RpcSession<Station>({ send: (text) => this.connection.send(text) }, this, {
      version: opts.version, handlers: this.handlers,
      scheduler: opts.scheduler, callTimeoutMs: opts.callTimeoutMs, validator: this.validator,
    });
    const headers = opts.basic ? { Authorization: `Basic ${Buffer.from(`${opts.basic.username}:${opts.basic.password}`).toString('base64')}` } : undefined;
    this.connection = new Connection(stationUrl(opts.url, opts.id), {
      protocols: opts.protocols ?? [opts.version], backoff: NO_BACKOFF, scheduler: opts.scheduler,
      handshakeTimeoutMs: opts.handshakeTimeoutMs, maxPayload: 1_048_576, random: Math.random,
      ...(headers ? { headers } : {}), ...(opts.tls ? { tls: opts.tls } : {}),
    }, {
      onOpen: (protocol) => { this.protocol = protocol; },
      onMessage: (text) => {
        this.frames.add(text);
        this.session.receive(text);
      },
      onClose: (code, reason) => this.ended({ code, reason }),
      onConnectFailed: (error) => {
        this.failure = error;
        this.connection.stop();
      },
      onBackoff: () => {},
    });
  }

  /** True while the socket is open. */
  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  /** Connects; resolves with the negotiated subprotocol, rejects with the TransportError of a failed attempt. */
  async open(): Promise<string> {
    await this.connection.start();
    if (this.failure) throw this.failure;
    if (!this.connection.isOpen && this.closedWith) throw Object.assign(new Error(`closed during the handshake (${this.closedWith.code})`), { code: 'E_SOCKET' });
    return this.protocol;
  }

  /** Sends a CALL through the session: the answer is schema-checked; rejects with OcppError or RpcError. */
  call(action: string, payload: Payload): Promise<Payload> {
    return this.session.call(action, payload);
  }

  /** Sends one text frame as is (for the RPC rule checks); false when the socket is not open. */
  sendRaw(text: string): boolean {
    return this.connection.send(text);
  }

  /** Sends several frames in one TCP write; false when the socket is not open. */
  sendTogether(texts: readonly string[]): boolean {
    return this.connection.sendTogether(texts);
  }

  /** The first frame received from now on (or already logged at or after `from`) that `match` accepts, or undefined after `ms`. */
  waitFrame(match: (frame: LoggedFrame) => boolean, ms: number, from = this.frames.size): Promise<LoggedFrame | undefined> {
    return this.frames.wait(match, ms, from);
  }

  /** Resolves with how the socket closed, or undefined when it is still open after `ms`. */
  waitClosed(ms: number): Promise<Closed | undefined> {
    if (this.closedWith) return Promise.resolve(this.closedWith);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      this.closeWaiters.push((closed) => {
        clearTimeout(timer);
        resolve(closed);
      });
    });
  }

  /** WebSocket ping round trip in milliseconds, or undefined when no pong came within `ms`. */
  ping(ms: number): Promise<number | undefined> {
    return this.connection.ping(ms);
  }

  /** Closes for good (1000) and rejects the session's pending calls; idempotent. */
  close(): void {
    this.session.close('check finished');
    this.connection.stop(1000, 'check finished');
  }

  private ended(closed: Closed): void {
    this.closedWith = closed;
    this.connection.stop();
    this.session.close(`connection closed (${closed.code})`);
    for (const wake of this.closeWaiters.splice(0)) wake(closed);
    this.frames.closed();
  }
}
