import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionRegistry } from './connection-registry.js';

/** What the HTTP endpoints read from their gateway. */
export interface EndpointSource {
  /** Epoch milliseconds the gateway started listening. */
  readonly startedAt: number;
  readonly registry: ConnectionRegistry;
}

/** Formats a duration in milliseconds as hours, minutes and whole seconds: `2h30m15s`, `0h0m0s`. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 3600)}h${Math.floor((total % 3600) / 60)}m${total % 60}s`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The gateway's plain HTTP requests: `GET /health` and `GET /connections` answer JSON 200;
 * anything else answers JSON 404. Query strings are ignored.
 */
export function createHttpHandler(source: EndpointSource): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0];
    const now = Date.now();
    if (req.method === 'GET' && pathname === '/health') {
      sendJson(res, 200, {
        status: 'healthy',
        timestamp: new Date(now).toISOString(),
        connections: source.registry.size,
        uptime: formatUptime(now - source.startedAt),
      });
      return;
    }
    if (req.method === 'GET' && pathname === '/connections') {
      sendJson(res, 200, {
        total_connections: source.registry.size,
        connections: source.registry.describe(),
        timestamp: new Date(now).toISOString(),
      });
      return;
    }
    sendJson(res, 404, { error: 'not found', path: pathname });
  };
}
