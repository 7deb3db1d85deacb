import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TlsSettings } from './connection.js';

/** Why a file transfer failed: a string `code` and a one-line message naming the URL. */
export class FileTransferError extends Error {
  readonly code: 'E_SCHEME' | 'E_HTTP_STATUS' | 'E_TOO_LARGE' | 'E_TIMEOUT' | 'E_SOCKET' | 'E_REDIRECTS' | 'E_ABORTED';
  readonly status: number | undefined;

  constructor(code: FileTransferError['code'], message: string, status?: number) {
    super(message);
    this.name = 'FileTransferError';
    this.code = code;
    this.status = status;
  }
}

/** Bounds and credentials of one transfer. */
export interface FileTransferOptions {
  /** The whole transfer (connect, headers, body) must end within this many milliseconds. */
  timeoutMs: number;
  /** A download larger than this is cut off with E_TOO_LARGE. */
  maxBytes: number;
  /** Extra request headers (an Authorization the caller decided to send). */
  headers?: Readonly<Record<string, string>>;
  /** TLS for https:// (CA, client certificate). */
  tls?: TlsSettings;
  localAddress?: string;
  /** Aborting it ends the transfer at once (E_ABORTED). */
  signal?: AbortSignal;
}

/** What a finished download read. */
export interface DownloadResult {
  bytes: number;
  /** SHA-256 of the body, hex. */
  sha256: string;
}

/** Redirects a download follows (a firmware store often answers with one to its CDN). */
const MAX_REDIRECTS = 3;

/** The URL as a WHATWG URL; `http:` and `https:` only (an ftp:// location is a failed transfer, not a crash). */
function httpUrl(location: string): URL {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new FileTransferError('E_SCHEME', `'${location.slice(0, 120)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FileTransferError('E_SCHEME', `${url.protocol} is not supported (http: and https: only): ${url.origin}`);
  return url;
}

/** Userinfo of the URL (ftp-style `user:pass@host`, which OCPP locations carry) as a Basic header. */
function userinfoHeader(url: URL): Record<string, string> {
  if (url.username === '' && url.password === '') return {};
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
}

function requestOptions(url: URL, method: string, opts: FileTransferOptions, extra: Record<string, string | number>): RequestOptions {
  const { ca, cert, key, insecure } = url.protocol === 'https:' && opts.tls ? opts.tls : {};
  const tls = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(insecure ? { rejectUnauthorized: false } : {}) };
  return {
    method, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? undefined : Number(url.port), path: `${url.pathname}${url.search}`,
    headers: { ...opts.headers, ...userinfoHeader(url), ...extra }, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}), ...tls,
  };
}

/**
 * Sends one request and settles with its response (headers read), or rejects with
 * FileTransferError. `deadline` (epoch ms) bounds everything, body included: past it the
 * socket is destroyed.
 */
function exchange(url: URL, options: RequestOptions, body: Buffer | undefined, deadline: number, consume: (res: IncomingMessage) => Promise<void>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FileTransferError('E_ABORTED', `${url.origin}${url.pathname}: aborted`));
      return;
    }
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options);
    const timer = setTimeout(() => {
      req.destroy(new FileTransferError('E_TIMEOUT', `${options.method ?? 'GET'} ${url.origin}${url.pathname} did not finish in time`));
    }, Math.max(0, deadline - Date.now()));
    const abort = (): void => { req.destroy(new FileTransferError('E_ABORTED', `${url.origin}${url.pathname}: aborted`)); };
    signal?.addEventListener('abort', abort, { once: true });
    const fail = (error: Error): void => {
      signal?.removeEventListener('abort', abort);
      clearTimeout(timer);
      reject(error instanceof FileTransferError ? error : new FileTransferError('E_SOCKET', `${url.origin}${url.pathname}: ${error.message}`));
    };
    req.once('error', fail);
    req.once('response', (res) => {
      consume(res).then(() => { signal?.removeEventListener('abort', abort); clearTimeout(timer); resolve(); }, (error: Error) => { req.destroy(); fail(error); });
    });
    req.end(body);
  });
}

/** Reads a response body up to `maxBytes`, hashing it; more is E_TOO_LARGE. */
function readBounded(res: IncomingMessage, url: URL, maxBytes: number): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        res.destroy();
        reject(new FileTransferError('E_TOO_LARGE', `${url.origin}${url.pathname} is larger than ${maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
    });
    res.once('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
    res.once('error', reject);
    res.once('aborted', () => reject(new FileTransferError('E_SOCKET', `${url.origin}${url.pathname}: the body was cut short`)));
  });
}

/**
 * Downloads `location` with GET (http: or https:), following at most 3 redirects, reading at
 * most `maxBytes` and ending within `timeoutMs` in all. Resolves with size and SHA-256; rejects
 * with FileTransferError for any other scheme, a status other than 2xx, a body too large, a
 * timeout or a socket error. The body is hashed and dropped, never kept whole.
 */
export async function downloadFile(location: string, opts: FileTransferOptions): Promise<DownloadResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let url = httpUrl(location);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let result: DownloadResult | undefined;
    let next: string | undefined;
    await exchange(url, requestOptions(url, 'GET', opts, {}), undefined, deadline, async (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        next = res.headers.location;
        return;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new FileTransferError('E_HTTP_STATUS', `GET ${url.origin}${url.pathname} answered ${status}`, status);
      }
      result = await readBounded(res, url, opts.maxBytes);
    }, opts.signal);
    if (result) return result;
    // Credentials of the first URL are not carried to another origin.
    const target = httpUrl(new URL(next as string, url).href);
    if (target.origin !== url.origin) opts = { ...opts, headers: {} };
    url = target;
  }
  throw new FileTransferError('E_REDIRECTS', `${location.slice(0, 120)}: more than ${MAX_REDIRECTS} redirects`);
}

/**
 * Uploads `body` to `location` with HTTP PUT (`application/octet-stream`, Content-Length set),
 * the way a charger's `curl -T` does, within `timeoutMs`. Resolves with the status on 2xx;
 * rejects with FileTransferError otherwise. The response body is read and dropped.
 */
export async function uploadFile(location: string, body: Buffer, opts: FileTransferOptions): Promise<number> {
  const url = httpUrl(location);
  let status = 0;
  await exchange(url, requestOptions(url, 'PUT', opts, { 'content-type': 'application/octet-stream', 'content-length': body.length }), body, Date.now() + opts.timeoutMs, async (res) => {
    status = res.statusCode ?? 0;
    res.resume();
    await new Promise<void>((resolve) => { res.once('end', resolve); res.once('close', resolve); });
    if (status < 200 || status >= 300) throw new FileTransferError('E_HTTP_STATUS', `PUT ${url.origin}${url.pathname} answered ${status}`, status);
  }, opts.signal);
  return status;
}
