import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { OcppVersion } from '../protocol/versions.js';
import type { Scheduler } from '../clock/scheduler.js';
import { ChargePointConnection, type SessionSettings } from './charge-point-connection.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { Misbehaviour } from './misbehaviours.js';
import { SERVED_VERSIONS, isServed } from './protocols.js';
import { callHook, type GatewayServices } from './services.js';
import { closeWithin } from './socket-shutdown.js';
import { remoteAddressOf } from './upgrade.js';

// OCPP-J is text only (§4.1.2): a binary frame reaches the session as text it reports as not JSON.
const BINARY_FRAME = '<binary frame>';

/** What accepting a connection needs of the gateway process. */
export interface AcceptHost {
  readonly services: GatewayServices;
  readonly settings: ReadonlyMap<OcppVersion, SessionSettings>;
  readonly registry: ConnectionRegistry;
  /** Rules broken on purpose (`misbehave`). */
  readonly misbehave: ReadonlySet<Misbehaviour>;
  readonly scheduler: Scheduler;
}

/**
 * A WebSocket whose upgrade was admitted: refused at once (1002) without a served OCPP
 * subprotocol, otherwise a ChargePointConnection registered (replacing an older one of the same
 * id), counted, logged and wired to the socket's messages, pings, pongs and close.
 */
export function acceptConnection(ws: WebSocket, req: IncomingMessage, id: string, host: AcceptHost): void {
  const { logger, metrics } = host.services;
  const remote = remoteAddressOf(req.socket);
  ws.on('error', (error) => {
    metrics.socketError();
    logger.warn(`${id}: socket error: ${error.message}`, id);
    callHook(host.services, 'onError', { chargePointId: id, error });
  });
  const protocol = ws.protocol;
  if (!isServed(protocol)) {
    // OCPP-J §3.2: no common subprotocol → complete the handshake without one, then close at once.
    const reason = `no supported OCPP subprotocol offered; this gateway speaks ${SERVED_VERSIONS.join(', ')}`;
    logger.info(`${id} from ${remote} refused: ${reason} (offered: ${req.headers['sec-websocket-protocol'] ?? 'none'})`, id);
    if (!host.misbehave.has('keep-unsupported-subprotocol')) closeWithin(ws, 1002, reason, host.scheduler);
    return;
  }
  const connection = new ChargePointConnection(id, ws, remote, protocol, host.services, host.settings.get(protocol) as SessionSettings);
  if (host.registry.add(connection, host.misbehave.has('keep-replaced-connection'))) logger.info(`${id}: older connection replaced`, id);
  metrics.connectionOpened(protocol);
  logger.info(`${id} connected from ${remote} (${protocol})`, id);
  callHook(host.services, 'onConnect', { chargePointId: id, protocol, remoteAddress: remote });
  ws.on('message', (data, isBinary) => connection.receive(isBinary ? BINARY_FRAME : data.toString()));
  ws.on('pong', () => connection.alive());
  const pong = !host.misbehave.has('no-pong');
  ws.on('ping', (data) => connection.pinged(data, pong));
  ws.on('close', (code, reason) => {
    connection.session.close(`connection closed (${code})`);
    host.registry.remove(connection);
    const durationMs = Date.now() - connection.connectedAt;
    metrics.connectionClosed(durationMs);
    logger.info(`${id} disconnected (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`, id);
    callHook(host.services, 'onDisconnect', { chargePointId: id, code, reason: reason.toString(), durationMs });
  });
}
