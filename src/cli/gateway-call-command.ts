import { resolve } from 'node:path';
import { parseDuration } from '../clock/duration.js';
import { API_TOKEN_ENV, resolveApiToken } from './api-token.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { Problems } from './options.js';

/** The `gateway call` flags as commander hands them over. */
export interface GatewayCallFlags {
  url: string;
  timeout: string;
  apiToken?: string;
  apiTokenFile?: string;
}

/** The token to send: --api-token or --api-token-file (not both), else OCPP_SIM_API_TOKEN; undefined when none. */
async function tokenOf(flags: GatewayCallFlags, io: Io): Promise<string | undefined> {
  const p = new Problems();
  const env = io.env[API_TOKEN_ENV];
  const [token, tokenLabel] = flags.apiToken !== undefined ? [flags.apiToken, '--api-token'] : env !== undefined && env !== '' ? [env, API_TOKEN_ENV] : [undefined, '--api-token'];
  const file = flags.apiTokenFile === undefined ? undefined : resolve(io.cwd, flags.apiTokenFile);
  const value = await resolveApiToken({ token, tokenLabel, file, fileLabel: '--api-token-file' }, p);
  p.throwIfAny('gateway call');
  return value;
}

/** Where `gateway call` finds the gateway's HTTP API by default, and how long it waits for the answer. */
export const GATEWAY_CALL_DEFAULTS = Object.freeze({ url: 'http://127.0.0.1:8080', timeout: '35s' });

function parsePayload(text: string): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new CliError(`payload is not valid JSON: ${(error as Error).message}`, EXIT.INVALID_CONFIG, `quote it for the shell, e.g. '{"type":"Soft"}'`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new CliError('payload must be a JSON object such as {"type":"Soft"}', EXIT.INVALID_CONFIG);
  }
  return payload as Record<string, unknown>;
}

function parseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--url is not a valid URL (got '${raw}')`, EXIT.INVALID_CONFIG, 'e.g. --url http://127.0.0.1:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--url must start with http:// or https:// (got '${raw}')`, EXIT.INVALID_CONFIG);
  return raw.replace(/\/+$/, '');
}

/** One line for an answer other than a CALLRESULT: what happened, the OCPP error if any, and where to look. */
function failureLine(status: number, id: string, action: string, base: string, error: { code?: string; description?: string } | undefined): string {
  const detail = [error?.code, error?.description].filter(Boolean).join(' ');
  if (status === 404 && error?.code === 'E_UNKNOWN_CHARGE_POINT') return `no charge point '${id}' is connected to the gateway at ${base} (GET ${base}/connections lists the connected ones)`;
  if (status === 502) return `${id} answered ${action} with a CALLERROR: ${detail}`;
  if (status === 504) return `${id} did not answer ${action} in time${detail ? `: ${detail}` : ''} (--timeout sets how long to wait)`;
  return `${action} to ${id} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`;
}

/**
 * `ocpp-sim gateway call <id> <action> [payload]`: asks a running gateway (its HTTP API, POST
 * /connections/{id}/call) to send one CALL and prints the JSON answer on stdout. Exit 0 on a
 * CALLRESULT; 1 on a CallError, timeout, unknown id, unreachable gateway or refused token; 104 on
 * bad arguments. The API token (--api-token-file, --api-token or OCPP_SIM_API_TOKEN) goes as
 * `Authorization: Bearer`.
 */
export async function gatewayCallCommand(id: string, action: string, payloadText: string | undefined, flags: GatewayCallFlags, io: Io): Promise<number> {
  const payload = parsePayload(payloadText ?? '{}');
  if (!/^[A-Za-z0-9]+$/.test(action)) throw new CliError(`action must be an OCPP action name such as Reset (got '${action}')`, EXIT.INVALID_CONFIG);
  const base = parseBaseUrl(flags.url);
  const timeoutMs = parseDuration(flags.timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) throw new CliError(`--timeout must be a duration such as 35s (got '${flags.timeout}')`, EXIT.INVALID_CONFIG);
  const token = await tokenOf(flags, io);
  const endpoint = `${base}/connections/${encodeURIComponent(id)}/call`;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }, body: JSON.stringify({ action, payload }), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CliError(`cannot reach the gateway at ${base} (${cause})`, EXIT.RUN_FAILED, 'is `ocpp-sim gateway` running there? set --url');
  }
  const text = await response.text();
  let body: { result?: unknown; error?: { code?: string; description?: string } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new CliError(`${endpoint} answered HTTP ${response.status} without JSON`, EXIT.RUN_FAILED, 'is --url the gateway?');
  }
  if (response.status === 401) {
    const hint = token === undefined ? `pass its token with --api-token-file or ${API_TOKEN_ENV}` : 'the token differs from the gateway\'s';
    throw new CliError(`the gateway refused the call: ${body.error?.description ?? 'HTTP 401'}`, EXIT.RUN_FAILED, hint);
  }
  io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  if (response.status === 200) return EXIT.OK;
  io.stderr.write(`ocpp-sim: error: ${failureLine(response.status, id, action, base, body.error)}\n`);
  return EXIT.RUN_FAILED;
}
