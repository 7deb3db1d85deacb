import { OutageWindow, type OutageAnswer } from './outage.js';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { TimerWheel } from '../clock/timer-wheel.js';
import type { Payload } from '../protocol/frame.js';
import type { PreparedCall } from '../protocol/prepared-call.js';
import { validatorFor } from '../protocol/validator.js';
import { loadVersions, type OcppVersion } from '../protocol/versions.js';
import { buildGatewayHandlers } from './build-handlers.js';
import type { ConnectionInfo, SessionSettings } from './charge-point-connection.js';
import { acceptConnection, type AcceptHost } from './accept-connection.js';
import type { Gateway } from './gateway-api.js';
import { ConnectionRegistry } from './connection-registry.js';
import { GatewayError, unknownChargePoint } from './errors.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { GatewayState, type GatewayStats } from './gateway-state.js';
import { InFlight } from './handler-pipeline.js';
import { API_TOKEN_HINT, apiGuard, type ApiGuard } from './api-guard.js';
import { createHttpHandler, type EndpointSource } from './http-endpoints.js';
import { FileEndpoints } from './file-endpoints.js';
import type { UploadsDescription } from './upload-store.js';
import { startLiveness } from './liveness.js';
import { createListener } from './listener.js';
import { localEndpoints } from './local-endpoints.js';
import { Logger } from './logger.js';
import { sendWithoutWaiting } from './misbehave-calls.js';
import type { HeldCall } from './requested-calls.js';
import { misbehavingValidator } from './misbehave-wire.js';
import type { Misbehaviour } from './misbehaviours.js';
import type { GatewayOptions, ResolvedGatewayOptions } from './options.js';
import { SERVED_VERSIONS, SERVE_DEFLATE, chooseSubprotocol, offersDeflate } from './protocols.js';
import { resolveGatewayOptions } from './resolve-options.js';
import type { GatewayServices } from './services.js';
import { CLOSE_GRACE_MS, closeSockets } from './socket-shutdown.js';
import { admit, refuseUpgrade, remoteAddressOf } from './upgrade.js';

const SHUTDOWN_REASON = 'gateway shutting down';

/** A peer's URL for a log line: at most 120 characters, then how long it was. */
function shorten(url: string): string {
  return url.length <= 120 ? url : `${url.slice(0, 120)}… (${url.length} characters)`;
}

/** True when a boot ratio, a delay distribution or a fault ratio makes the seed matter. */
function usesRandom(opts: ResolvedGatewayOptions): boolean {
  return typeof opts.bootStatus === 'object' || opts.responseDelay.kind !== 'fixed' || opts.callErrorRatio > 0 || opts.dropRatio > 0 || opts.unansweredRatio > 0;
}

/** One gateway process: the public Gateway, plus what the endpoints and a cluster worker read. */
export class EmbeddedGateway implements Gateway {
  port = 0;
  /** Read by the HTTP endpoints. */
  readonly registry = new ConnectionRegistry();
  /** Epoch milliseconds the gateway started listening; read by GET /health. */
  startedAt = Date.now();
  private readonly opts: ResolvedGatewayOptions;
  private readonly services: GatewayServices;
  private readonly wheel = new TimerWheel();
  private readonly inFlight = new InFlight();
  private readonly settings: ReadonlyMap<OcppVersion, SessionSettings>;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly guard: ApiGuard;
  /** The firmware download and upload endpoints of this process. */
  private readonly files: FileEndpoints;
  private upgrading = 0;
  private readonly outageWindow = new OutageWindow();
  /** Rules broken on purpose (`misbehave`). */
  private readonly misbehave: ReadonlySet<Misbehaviour>;
  private stopLiveness: () => void = () => {};
  private closing: Promise<void> | null = null;
  /** What acceptConnection reads of this process. */
  private readonly acceptHost: AcceptHost;

