import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The charge point id of an upgrade request for `{basePath}/{id}` (OCPP-J §3.1.1): the last
 * path segment, percent-decoded, non-empty. Undefined for any other path, a further '/', or
 * bad percent-encoding. `basePath` has no trailing slash ('' for the root).
 */
export function chargePointIdFrom(requestUrl: string | undefined, basePath: string): string | undefined {
  const pathname = (requestUrl ?? '').split('?', 1)[0] ?? '';
  const prefix = `${basePath}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const segment = pathname.slice(prefix.length);
  if (segment.length === 0 || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Refuses an upgrade with a plain HTTP status and closes the socket (OCPP-J §3.2: unknown path → 404). */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  // The peer may already be gone; a write error must not become an uncaught exception.
  socket.on('error', () => socket.destroy());
  const body = `${JSON.stringify({ error: message })}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** "host:port" of the peer, with IPv6 addresses in brackets. */
export function remoteAddressOf(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  const address = socket.remoteAddress ?? 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}:${socket.remotePort ?? 0}`;
}
