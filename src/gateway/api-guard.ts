import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostOfHeader, isLoopbackHost, listeningNames } from './listening-names.js';
import type { ResolvedGatewayOptions } from './options.js';

/** Paths anyone may read (no token, no Host or Origin check): read-only figures without ids or payloads. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health', '/metrics']);

/** How to pass the API credential, named in every refusal (flag, environment variable, library option). */
export const API_TOKEN_HINT = '--api-token-file, OCPP_SIM_API_TOKEN or --api-token (apiToken in the library)';

/** The challenge of a 401 from the API: Bearer, never Basic, so a browser neither prompts nor replays cached Basic credentials. */
export const API_CHALLENGE = 'Bearer realm="ocpp-sim API"';

/** Why the API refused a request: HTTP status, error code, a one-line description, extra headers. */
export interface ApiRefusal {
  readonly status: 401 | 403 | 415;
  readonly code: string;
  readonly description: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The gate every HTTP API request passes before its endpoint runs (docs/security.md). */
export interface ApiGuard {
  /** Undefined when `req` for `pathname` may proceed, else why not. */
  check(req: IncomingMessage, pathname: string): ApiRefusal | undefined;
  /** When the API needs a credential none was given for: why (for the start-up warning); else undefined. */
  readonly closedBecause: string | undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Why the API must be protected when no token is given, or undefined when loopback with no charge point authentication. */
function protectionReason(opts: ResolvedGatewayOptions): string | undefined {
  if (opts.auth) return 'charge point authentication (Basic passwords) is on';
  if (opts.tls?.ca !== undefined) return 'charge point authentication (client certificates) is on';
  if (!isLoopbackHost(opts.host)) return `the gateway listens on ${opts.host}, beyond loopback`;
  return undefined;
}

const MEDIA_TYPE = /^\s*application\/json\s*(?:;.*)?$/i;

/**
 * Builds the gate from the gateway's options. For every path outside PUBLIC_PATHS, in this
 * order: a `Host` that is not one of the gateway's listening names (or `allowedHosts`) → 403
 * (DNS rebinding); an `Origin` header not in `allowedOrigins` → 403 (a browser page elsewhere);
 * no valid `Authorization: Bearer <apiToken>` → 401, and without `apiToken` the API is open only
 * on loopback with no charge point authentication, else every request gets 401 naming the
 * option; a body that is not `application/json` on a method other than GET/HEAD → 415 (the
 * content types a cross-site form or no-CORS fetch can send are all refused).
 */
export function apiGuard(opts: ResolvedGatewayOptions): ApiGuard {
  const names = listeningNames(opts.host, opts.allowedHosts);
  const origins = new Set(opts.allowedOrigins);
  const token = opts.apiToken === undefined ? undefined : digest(opts.apiToken);
  const closedBecause = token === undefined ? protectionReason(opts) : undefined;
  const authProblem = (header: string | undefined): ApiRefusal | undefined => {
    if (token === undefined) {
      if (closedBecause === undefined) return undefined;
      return { status: 401, code: 'E_API_CLOSED', description: `the HTTP API needs a token because ${closedBecause}: start the gateway with ${API_TOKEN_HINT}`, headers: { 'WWW-Authenticate': API_CHALLENGE } };
    }
    const given = /^Bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), token)) return undefined;
    return { status: 401, code: 'E_UNAUTHORIZED', description: `${given === undefined ? 'no' : 'wrong'} API token: send Authorization: Bearer <token>`, headers: { 'WWW-Authenticate': API_CHALLENGE } };
  };
  return {
    closedBecause,
    check(req, pathname) {
      if (PUBLIC_PATHS.has(pathname)) return undefined;
      const host = hostOfHeader(req.headers.host);
      if (host === undefined || !names.has(host)) {
        return { status: 403, code: 'E_HOST_NOT_ALLOWED', description: `Host '${String(req.headers.host ?? '')}' is not a name of this gateway (add it with --allowed-host)` };
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin)) {
        return { status: 403, code: 'E_ORIGIN_NOT_ALLOWED', description: `Origin '${origin}' is not allowed (cross-site calls are refused; see --allowed-origin)` };
      }
      const auth = authProblem(req.headers.authorization);
      if (auth) return auth;
      if (req.method !== 'GET' && req.method !== 'HEAD' && !MEDIA_TYPE.test(req.headers['content-type'] ?? '')) {
        return { status: 415, code: 'E_UNSUPPORTED_MEDIA_TYPE', description: 'the body must be sent as Content-Type: application/json' };
      }
      return undefined;
    },
  };
}
