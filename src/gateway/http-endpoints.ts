import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload } from '../protocol/frame.js';
import { BadRequest, callOutcome, parseCallRequest, readJsonBody } from './call-api.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.js';

/** What the HTTP endpoints read from, and do through, their gateway. */
export interface EndpointSource {
  /** Epoch milliseconds the gateway started listening. */
  readonly startedAt: number;
  readonly registry: ConnectionRegistry;
  /** The Prometheus exposition text. */
  metricsText(): string;
  call(chargePointId: string, action: string, payload: Payload): Promise<Payload>;
}

/** Formats a duration in milliseconds as hours, minutes and whole seconds: `2h30m15s`, `0h0m0s`. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 3600)}h${Math.floor((total % 3600) / 60)}m${total % 60}s`;
}

function send(res: ServerResponse, status: number, text: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');

const CALL_ONE = /^\/connections\/([^/]+)\/call$/;

async function callOne(source: EndpointSource, encodedId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    throw new BadRequest(400, 'charge point id is not valid percent-encoding');
  }
  const { action, payload } = parseCallRequest(await readJsonBody(req));
  const { status, body } = await callOutcome(source.call(id, action, payload));
  sendJson(res, status, body);
}

async function callMany(source: EndpointSource, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { action, payload, prefix } = parseCallRequest(await readJsonBody(req));
  const ids = [...source.registry.ids()].filter((id) => prefix === undefined || id.startsWith(prefix));
  const outcomes = await Promise.all(ids.map((id) => callOutcome(source.call(id, action, payload))));
  sendJson(res, 200, { results: Object.fromEntries(ids.map((id, i) => [id, outcomes[i]?.body])) });
}

/**
 * The gateway's plain HTTP requests (docs/gateway.md): `GET /health`, `GET /connections`,
 * `GET /metrics` (Prometheus text), `POST /connections/{id}/call` and `POST /call` (broadcast).
 * A wrong method on a known path answers 405, anything else 404; query strings are ignored.
 */
export function createHttpHandler(source: EndpointSource): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0] as string;
    const now = Date.now();
    const route = (method: string, action: () => void | Promise<void>): void => {
      if (req.method !== method) {
        res.setHeader('allow', method);
        sendJson(res, 405, { error: `method not allowed: use ${method}`, path: pathname });
        return;
      }
      Promise.resolve().then(action).catch((error: unknown) => {
        if (error instanceof BadRequest) sendJson(res, error.status, { error: { code: 'E_BAD_REQUEST', description: error.message } });
        else sendJson(res, 500, { error: { code: 'E_INTERNAL', description: error instanceof Error ? error.message : String(error) } });
      });
    };
    if (pathname === '/health') {
      return route('GET', () => sendJson(res, 200, {
        status: 'healthy', timestamp: new Date(now).toISOString(), connections: source.registry.size, uptime: formatUptime(now - source.startedAt),
      }));
    }
    if (pathname === '/connections') {
      return route('GET', () => sendJson(res, 200, {
        total_connections: source.registry.size, connections: source.registry.describe(), timestamp: new Date(now).toISOString(),
      }));
    }
    if (pathname === '/metrics') return route('GET', () => send(res, 200, source.metricsText(), PROMETHEUS_CONTENT_TYPE));
    if (pathname === '/call') return route('POST', () => callMany(source, req, res));
    const one = CALL_ONE.exec(pathname);
    if (one) return route('POST', () => callOne(source, one[1] as string, req, res));
    sendJson(res, 404, { error: 'not found', path: pathname });
  };
}
