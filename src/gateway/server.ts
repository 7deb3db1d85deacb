import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { TimerWheel } from '../clock/timer-wheel.js';
import type { Payload } from '../protocol/frame.js';
import { validatorFor } from '../protocol/validator.js';
import type { OcppVersion } from '../protocol/versions.js';
import { ChargePointConnection, type SessionSettings } from './charge-point-connection.js';
import { ConnectionRegistry } from './connection-registry.js';
import { GatewayError } from './errors.js';
import { GatewayState, type GatewayStats } from './gateway-state.js';
import { createHttpHandler } from './http-endpoints.js';
import { resolveGatewayOptions, type GatewayOptions, type ResolvedGatewayOptions } from './options.js';
import { SERVED_VERSIONS, SERVE_DEFLATE, buildHandlerTables, chooseSubprotocol, isServed } from './protocols.js';
import { withResponseDelay } from './fault-injection.js';
import { closeSockets } from './socket-shutdown.js';
import { chargePointIdFrom, refuseUpgrade, remoteAddressOf } from './upgrade.js';

/** A running embedded central system. */
export interface Gateway {
  /** The TCP port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  /** The OCPP-J endpoint URL charge points append `/{chargePointId}` to, e.g. ws://127.0.0.1:9000/ocpp. */
  readonly url: string;
  /** Charge points connected now. */
  readonly connectionCount: number;
  /** Sends a CALL to a connected charge point; resolves with its CALLRESULT payload, rejects with OcppError, RpcError or GatewayError. */
  call(chargePointId: string, action: string, payload: Payload): Promise<Payload>;
  /** A plain snapshot of the counters. */
  stats(): GatewayStats;
  /** Closes every socket (1001), the HTTP server and the timers; resolves when all are closed, within about 2 s. */
  close(): Promise<void>;
}

/** How long charge points get to finish the closing handshake before their sockets are destroyed. */
const CLOSE_GRACE_MS = 2_000;
const SHUTDOWN_REASON = 'gateway shutting down';
// OCPP-J is text only (§4.1.2): a binary frame reaches the session as text it reports as not JSON.
const BINARY_FRAME = '<binary frame>';

class EmbeddedGateway implements Gateway {
  port = 0;
  private readonly opts: ResolvedGatewayOptions;
  /** Read by the HTTP endpoints. */
  readonly registry = new ConnectionRegistry();
  /** Epoch milliseconds the gateway started listening; read by GET /health. */
  startedAt = Date.now();
  private readonly state = new GatewayState();
  private readonly wheel = new TimerWheel();
  private readonly settings: ReadonlyMap<OcppVersion, SessionSettings>;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private closing: Promise<void> | null = null;

  constructor(opts: ResolvedGatewayOptions) {
    this.opts = opts;
    const tables = buildHandlerTables({ bootStatus: opts.bootStatus, heartbeatIntervalSec: opts.heartbeatIntervalSec, state: this.state });
    this.settings = new Map([...tables].map(([version, handlers]) => [version, {
      handlers: withResponseDelay(handlers, opts.responseDelayMs, this.wheel), scheduler: this.wheel, callTimeoutMs: opts.callTimeoutMs, validator: opts.validate ? validatorFor(version) : undefined,
    }]));
    this.http = createServer(createHttpHandler(this));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: SERVE_DEFLATE,
      maxPayload: opts.maxPayload,
      handleProtocols: (offered) => chooseSubprotocol(offered),
    });
  }

  get url(): string {
    const host = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `ws://${host}:${this.port}${this.opts.path}`;
  }

  get connectionCount(): number {
    return this.registry.size;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.http.on('error', (error) => this.log(`http server error: ${error.message}`));
    this.port = (this.http.address() as AddressInfo).port;
    this.startedAt = Date.now();
    this.log(`listening on ${this.url} (${SERVED_VERSIONS.join(', ')})`);
  }

  call(chargePointId: string, action: string, payload: Payload): Promise<Payload> {
    if (this.closing) return Promise.reject(new GatewayError('E_GATEWAY_CLOSED', `cannot send ${action}: the gateway is closed`));
    const connection = this.registry.get(chargePointId);
    if (!connection) {
      return Promise.reject(new GatewayError('E_UNKNOWN_CHARGE_POINT', `cannot send ${action}: no charge point '${chargePointId}' is connected`));
    }
    return connection.session.call(action, payload);
  }

  stats(): GatewayStats {
    return this.state.snapshot(this.registry.size);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await closeSockets([...this.wss.clients], 1001, SHUTDOWN_REASON, CLOSE_GRACE_MS);
    this.http.closeAllConnections();
    await httpClosed;
    this.wss.close();
    this.wheel.clear();
    if (this.port !== 0) this.log('gateway closed');
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      refuseUpgrade(socket, 503, SHUTDOWN_REASON);
      return;
    }
    const id = chargePointIdFrom(req.url, this.opts.path);
    if (id === undefined) {
      refuseUpgrade(socket, 404, `no OCPP endpoint here: connect to ${this.opts.path}/{chargePointId}`);
      return;
    }
    // ws settles compression before the subprotocol: compression is for 2.0.1 only (OCPP-J 1.6 §5.1).
    const offered = new Set(String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((t) => t.trim()).filter(Boolean));
    if (chooseSubprotocol(offered) !== 'ocpp2.0.1') delete req.headers['sec-websocket-extensions'];
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, id));
  }

  private accept(ws: WebSocket, req: IncomingMessage, id: string): void {
    const remote = remoteAddressOf(req.socket);
    ws.on('error', (error) => this.log(`${id}: socket error: ${error.message}`));
    const protocol = ws.protocol;
    if (!isServed(protocol)) {
      // OCPP-J §3.2: no common subprotocol → complete the handshake without one, then close at once.
      const reason = `no supported OCPP subprotocol offered; this gateway speaks ${SERVED_VERSIONS.join(', ')}`;
      this.log(`${id} from ${remote} refused: ${reason} (offered: ${req.headers['sec-websocket-protocol'] ?? 'none'})`);
      ws.close(1002, reason);
      return;
    }
    const connection = new ChargePointConnection(id, ws, remote, protocol, this.state, this.settings.get(protocol) as SessionSettings);
    if (this.registry.add(connection)) this.log(`${id}: older connection replaced`);
    this.log(`${id} connected from ${remote} (${protocol})`);
    ws.on('message', (data, isBinary) => connection.receive(isBinary ? BINARY_FRAME : data.toString()));
    ws.on('close', (code, reason) => {
      connection.session.close(`connection closed (${code})`);
      this.registry.remove(connection);
      this.log(`${id} disconnected (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`);
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

/**
 * Starts the embedded OCPP central system: one HTTP server carrying the OCPP-J WebSocket endpoint
 * `{path}/{chargePointId}` and GET /health, GET /connections. Resolves once it listens; rejects
 * with GatewayError E_BAD_OPTIONS for bad options (before opening anything) or with the listen error.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const gateway = new EmbeddedGateway(resolveGatewayOptions(options));
  try {
    await gateway.listen();
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return gateway;
}

export type { BootStatus, GatewayOptions } from './options.js';
export type { GatewayStats } from './gateway-state.js';
export { GatewayError } from './errors.js';
