import WebSocket from 'ws';
import type { Wire } from './bad-frames.js';
import { withTimeout } from './wait.js';

/** Sends one corpus frame as it is meant to go over the wire: text, binary, or text bytes that are not UTF-8. */
export function sendWire(ws: WebSocket, wire: Wire): void {
  if ('text' in wire) ws.send(wire.text);
  else if ('binary' in wire) ws.send(wire.binary, { binary: true });
  // `ws` does not check outgoing bytes: a text frame that is not UTF-8 goes out as it is.
  else ws.send(wire.invalidUtf8, { binary: false });
}

/**
 * A raw `ws` client that speaks no OCPP of its own: it sends whatever a test gives it and keeps
 * every frame it receives. `probe()` sends a CALL that must be answered and returns what
 * arrived before its answer, so a test knows what a bad frame produced — including nothing.
 */
export class RawClient {
  readonly received: unknown[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly ws: WebSocket;
  private probes = 0;
  private waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      let frame: unknown = data.toString();
      try {
        frame = JSON.parse(frame as string);
      } catch {
        // Kept as text.
      }
      this.received.push(frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => {});
  }

  /** Opens `url` offering `protocol`; rejects when the upgrade fails. */
  static async connect(url: string, protocol: string, maxPayload = 16 * 1024 * 1024): Promise<RawClient> {
    const ws = new WebSocket(url, [protocol], { perMessageDeflate: false, maxPayload });
    await withTimeout(new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }), 2000, `a raw connection to ${url}`);
    return new RawClient(ws);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(wire: Wire): void {
    sendWire(this.ws, wire);
  }

  /**
   * Sends `probeText` (a CALL with id `probe-N` in place of `{id}`) and resolves with every
   * frame received since `from` (an index into `received`) up to, not including, the probe's
   * answer. Rejects if the connection closes or nothing answers within `ms`.
   */
  async probe(from: number, probeText = '[2,"{id}","Heartbeat",{}]', ms = 2000): Promise<unknown[]> {
    const id = `probe-${++this.probes}`;
    this.ws.send(probeText.replace('{id}', id));
    const isProbe = (frame: unknown): boolean => Array.isArray(frame) && frame[1] === id;
    await withTimeout(new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.received.slice(from).some(isProbe)) resolve();
        else if (this.closed) reject(new Error(`closed with ${this.closed.code} before the probe was answered`));
        else this.waiters.push(check);
      };
      check();
    }), ms, `the answer to ${id}`);
    const at = this.received.findIndex((frame, i) => i >= from && isProbe(frame));
    return this.received.slice(from, at);
  }

  /** Resolves with the close code once the server closed the connection. */
  async whenClosed(ms = 2000): Promise<number> {
    await withTimeout(new Promise<void>((resolve) => {
      const check = (): void => { if (this.closed) resolve(); else this.waiters.push(check); };
      check();
    }), ms, 'the server to close the connection');
    return (this.closed as { code: number }).code;
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter();
  }
}
