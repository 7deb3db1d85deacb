import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { BASIC_CHALLENGE, basicAuthProblem } from './basic-auth.js';
import { certificateIdProblem } from './client-cert.js';
import { parseIdentity } from './identity.js';
import type { Misbehaviour } from './misbehaviours.js';
import type { ResolvedGatewayOptions } from './options.js';

/** The raw last segment of `{basePath}/{segment}` (no further '/', not empty), or undefined for any other path. */
function idSegmentOf(requestUrl: string | undefined, basePath: string): string | undefined {
  const pathname = (requestUrl ?? '').split('?', 1)[0] ?? '';
  const prefix = `${basePath}/`;
  if (!pathname.startsWith(prefix)) return undefined;
  const segment = pathname.slice(prefix.length);
  return segment.length === 0 || segment.includes('/') ? undefined : segment;
}

/**
 * The charge point id of an upgrade request for `{basePath}/{id}` (OCPP-J §3.1.1): the last
 * path segment, percent-decoded, non-empty. Undefined for any other path, a further '/', or
 * bad percent-encoding. `basePath` has no trailing slash ('' for the root). The identity rules
 * are applied by `admit` (identity.ts).
 */
export function chargePointIdFrom(requestUrl: string | undefined, basePath: string): string | undefined {
  const segment = idSegmentOf(requestUrl, basePath);
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Why an upgrade is refused: the HTTP status, a message for the client, extra headers, and a reason for the log. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly logReason?: string;
}

/** What admission needs to know about the gateway right now. */
export interface AdmissionState {
  readonly closing: boolean;
  /** A simulated outage is under way (outage.ts). */
  readonly outage?: boolean;
  /** Connections open plus handshakes under way. */
  readonly connections: number;
}

/**
 * Decides an upgrade request before the handshake, in this order: shutting down or a simulated
 * outage → 503; path not
 * `{path}/{id}` → 404 (OCPP-J §3.2); an id breaking OCPP's identity rules (identity.ts) → 400
 * with the reason; an `Origin` not allowed → 403; with mutual TLS and `certIdCheck`, a client
 * certificate whose subject CN is not the id → 403 (client-cert.ts); Basic auth failing → 401
 * with a challenge (security whitepaper §2.3); `maxConnections` reached → 503. Returns the
 * charge point id, or the refusal.
 */
export function admit(req: IncomingMessage, opts: ResolvedGatewayOptions, state: AdmissionState): { id: string } | Refusal {
  if (state.closing) return { status: 503, message: 'gateway shutting down' };
  if (state.outage) return { status: 503, message: 'central system outage (simulated)' };
  const segment = idSegmentOf(req.url, opts.path);
  if (segment === undefined) return { status: 404, message: `no OCPP endpoint here: connect to ${opts.path}/{chargePointId}` };
  const identity = parseIdentity(segment);
  if ('problem' in identity) return { status: 400, message: identity.problem };
  const { id } = identity;
  const origin = req.headers.origin;
  if (origin !== undefined && opts.allowedOrigins.length > 0 && !opts.allowedOrigins.includes(origin)) {
    return { status: 403, message: 'origin not allowed', logReason: `origin ${origin} not allowed` };
  }
  if (opts.tls?.ca !== undefined && opts.certIdCheck) {
    const problem = certificateIdProblem(req.socket, id);
    if (problem) return { status: 403, message: 'client certificate does not match the charge point id', logReason: problem };
  }
  if (opts.auth) {
    const problem = basicAuthProblem(req.headers.authorization, id, opts.auth);
    if (problem && !overlooked(problem, opts.misbehave)) return { status: 401, message: 'authentication required', headers: { 'WWW-Authenticate': BASIC_CHALLENGE }, logReason: problem };
  }
  if (opts.maxConnections > 0 && state.connections >= opts.maxConnections) {
    return { status: 503, message: `connection limit reached (${opts.maxConnections})`, headers: { 'Retry-After': '10' } };
  }
  return { id };
}

/** The Basic auth problems the auth misbehaviours let through, by problem text of basicAuthProblem. */
const OVERLOOKED: ReadonlyArray<[Misbehaviour, string]> = [
  ['basic-auth-any-password', 'wrong password'],
  ['basic-auth-optional', 'no Authorization header'],
  ['basic-auth-any-username', 'username is not the charge point id'],
];

function overlooked(problem: string, misbehave: readonly Misbehaviour[] | undefined): boolean {
  return misbehave !== undefined && OVERLOOKED.some(([name, text]) => problem === text && misbehave.includes(name));
}

/** Refuses an upgrade with a plain HTTP status and JSON body, and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  // The peer may already be gone; a write error must not become an uncaught exception.
  socket.on('error', () => socket.destroy());
  const body = `${JSON.stringify({ error: message })}\n`;
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n${extra}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** "host:port" of the peer, with IPv6 addresses in brackets. */
export function remoteAddressOf(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  const address = socket.remoteAddress ?? 'unknown';
  return `${address.includes(':') ? `[${address}]` : address}:${socket.remotePort ?? 0}`;
}
