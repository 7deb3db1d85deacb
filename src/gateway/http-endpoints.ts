import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload } from '../protocol/frame.js';
import { BadRequest, parseCallRequest, readJsonBody, type CallOutcome } from './call-api.js';
import type { ConnectionInfo } from './charge-point-connection.js';
import type { ApiGuard } from './api-guard.js';
import { GatewayError } from './errors.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus.js';
import { outageDurationOf, type OutageAnswer } from './outage.js';
import type { Misbehaviour } from './misbehaviours.js';
import { TRIGGER_PATH, triggerCall } from './trigger-api.js';
import type { FileEndpoints } from './file-endpoints.js';
import { send, sendJson } from './http-reply.js';

/** The figures of GET /health besides status and time. */
export interface HealthFacts {
  /** Charge points connected now. */
  connections: number;
  /** Epoch milliseconds the gateway started listening. */
  startedAt: number;
  /** With worker processes: how many run now, of how many started. */
  workers?: { running: number; total: number };
}

/**
 * What the HTTP endpoints answer from: one gateway process (local-endpoints.ts), or every
 * worker of a cluster at once (cluster/worker-endpoints.ts). A GatewayError
 * `E_WORKER_UNAVAILABLE` from a read answers 503.
 */
export interface EndpointSource {
  health(): Promise<HealthFacts>;
  /** Rows of GET /connections by charge point id. */
  connections(): Promise<Record<string, ConnectionInfo>>;
  /** The Prometheus exposition text. */
  metricsText(): Promise<string>;
  /** Sends one CALL and settles with the API's answer to it. */
  callOne(chargePointId: string, action: string, payload: Payload): Promise<CallOutcome>;
  /** Sends the CALL to every connected charge point whose id starts with `prefix` (all without one). */
  callMany(action: string, payload: Payload, prefix: string | undefined): Promise<Record<string, CallOutcome['body']>>;
  /** Starts a simulated outage of `durationMs` (every process of the gateway). */
  outage(durationMs: number): Promise<OutageAnswer>;
}

/** Formats a duration in milliseconds as hours, minutes and whole seconds: `2h30m15s`, `0h0m0s`. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 3600)}h${Math.floor((total % 3600) / 60)}m${total % 60}s`;
}

const CALL_ONE = /^\/connections\/([^/]+)\/call$/;

async function callOne(source: EndpointSource, encodedId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let id: string;
  try {
    id = decodeURIComponent(encodedId);
  } catch {
    throw new BadRequest(400, 'charge point id is not valid percent-encoding');
  }
  const { action, payload } = parseCallRequest(await readJsonBody(req));
  const { status, body } = await source.callOne(id, action, payload);
  sendJson(res, status, body);
}

async function callMany(source: EndpointSource, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { action, payload, prefix } = parseCallRequest(await readJsonBody(req));
  sendJson(res, 200, { results: await source.callMany(action, payload, prefix) });
}

async function health(source: EndpointSource, res: ServerResponse): Promise<void> {
  const { connections, startedAt, workers } = await source.health();
  const now = Date.now();
  const status = workers && workers.running < workers.total ? 'degraded' : 'healthy';
  sendJson(res, 200, {
    status, timestamp: new Date(now).toISOString(), connections, uptime: formatUptime(now - startedAt), ...(workers ? { workers } : {}),
  });
}

async function connections(source: EndpointSource, res: ServerResponse): Promise<void> {
  const rows = await source.connections();
  sendJson(res, 200, { total_connections: Object.keys(rows).length, connections: rows, timestamp: new Date().toISOString() });
}

/**
 * The gateway's plain HTTP requests (docs/gateway.md): `GET /health`, `GET /connections`,
 * `GET /metrics` (Prometheus text), `POST /connections/{id}/call`, `POST /call` (broadcast),
 * `POST /outage` (a simulated outage: `{"duration": "60s"}`) and the trigger API
 * `POST /api/octt/{version}/{id}/{kebab-action}` (trigger-api.ts; `misbehave` holds its misbehaviours),
 * and with `files` the file transfer paths `/firmware/{name}`, `/uploads/{name}`, `/uploads`
 * under their own rule (file-endpoints.ts).
 * Every request for a known path passes `guard` first (Host, Origin, token, content type:
 * 401/403/415), so an endpoint added here is covered by construction. A wrong method on a
 * known path answers 405, anything else 404; query strings are ignored.
 */
export function createHttpHandler(source: EndpointSource, guard: ApiGuard, misbehave: ReadonlySet<Misbehaviour> = new Set(), files?: FileEndpoints): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0] as string;
    if (files?.handles(req, res, pathname)) return;
    const route = (method: string, action: () => Promise<void>): void => {
      const refusal = guard.check(req, pathname);
      if (refusal) {
        for (const [name, value] of Object.entries(refusal.headers ?? {})) res.setHeader(name, value);
        // The body is not read: close the connection rather than leave it to drain.
        res.setHeader('connection', 'close');
        sendJson(res, refusal.status, { error: { code: refusal.code, description: refusal.description } });
        return;
      }
      if (req.method !== method) {
        res.setHeader('allow', method);
        sendJson(res, 405, { error: `method not allowed: use ${method}`, path: pathname });
        return;
      }
      Promise.resolve().then(action).catch((error: unknown) => {
        if (error instanceof BadRequest) sendJson(res, error.status, { error: { code: 'E_BAD_REQUEST', description: error.message } });
        else if (error instanceof GatewayError) sendJson(res, 503, { error: { code: error.code, description: error.message } });
        else sendJson(res, 500, { error: { code: 'E_INTERNAL', description: error instanceof Error ? error.message : String(error) } });
      });
    };
    if (pathname === '/health') return route('GET', () => health(source, res));
    if (pathname === '/connections') return route('GET', () => connections(source, res));
    if (pathname === '/metrics') return route('GET', async () => send(res, 200, await source.metricsText(), PROMETHEUS_CONTENT_TYPE));
    if (pathname === '/call') return route('POST', () => callMany(source, req, res));
    if (pathname === '/outage') return route('POST', async () => sendJson(res, 200, await source.outage(outageDurationOf(await readJsonBody(req)))));
    const trigger = TRIGGER_PATH.exec(pathname);
    if (trigger) return route('POST', async () => { const { status, body } = await triggerCall(source, trigger, req, misbehave); sendJson(res, status, body); });
    const one = CALL_ONE.exec(pathname);
    if (one) return route('POST', () => callOne(source, one[1] as string, req, res));
    sendJson(res, 404, { error: 'not found', path: pathname });
  };
}