  /** `endpoints`: where the HTTP endpoints get their answers (default: this process alone). */
  constructor(opts: ResolvedGatewayOptions, endpoints?: EndpointSource) {
    this.opts = opts;
    this.misbehave = new Set(opts.misbehave ?? []);
    const metrics = new GatewayMetrics(() => this.registry.size);
    this.services = {
      state: new GatewayState((status) => metrics.boot(status)), metrics, logger: new Logger(opts.log, opts.logLevel), scheduler: this.wheel,
      hooks: opts, rateLimit: { perSec: opts.rateLimitPerSec, burst: opts.rateLimitBurst }, maxBufferedBytes: opts.maxBufferedBytes,
    };
    const tables = buildGatewayHandlers(opts, {
      state: this.services.state, scheduler: this.wheel, inFlight: this.inFlight,
      requested: {
        hold: (id, action, payload) => this.hold(id, action, payload), httpUrl: () => this.httpUrl,
      },
    });
    const misbehave = this.misbehave;
    this.settings = new Map([...tables].map(([version, handlers]) => [version, {
      handlers, callTimeoutMs: opts.callTimeoutMs, validator: opts.validate ? misbehavingValidator(validatorFor(version), misbehave) : undefined, misbehave,
      maxQueuedCalls: opts.maxQueuedCalls,
    }]));
    this.guard = apiGuard(opts);
    this.files = new FileEndpoints(opts, this.guard);
    this.http = createListener(opts, createHttpHandler(endpoints ?? localEndpoints(this), this.guard, misbehave, this.files));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.http.on('tlsClientError', (error: Error, socket: { remoteAddress?: string; remotePort?: number }) => {
      this.services.metrics.socketError();
      this.services.logger.warn(`TLS handshake with ${remoteAddressOf(socket)} failed: ${error.message}`);
    });
    this.wss = new WebSocketServer({
      noServer: true, perMessageDeflate: SERVE_DEFLATE, maxPayload: opts.maxPayload,
      // Pongs are written by ChargePointConnection.pinged, which names and counts a ping flood (ws would cut it silently).
      autoPong: false,
      handleProtocols: (offered) => (misbehave.has('subprotocol-first-offered') && offered.size > 1 ? [...offered][0] as string : chooseSubprotocol(offered)),
    });
    this.acceptHost = { services: this.services, settings: this.settings, registry: this.registry, misbehave, scheduler: this.wheel };
  }

  get seed(): number { return this.opts.seed; }
  uploads(): UploadsDescription { return this.files.uploads.describe(); }
  /** How long a gateway CALL waits for its answer, in milliseconds (a broadcast waits no longer). */
  get callTimeoutMs(): number { return this.opts.callTimeoutMs; }
  get connectionCount(): number { return this.registry.size; }
  get url(): string { return `${this.opts.tls ? 'wss' : 'ws'}://${this.authority()}${this.opts.path}`; }
  get httpUrl(): string { return `${this.opts.tls ? 'https' : 'http'}://${this.authority()}`; }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen({ port: this.opts.port, host: this.opts.host, exclusive: this.opts.exclusivePort === true }, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.http.on('error', (error) => this.services.logger.error(`http server error: ${error.message}`));
    this.port = (this.http.address() as AddressInfo).port;
    this.startedAt = Date.now();
    this.stopLiveness = startLiveness(() => this.registry.connections(), this.opts, this.services);
    this.services.logger.info(`listening on ${this.url} (${SERVED_VERSIONS.join(', ')})`);
    if (this.guard.closedBecause) {
      this.services.logger.warn(`HTTP API closed (${this.guard.closedBecause}, and no API token is set): every endpoint but /health and /metrics answers 401; set ${API_TOKEN_HINT}`);
    }
    if (usesRandom(this.opts)) this.services.logger.info(`random choices seeded with ${this.opts.seed} (pass seed ${this.opts.seed} to replay them)`);
  }

  /** `prepared`: the same CALL serialised once for a broadcast (prepareCall). */
  call(chargePointId: string, action: string, payload: Payload, prepared?: PreparedCall): Promise<Payload> {
    if (this.closing) return Promise.reject(new GatewayError('E_GATEWAY_CLOSED', `cannot send ${action}: the gateway is closed`));
    const connection = this.registry.get(chargePointId);
    if (!connection) {
      return Promise.reject(unknownChargePoint(chargePointId, action));
    }
    if (this.misbehave.has('calls-not-in-turn')) return sendWithoutWaiting(connection, action, payload);
    return prepared ? connection.session.callPrepared(prepared) : connection.session.call(action, payload);
  }

  /** A place held now in `chargePointId`'s queue for a CALL sent later (by `call`'s rules), or why not. */
  private hold(chargePointId: string, action: string, payload: Payload): HeldCall | string {
    if (this.closing) return 'the gateway is closed';
    const connection = this.registry.get(chargePointId);
    if (!connection) return unknownChargePoint(chargePointId, action).message;
    const reserved = connection.session.reserve(action, payload);
    if (reserved instanceof Error) return reserved.message;
    if (!this.misbehave.has('calls-not-in-turn')) return reserved;
    return { send: () => { reserved.release(); return sendWithoutWaiting(connection, action, payload); }, release: () => reserved.release() };
  }

