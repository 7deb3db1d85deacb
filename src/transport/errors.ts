/** Why a connection attempt failed or a connection ended abnormally. */
export type TransportErrorCode =
  | 'E_HTTP_STATUS'
  | 'E_SUBPROTOCOL'
  | 'E_CONNECT'
  | 'E_HANDSHAKE_TIMEOUT'
  | 'E_SOCKET';

/** A transport failure with a string `code`; `status` is the HTTP status of a refused upgrade. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly status: number | undefined;
  /** A retry cannot succeed without a change of configuration (401, 403, subprotocol mismatch). */
  readonly fatal: boolean;
  /** The system error code of a failed connect, e.g. ECONNREFUSED. */
  readonly errno: string | undefined;
  /** The wait a 503 or 429 refusal asked for with Retry-After, capped (retry-after.ts), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(code: TransportErrorCode, message: string, options: { status?: number; fatal?: boolean; errno?: string; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    this.status = options.status;
    this.fatal = options.fatal ?? false;
    this.errno = options.errno;
    this.retryAfterMs = options.retryAfterMs;
  }

  /**
   * True when the cause is on this machine, not at the target: out of source ports or
   * addresses (EADDRNOTAVAIL, EADDRINUSE), file descriptors (EMFILE, ENFILE) or memory
   * (ENOMEM, ENOBUFS). A fleet whose charge points never connect for such a cause measured
   * the load generator, not the central system.
   */
  get local(): boolean {
    return this.errno !== undefined && LOCAL_CAUSES.has(this.errno);
  }

  /** A short stable label for counting errors by kind, e.g. `http-404` or `ECONNREFUSED`. */
  get label(): string {
    if (this.code === 'E_HTTP_STATUS') return `http-${this.status}`;
    return this.errno ?? this.code;
  }
}

/** System error codes of a connect that failed on this machine (see TransportError.local). */
export const LOCAL_CAUSES: ReadonlySet<string> = new Set(['EADDRNOTAVAIL', 'EADDRINUSE', 'EMFILE', 'ENFILE', 'ENOMEM', 'ENOBUFS']);

const UPGRADE_STATUS = /Unexpected server response: (\d+)/;

/** The failure of an upgrade the server refused with HTTP `code`; `retryAfterMs` when it sent a Retry-After we honour. */
export function httpRefusal(code: number, url: string, retryAfterMs?: number): TransportError {
  const hint = code === 401 ? ' (authentication required)' : code === 404 ? ' (unknown path or charge point id)' : code === 503 ? ' (server unavailable)' : '';
  const wait = retryAfterMs === undefined ? '' : `; Retry-After asks to wait ${Math.round(retryAfterMs / 1000)} s`;
  return new TransportError('E_HTTP_STATUS', `${url}: server refused the WebSocket upgrade with HTTP ${code}${hint}${wait}`,
    { status: code, fatal: code === 401 || code === 403, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/** Turns an error emitted by a `ws` client into a TransportError that names the cause. */
export function classifyWsError(error: Error & { code?: string }, url: string): TransportError {
  const status = UPGRADE_STATUS.exec(error.message);
  if (status?.[1]) return httpRefusal(Number(status[1]), url);
  if (/subprotocol/i.test(error.message)) {
    return new TransportError('E_SUBPROTOCOL', `${url}: server did not accept the offered OCPP subprotocol (${error.message})`, { fatal: true });
  }
  if (/handshake has timed out/i.test(error.message)) {
    return new TransportError('E_HANDSHAKE_TIMEOUT', `${url}: WebSocket handshake timed out`);
  }
  // A TLS client hello answered by a plain HTTP server: OpenSSL reads the HTTP reply as a bad record.
  if (error.code === 'EPROTO' && url.startsWith('wss:') && /wrong version number|packet length too long|http request/i.test(error.message)) {
    return new TransportError('E_CONNECT', `${url}: TLS handshake failed: the server does not speak TLS on this port (use ws:// instead of wss://)`, { errno: error.code, fatal: true });
  }
  if (error.code) {
    const tlsHint = url.startsWith('ws:') && (error.code === 'ECONNRESET' || /socket hang up/i.test(error.message)) ? ' (if the server serves TLS, use wss://)' : '';
    const detail = error.message.includes(error.code) ? error.message : `${error.code} ${error.message}`;
    return new TransportError('E_CONNECT', `${url}: cannot connect: ${detail}${tlsHint}`, { errno: error.code });
  }
  return new TransportError('E_SOCKET', `${url}: ${error.message}`);
}

/**
 * The close code a `ws` socket sends when it refuses what its peer sent (its receiver's
 * `WS_ERR_*` codes, RFC 6455 §7.4.1): 1007 for text that is not UTF-8, 1009 for a message over
 * maxPayload, 1008 for too many fragments, 1002 for broken framing. Undefined for other errors.
 */
export function closeCodeOfWsError(error: Error & { code?: string }): number | undefined {
  switch (error.code) {
    case 'WS_ERR_INVALID_UTF8': return 1007;
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH': return 1009;
    case 'WS_ERR_TOO_MANY_BUFFERED_PARTS': return 1008;
    default: return error.code?.startsWith('WS_ERR_') ? 1002 : undefined;
  }
}
