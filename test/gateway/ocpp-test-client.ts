import WebSocket from 'ws';
import { withTimeout } from '../helpers/wait.js';

/** How long any single wait in the gateway tests may take, in milliseconds. */
export const WAIT_MS = 3_000;

/**
 * A raw OCPP-J test client over a real `ws` socket: sends frames as given and hands back
 * every received frame in order, so tests see exactly what the gateway put on the wire.
 */
export class OcppTestClient {
  readonly ws: WebSocket;
  private readonly inbox: unknown[][] = [];
  private waiter: ((frame: unknown[]) => void) | null = null;
  private counter = 0;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      const waiter = this.waiter;
      this.waiter = null;
      if (waiter) waiter(frame);
      else this.inbox.push(frame);
    });
  }

  /** Opens `{endpoint}/{id}` offering `protocols`; rejects with the handshake error. */
  static async connect(endpoint: string, id: string, protocols: string[] = ['ocpp1.6']): Promise<OcppTestClient> {
    const ws = new WebSocket(`${endpoint}/${encodeURIComponent(id)}`, protocols);
    await withTimeout(new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }), WAIT_MS, `the handshake of ${id}`);
    return new OcppTestClient(ws);
  }

  /** Sends a frame (an array is JSON-encoded, a string goes as is). */
  send(frame: unknown[] | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame received, waiting at most WAIT_MS. */
  next(): Promise<unknown[]> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return withTimeout(new Promise<unknown[]>((resolve) => { this.waiter = resolve; }), WAIT_MS, 'a frame from the gateway');
  }

  /** Sends a CALL with a fresh id and returns the gateway's reply frame. */
  async call(action: string, payload: Record<string, unknown>): Promise<unknown[]> {
    const id = `t${++this.counter}`;
    this.send([2, id, action, payload]);
    const reply = await this.next();
    if (reply[1] !== id) throw new Error(`expected a reply to ${id}, got ${JSON.stringify(reply)}`);
    return reply;
  }

  /** Sends a BootNotification and returns its CALLRESULT payload. */
  async boot(): Promise<Record<string, unknown>> {
    const reply = await this.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Sim-1' });
    return reply[2] as Record<string, unknown>;
  }

  /** Resolves with the close code and reason once the socket is closed. */
  closed(): Promise<{ code: number; reason: string }> {
    return closedEvent(this.ws);
  }

  /** Closes the socket and waits until it is closed. */
  async close(): Promise<void> {
    await closeWebSocket(this.ws);
  }
}

/** The code and reason of `ws`'s close event, waiting at most WAIT_MS; immediate if already closed. */
export function closedEvent(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return withTimeout(new Promise((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  }), WAIT_MS, 'the socket to close');
}

/** Closes `ws` (or aborts its handshake) and waits for its close event. */
export async function closeWebSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return;
  const done = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  else ws.close();
  await withTimeout(done, WAIT_MS, 'the client socket to close');
}

/** The error a `ws` client gets when its handshake fails; the socket is closed before this resolves. */
export async function handshakeFailure(url: string, protocols: string[]): Promise<Error> {
  const ws = new WebSocket(url, protocols);
  ws.on('open', () => ws.close());
  const error = await withTimeout(new Promise<Error>((resolve) => ws.once('error', resolve)), WAIT_MS, `the handshake of ${url} to fail`);
  await closeWebSocket(ws);
  return error;
}

/** GET `path` from the gateway's HTTP server and return status and parsed JSON body. */
export async function getJson(port: number, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await withTimeout(fetch(`http://127.0.0.1:${port}${path}`), WAIT_MS, `GET ${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
