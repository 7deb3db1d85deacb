import WebSocket from 'ws';
import type { Scheduler } from '../clock/scheduler.js';
import { RpcSession, type Channel, type HandlerTable } from '../protocol/rpc-session.js';
import type { PayloadValidator } from '../protocol/validator.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { GatewayState } from './gateway-state.js';
import type { BootStatus } from './options.js';

/** One row of GET /connections; field names are the endpoint's wire format. */
export interface ConnectionInfo {
  last_activity: string;
  connected_at: string;
  remote_addr: string;
  subprotocol: OcppVersion;
  boot_status: BootStatus | null;
}

/** Everything a connection needs besides its socket; one object shared by all connections of a version. */
export interface SessionSettings {
  readonly handlers: HandlerTable<ChargePointRecord>;
  readonly scheduler: Scheduler;
  readonly callTimeoutMs: number;
  readonly validator: PayloadValidator | undefined;
}

/**
 * One connected charge point: its socket, its RpcSession and a few fields for /connections.
 * It is the session's channel (counting what it sends) and the handlers' owner, so a socket
 * costs this object and its session, no closures or timers of its own.
 */
export class ChargePointConnection implements ChargePointRecord, Channel {
  readonly id: string;
  readonly subprotocol: OcppVersion;
  readonly remoteAddr: string;
  readonly connectedAt = Date.now();
  /** Epoch milliseconds of the last message received. */
  lastActivity = this.connectedAt;
  bootStatus: BootStatus | undefined;
  readonly session: RpcSession<ChargePointRecord>;
  private readonly ws: WebSocket;
  private readonly state: GatewayState;

  constructor(id: string, ws: WebSocket, remoteAddr: string, subprotocol: OcppVersion, state: GatewayState, settings: SessionSettings) {
    this.id = id;
    this.ws = ws;
    this.remoteAddr = remoteAddr;
    this.subprotocol = subprotocol;
    this.state = state;
    this.bootStatus = state.lastBootOf(id);
    const { handlers, scheduler, callTimeoutMs, validator } = settings;
    this.session = new RpcSession<ChargePointRecord>({ version: subprotocol, channel: this, owner: this, handlers, scheduler, callTimeoutMs, validator });
  }

  /** Sends one text frame if the socket is open; a frame for a closed socket is dropped. */
  send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.state.messagesSent++;
  }

  /** Feeds one received WebSocket message into the session. */
  receive(text: string): void {
    this.lastActivity = Date.now();
    this.state.messagesReceived++;
    this.session.receive(text);
  }

  /** Rejects the session's pending calls at once, then starts the WebSocket closing handshake. */
  close(code: number, reason: string): void {
    this.session.close(reason);
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  /** This connection as a row of GET /connections. */
  info(): ConnectionInfo {
    return {
      last_activity: new Date(this.lastActivity).toISOString(),
      connected_at: new Date(this.connectedAt).toISOString(),
      remote_addr: this.remoteAddr,
      subprotocol: this.subprotocol,
      boot_status: this.bootStatus ?? null,
    };
  }
}