  /**
   * A simulated outage: every connection is dropped at once, without a closing handshake (the
   * charge points see 1006, as when a central system dies), and upgrades are refused with 503
   * for `durationMs`. Returns how many were dropped and when it ends.
   */
  outage(durationMs: number): OutageAnswer {
    const until = this.outageWindow.begin(durationMs, Date.now());
    const sockets = [...this.wss.clients];
    for (const ws of sockets) ws.terminate();
    this.services.logger.warn(`simulated outage: ${sockets.length} connections dropped, upgrades refused until ${new Date(until).toISOString()}`);
    return { dropped: sockets.length, until: new Date(until).toISOString() };
  }

  connections(): Record<string, ConnectionInfo> { return this.registry.describe(); }
  metrics(): string { return this.services.metrics.render(); }
  stats(): GatewayStats { return this.services.state.snapshot(this.registry.size); }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private authority(): string {
    return `${this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host}:${this.port}`;
  }

  private async shutdown(): Promise<void> {
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, this.opts.shutdownTimeoutMs); });
      await Promise.race([this.inFlight.idle(), bound]).finally(() => clearTimeout(timer));
    }
    await closeSockets([...this.wss.clients], 1001, SHUTDOWN_REASON, CLOSE_GRACE_MS);
    this.http.closeAllConnections();
    await httpClosed;
    this.wss.close();
    this.stopLiveness();
    this.services.metrics.close();
    this.wheel.clear();
    if (this.port !== 0) this.services.logger.info('gateway closed');
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Every socket held counts: open, closing (replaced or refused, up to CLOSE_GRACE_MS) and mid-handshake.
    const decision = admit(req, this.opts, { closing: this.closing !== null, outage: this.outageWindow.active(Date.now()), connections: this.wss.clients.size + this.upgrading });
    if (!('id' in decision)) {
      this.services.metrics.upgradeRefused(decision.status);
      this.services.logger.info(`upgrade ${shorten(req.url ?? '')} from ${remoteAddressOf(req.socket)} refused: ${decision.status} ${decision.logReason ?? decision.message}`);
      refuseUpgrade(socket, decision.status, decision.message, decision.headers);
      return;
    }
    // ws settles compression before the subprotocol: only for a version whose registry row wants it.
    const offered = new Set(String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((t) => t.trim()).filter(Boolean));
    if (!offersDeflate(offered)) delete req.headers['sec-websocket-extensions'];
    // Handshakes under way count against maxConnections; released once, however the handshake ends.
    this.upgrading++;
    let counted = true;
    const release = (): void => {
      if (counted) {
        counted = false;
        this.upgrading--;
      }
    };
    socket.once('close', release);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      release();
      acceptConnection(ws, req, decision.id, this.acceptHost);
    });
  }
}

/**
 * Starts the embedded OCPP central system: one HTTP(S) server carrying the OCPP-J WebSocket
 * endpoint `{path}/{chargePointId}` and the HTTP endpoints of docs/gateway.md. Resolves once it
 * listens; rejects with GatewayError E_BAD_OPTIONS for bad options (before opening anything),
 * or with the listen error (e.g. EADDRINUSE) or a TLS key/certificate error.
 */
export function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  return openGateway(options);
}

/** startGateway, with the HTTP endpoints answered from `endpoints` (a cluster worker's). */
export async function openGateway(options: GatewayOptions, endpoints?: EndpointSource): Promise<EmbeddedGateway> {
  const resolved = resolveGatewayOptions(options);
  // Every version it serves is validated from the first connection on.
  await loadVersions(SERVED_VERSIONS);
  const gateway = new EmbeddedGateway(resolved, endpoints);
  try {
    await gateway.listen();
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return gateway;
}

export type { Gateway } from './gateway-api.js';
export type { BootPolicy, BootStatus, BootWeights, DelaySpec, GatewayAuthOptions, GatewayOptions, GatewayTlsOptions } from './options.js';
export type { GatewayStats } from './gateway-state.js';
export type { ConnectionInfo } from './charge-point-connection.js';
export { GatewayError } from './errors.js';
