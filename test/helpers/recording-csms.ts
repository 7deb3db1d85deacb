import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { withTimeout } from './wait.js';

/** One frame a charge point sent, with when it arrived (performance.now(), ms). */
export interface RecordedFrame {
  chargePointId: string;
  at: number;
  frame: unknown[];
}

export interface RecordingCsmsOptions {
  /** Status of every BootNotification answer. */
  bootStatus?: 'Accepted' | 'Pending' | 'Rejected';
  /** `interval` of every BootNotification answer, in seconds. */
  interval?: number;
  /** transactionId of every StartTransaction answer. */
  transactionId?: number;
}

type Waiter = { check: () => boolean; resolve: () => void };

/**
 * A tiny OCPP 1.6 central system on a real `ws` server (127.0.0.1, port 0) that records every
 * frame charge points send, answers their CALLs with minimal valid payloads, and can send
 * CALLs of its own. For tests that must see exactly what went over the wire, and when.
 */
export class RecordingCsms {
  readonly received: RecordedFrame[] = [];
  readonly sockets = new Map<string, WebSocket>();
  connections = 0;
  private readonly wss: WebSocketServer;
  private readonly opts: Required<RecordingCsmsOptions>;
  private readonly pending = new Map<string, (frame: unknown[]) => void>();
  private waiters: Waiter[] = [];
  private counter = 0;

  private constructor(wss: WebSocketServer, opts: RecordingCsmsOptions) {
    this.wss = wss;
    this.opts = { bootStatus: 'Accepted', interval: 1, transactionId: 4242, ...opts };
    wss.on('connection', (ws, request) => this.accept(ws, request));
  }

  static async start(opts: RecordingCsmsOptions = {}): Promise<RecordingCsms> {
    const wss = new WebSocketServer({
      host: '127.0.0.1', port: 0, perMessageDeflate: false,
      handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
    });
    await withTimeout(new Promise<void>((resolve) => wss.once('listening', () => resolve())), 2000, 'the recording CSMS to listen');
    return new RecordingCsms(wss, opts);
  }

  /** The endpoint charge points append `/{id}` to. */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
  }

  /** CALLs received, optionally only those of one charge point and/or one action, oldest first. */
  calls(chargePointId?: string, action?: string): RecordedFrame[] {
    return this.received.filter((r) => r.frame[0] === 2
      && (chargePointId === undefined || r.chargePointId === chargePointId)
      && (action === undefined || r.frame[2] === action));
  }

  /** Resolves when `check()` holds, re-checked on every frame received; rejects after `ms`. */
  waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    const promise = new Promise<void>((resolve) => { this.waiters.push({ check, resolve }); });
    return withTimeout(promise, ms, what);
  }

  /** Sends a CALL to a connected charge point; resolves with its reply frame, rejects after `ms` without one. */
  call(chargePointId: string, action: string, payload: Record<string, unknown>, ms = 2000): Promise<unknown[]> {
    const ws = this.sockets.get(chargePointId);
    if (!ws) return Promise.reject(new Error(`${chargePointId} is not connected`));
    const id = `csms-${++this.counter}`;
    const reply = new Promise<unknown[]>((resolve) => this.pending.set(id, resolve));
    ws.send(JSON.stringify([2, id, action, payload]));
    return withTimeout(reply, ms, `the answer of ${chargePointId} to ${action}`).finally(() => this.pending.delete(id));
  }

  /** Terminates every socket and closes the server. */
  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return withTimeout(new Promise<void>((resolve) => this.wss.close(() => resolve())), 2000, 'the recording CSMS to close');
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
    this.connections++;
    this.sockets.set(id, ws);
    ws.on('close', () => { if (this.sockets.get(id) === ws) this.sockets.delete(id); });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      this.received.push({ chargePointId: id, at: performance.now(), frame });
      if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], this.answer(String(frame[2]))]));
      else this.pending.get(String(frame[1]))?.(frame);
      this.wake();
    });
  }

  private answer(action: string): Record<string, unknown> {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification': return { status: this.opts.bootStatus, currentTime: now, interval: this.opts.interval };
      case 'Heartbeat': return { currentTime: now };
      case 'Authorize': return { idTagInfo: { status: 'Accepted' } };
      case 'StartTransaction': return { transactionId: this.opts.transactionId, idTagInfo: { status: 'Accepted' } };
      case 'DataTransfer': return { status: 'UnknownVendorId' };
      default: return {};
    }
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.check()) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }
}
