import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus.js';

/** A listening `--metrics-port` server. */
export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  /** Stops listening and drops open connections (scrapers reconnect to the next run's server). */
  close(): Promise<void>;
}

/** Scrapers connected at once, at most (Prometheus keeps one; a few more for curl and browsers). */
const MAX_CONNECTIONS = 16;

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EACCES' ? 'permission denied' : error.code === 'EADDRNOTAVAIL' ? 'no such local address' : error.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Serves `GET /metrics` (and `HEAD`) with `render()`'s Prometheus text on `host:port` (port 0
 * picks a free one); other paths get 404, other methods 405. A render that throws answers 500
 * with one line. Connections, header time and idle keep-alive are bounded. Rejects with a
 * one-line Error when it cannot listen.
 */
export async function startMetricsServer(host: string, port: number, render: () => string): Promise<MetricsServer> {
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    let text: string;
    try {
      text = render();
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`cannot render the metrics: ${(error as Error).message}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
    res.end(req.method === 'HEAD' ? undefined : text);
  });
  server.maxConnections = MAX_CONNECTIONS;
  const address = await listen(server, host, port);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
