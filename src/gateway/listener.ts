import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ResolvedGatewayOptions } from './options.js';

type Pem = string | Buffer | Array<string | Buffer>;

/**
 * The HTTP server under the gateway: plain, TLS (security profile 2) or TLS requiring a client
 * certificate that chains to `tls.ca` (profile 3; anything else fails the TLS handshake).
 * TLS 1.2 at least (security whitepaper §2.4). `readTimeoutMs` bounds the TLS handshake and the
 * receipt of a request's headers and body (answered 408): slow or stalled clients cannot hold
 * sockets open before the upgrade.
 */
export function createListener(opts: ResolvedGatewayOptions, handler: RequestListener): Server {
  const readTimeoutMs = opts.readTimeoutMs;
  // Node checks request timeouts on this period (30 s by default): make it fit short timeouts.
  const connectionsCheckingInterval = Math.max(25, Math.min(30_000, Math.floor(readTimeoutMs / 4)));
  const tls = opts.tls;
  const server: Server = tls
    ? createHttpsServer({
      cert: tls.cert as Pem, key: tls.key as Pem, ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
      ...(tls.ca === undefined ? {} : { ca: tls.ca as Pem, requestCert: true, rejectUnauthorized: true }),
      minVersion: 'TLSv1.2', handshakeTimeout: readTimeoutMs, connectionsCheckingInterval,
    }, handler)
    : createHttpServer({ connectionsCheckingInterval }, handler);
  server.headersTimeout = readTimeoutMs;
  server.requestTimeout = readTimeoutMs;
  return server;
}
