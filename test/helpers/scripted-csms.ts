import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { withTimeout } from './wait.js';

/** The subprotocols the scripted central system accepts, in its order of preference. */
const SUBPROTOCOLS = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

/** A CALL a charge point sent, as the scripted central system sees it. */
export interface InboundCall {
  chargePointId: string;
  /** 1-based number of the connection it came on, counted over all charge points. */
  conn: number;
  id: string;
  action: string;
  payload: Record<string, unknown>;
  ws: WebSocket;
}

/** One frame received, parsed when it was JSON (else the raw text), with its connection and time (performance.now()). */
export interface ScriptedFrame {
  chargePointId: string;
  conn: number;
  at: number;
  frame: unknown;
}

/** One connection accepted, and its close when it ended. */
export interface ScriptedConnection {
  chargePointId: string;
  conn: number;
  ws: WebSocket;
  /** The TCP socket under the WebSocket. */
  tcp: Socket;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
}

/** Decides what happens to a CALL: the default is `csms.answer(call)` (a minimal valid 1.6 answer at once). */
export type CallScript = (call: InboundCall, csms: ScriptedCsms) => void;

/**
 * A raw OCPP central system (1.6 first, else 2.0.1, else 2.1) on a `ws` server (127.0.0.1, port 0) that speaks just enough
 * OCPP for fault tests: every CALL goes to a script that may answer it at once, late, twice,
 * never, with a wrong id, or close the socket. It records every frame and connection, and can
 * send CALLs and raw text of its own.
 */
export class ScriptedCsms {
  readonly frames: ScriptedFrame[] = [];
  readonly connections: ScriptedConnection[] = [];
  script: CallScript;
  /** `interval` of BootNotification answers, in seconds. */
  interval = 1;
  /** Keep every frame received in `frames`; off for long runs that measure memory. */
  keepFrames = true;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Map<string, (frame: unknown) => void>();
  private counter = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(script: CallScript | undefined) {
    this.script = script ?? ((call, csms) => csms.answer(call));
    this.wss = new WebSocketServer({
      noServer: true, perMessageDeflate: false,
      handleProtocols: (offered) => SUBPROTOCOLS.find((protocol) => offered.has(protocol)) ?? false,
    });
    this.http = createServer();
    this.http.on('connection', (socket) => { this.sockets.add(socket); socket.on('close', () => this.sockets.delete(socket)); });
    this.http.on('upgrade', (request, socket, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const chargePointId = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
        const record: ScriptedConnection = { chargePointId, conn: this.connections.length + 1, ws, tcp: socket as Socket, openedAt: performance.now() };
        this.connections.push(record);
        ws.on('error', () => {});
        ws.on('close', (code) => { record.closedAt = performance.now(); record.closeCode = code; });
        ws.on('message', (data, isBinary) => this.receive(record, data, isBinary));
      });
    });
  }

  static async start(script?: CallScript): Promise<ScriptedCsms> {
    const csms = new ScriptedCsms(script);
    await withTimeout(new Promise<void>((resolve) => csms.http.listen(0, '127.0.0.1', () => resolve())), 2000, 'the scripted CSMS to listen');
    return csms;
  }

  /** The endpoint charge points append `/{id}` to. */
  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ocpp`;
  }

  /**
   * Makes a connection half-open: its TCP socket is no longer read, so nothing the charge point
   * sends (CALLs, pings) is seen or answered, and no FIN or close frame is sent either.
   */
  freeze(conn: number): void {
    this.connections[conn - 1]?.tcp.pause();
  }

  /** CALLs received (type 2 frames), optionally of one action, oldest first. */
  calls(action?: string): ScriptedFrame[] {
    return this.frames.filter((f) => Array.isArray(f.frame) && f.frame[0] === 2 && (action === undefined || f.frame[2] === action));
  }

  /** Frames that are responses (type 3 or 4) from the charge points. */
  responses(): ScriptedFrame[] {
    return this.frames.filter((f) => Array.isArray(f.frame) && (f.frame[0] === 3 || f.frame[0] === 4));
  }

  /** The open socket of a charge point (its latest connection). */
  socketOf(chargePointId: string): WebSocket | undefined {
    return this.connections.filter((c) => c.chargePointId === chargePointId && c.closedAt === undefined).at(-1)?.ws;
  }

  /** The minimal valid 1.6 answer payload of `action` (for BootNotification, Heartbeat and StatusNotification also valid in 2.0.1 and 2.1). */
  answerPayload(action: string): Record<string, unknown> {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification': return { status: 'Accepted', currentTime: now, interval: this.interval };
      case 'Heartbeat': return { currentTime: now };
      case 'Authorize': return { idTagInfo: { status: 'Accepted' } };
      case 'StartTransaction': return { transactionId: 4242, idTagInfo: { status: 'Accepted' } };
      case 'DataTransfer': return { status: 'UnknownVendorId' };
      default: return {};
    }
  }

  /** Answers `call` with `payload` (default: the minimal valid answer) after `delayMs`. */
  answer(call: InboundCall, payload = this.answerPayload(call.action), delayMs = 0): void {
    const send = (): void => { if (call.ws.readyState === call.ws.OPEN) call.ws.send(JSON.stringify([3, call.id, payload])); };
    if (delayMs <= 0) send();
    else this.later(delayMs, send);
  }

  /** Runs `fn` after `ms` unless the server closed first. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => { this.timers.delete(timer); fn(); }, ms);
    this.timers.add(timer);
  }

  /** Sends a CALL; resolves with the reply frame, rejects after `ms` without one. */
  call(chargePointId: string, action: string, payload: Record<string, unknown>, ms = 2000): Promise<unknown[]> {
    const ws = this.socketOf(chargePointId);
    if (!ws) return Promise.reject(new Error(`${chargePointId} is not connected`));
    const id = `csms-${++this.counter}`;
    const reply = new Promise<unknown>((resolve) => this.pending.set(id, resolve));
    ws.send(JSON.stringify([2, id, action, payload]));
    return withTimeout(reply as Promise<unknown[]>, ms, `the answer of ${chargePointId} to ${action}`).finally(() => this.pending.delete(id));
  }

  /** Resolves once `check()` holds, polled every 10 ms; rejects after `ms`. */
  waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const polled = new Promise<void>((resolve) => {
      const tick = (): void => { if (check()) resolve(); else timer = setTimeout(tick, 10); };
      tick();
    });
    return withTimeout(polled, ms, what).finally(() => clearTimeout(timer));
  }

  /** Terminates every socket and closes the server. */
  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.wss.close();
    return withTimeout(new Promise<void>((resolve) => this.http.close(() => resolve())), 2000, 'the scripted CSMS to close');
  }

  private receive(record: ScriptedConnection, data: RawData, isBinary: boolean): void {
    const text = isBinary ? '<binary>' : data.toString();
    let frame: unknown = text;
    try {
      frame = JSON.parse(text);
    } catch {
      // Kept as text: the test looks at it.
    }
    if (this.keepFrames) this.frames.push({ chargePointId: record.chargePointId, conn: record.conn, at: performance.now(), frame });
    if (!Array.isArray(frame)) return;
    if (frame[0] === 2 && typeof frame[1] === 'string' && typeof frame[2] === 'string') {
      this.script({ chargePointId: record.chargePointId, conn: record.conn, id: frame[1], action: frame[2], payload: (frame[3] ?? {}) as Record<string, unknown>, ws: record.ws }, this);
    } else if (frame[0] === 3 || frame[0] === 4) this.pending.get(String(frame[1]))?.(frame);
  }
}
