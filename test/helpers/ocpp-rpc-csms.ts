import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// ocpp-rpc ships CommonJS without types this project uses: the few calls made here are typed by hand.
const { RPCServer, createRPCError } = require('ocpp-rpc') as {
  RPCServer: new (options: Record<string, unknown>) => RpcServer;
  createRPCError: (code: string, message?: string) => Error;
};

/** The boot answers of particular ids; every other id is Accepted. */
export const HELD_ID = 'HELD';
export const REFUSED_ID = 'REFUSED';

interface RpcClient {
  identity: string;
  protocol: string;
  handle(method: string, handler: (call: { params: Record<string, unknown> }) => unknown): void;
  call(method: string, params: unknown): Promise<unknown>;
  close(options?: { code?: number; reason?: string }): Promise<unknown>;
  once(event: 'close', listener: () => void): void;
}
interface RpcServer {
  on(event: 'client', listener: (client: RpcClient) => void): void;
  auth(callback: (accept: (session?: unknown) => void, reject: (code?: number, message?: string) => void, handshake: { identity: string; password?: Buffer }) => void): void;
  listen(port: number, host: string): Promise<Server>;
  close(options?: { force?: boolean }): Promise<void>;
}

/** A central system built on ocpp-rpc in strict mode, written for the tests, independent of ocpp-sim's gateway. */
export interface IndependentCsms {
  url: string;
  /** Base URL of its trigger API (`POST /api/octt/{version}/{id}/{action}`). */
  triggerUrl: string;
  close(): Promise<void>;
}

const now = (): string => new Date().toISOString();

/** Where the independent CSMS listens (port 0: any free one) and who hears of every CALL it handles. */
export interface IndependentCsmsOptions {
  port?: number;
  /** Called with every CALL a charge point sent, before it is answered (BootNotification included). */
  onCall?: (identity: string, action: string, params: Record<string, unknown>) => void;
}

/**
 * Starts the independent CSMS on 127.0.0.1: ocpp-rpc's RPCServer with strictMode (its own
 * copies of the official schemas) for 1.6 and 2.0.1, the answers a small CSMS gives (tokens in
 * `knownTokens` Accepted, others Invalid; a transaction id counter; no vendors), Basic auth with
 * `password` when given, the newest connection of an id closing the older, and a trigger API.
 */
export async function startIndependentCsms(knownTokens: readonly string[], password?: string, options: IndependentCsmsOptions = {}): Promise<IndependentCsms> {
  const server = new RPCServer({ protocols: ['ocpp2.0.1', 'ocpp1.6'], strictMode: true });
  const clients = new Map<string, RpcClient>();
  let transactionId = 0;
  server.auth((accept, reject, handshake) => {
    if (password !== undefined && handshake.password?.toString('utf8') !== password) reject(401, 'authentication required');
    else accept();
  });
  server.on('client', (client) => {
    const older = clients.get(client.identity);
    clients.set(client.identity, client);
    client.once('close', () => { if (clients.get(client.identity) === client) clients.delete(client.identity); });
    if (older) void older.close({ code: 4000, reason: 'replaced' });
    const info = (token: unknown): { status: string } => ({ status: knownTokens.includes(String(token)) ? 'Accepted' : 'Invalid' });
    const empty = (): Record<string, never> => ({});
    // Until a boot was answered Pending or Rejected, the client is served (a reconnect need not boot).
    let bootStatus = 'Accepted';
    const raw = client.handle.bind(client);
    const handle: RpcClient['handle'] = (method, handler) => raw(method, (call) => {
      options.onCall?.(client.identity, method, call.params);
      return handler(call);
    });
    client.handle = (method, handler) => handle(method, (call) => {
      if (bootStatus !== 'Accepted') throw createRPCError('SecurityError', `${method} before an Accepted boot`);
      return handler(call);
    });
    handle('BootNotification', () => {
      bootStatus = client.identity === HELD_ID ? 'Pending' : client.identity === REFUSED_ID ? 'Rejected' : 'Accepted';
      return { status: bootStatus, currentTime: now(), interval: 300 };
    });
    client.handle('Heartbeat', () => ({ currentTime: now() }));
    for (const method of ['StatusNotification', 'MeterValues', 'FirmwareStatusNotification', 'DiagnosticsStatusNotification',
      'LogStatusNotification', 'SecurityEventNotification', 'NotifyEvent', 'ReservationStatusUpdate',
      'ReportChargingProfiles']) client.handle(method, empty);
    client.handle('DataTransfer', () => ({ status: 'UnknownVendorId' }));
    if (client.protocol === 'ocpp1.6') {
      client.handle('Authorize', ({ params }) => ({ idTagInfo: info(params.idTag) }));
      client.handle('StartTransaction', ({ params }) => ({ transactionId: ++transactionId, idTagInfo: info(params.idTag) }));
      client.handle('StopTransaction', ({ params }) => (params.idTag === undefined ? {} : { idTagInfo: info(params.idTag) }));
    } else {
      const tokenOf = (params: Record<string, unknown>): unknown => (params.idToken as { idToken?: unknown } | undefined)?.idToken;
      client.handle('Authorize', ({ params }) => ({ idTokenInfo: info(tokenOf(params)) }));
      client.handle('TransactionEvent', ({ params }) => (params.idToken === undefined ? {} : { idTokenInfo: info(tokenOf(params)) }));
    }
  });
  const ws = await server.listen(options.port ?? 0, '127.0.0.1');
  const trigger = createServer((req, res) => {
    const match = /^\/api\/octt\/[^/]+\/([^/]+)\/([a-z-]+)$/.exec(req.url ?? '');
    const client = match ? clients.get(decodeURIComponent(match[1] as string)) : undefined;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!match || !client) {
        res.writeHead(404).end('{}');
        return;
      }
      const action = (match[2] as string).split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
      client.call(action, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')).then(
        (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result })),
        (error: Error) => res.writeHead(502).end(JSON.stringify({ error: error.message })),
      );
    });
  });
  await new Promise<void>((resolve) => trigger.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(ws.address() as AddressInfo).port}/ocpp`,
    triggerUrl: `http://127.0.0.1:${(trigger.address() as AddressInfo).port}`,
    async close() {
      trigger.closeAllConnections();
      await Promise.all([server.close({ force: true }), new Promise<void>((resolve) => trigger.close(() => resolve()))]);
    },
  };
}
