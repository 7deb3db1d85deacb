import { request } from 'node:http';
import { guarded, verdict, type CheckResult } from './check.js';
import type { SelftestContext } from './harness.js';

/** 16+ printable characters, as the gateway requires of an API token. */
const TOKEN = 'selftest-api-token-0123456789';
const RESET = JSON.stringify({ action: 'Reset', payload: { type: 'Soft' } });
/** How long one raw request may take, in milliseconds. */
const REQUEST_TIMEOUT_MS = 5_000;

/** One HTTP request with exactly these headers (Host included), on a connection of its own; resolves with the status. */
function statusOf(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { connection: 'close', ...headers }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} got no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Compares `got` with `want` by label; each difference becomes a problem. */
function expect(want: Record<string, number>, got: Record<string, number>): string[] {
  return Object.entries(want).filter(([label, status]) => got[label] !== status).map(([label, status]) => `${label}: HTTP ${got[label]}, expected ${status}`);
}

/** The HTTP API refuses callers without its token (401), and stays closed when charge point auth is on and no token is set. */
async function apiCredentials(ctx: SelftestContext): Promise<CheckResult> {
  const name = 'api: calls without the API token are refused with 401';
  return guarded(name, async () => {
    const json = { 'content-type': 'application/json' };
    const protectedGw = await ctx.gateway({ apiToken: TOKEN });
    const closedGw = await ctx.gateway({ auth: { password: 'selftest-password-42' } });
    try {
      const got = {
        'POST /call without token': await statusOf(protectedGw.port, 'POST', '/call', json, RESET),
        'POST /call wrong token': await statusOf(protectedGw.port, 'POST', '/call', { ...json, authorization: `Bearer ${TOKEN}x` }, RESET),
        'POST /call with token': await statusOf(protectedGw.port, 'POST', '/call', { ...json, authorization: `Bearer ${TOKEN}` }, RESET),
        'GET /health without token': await statusOf(protectedGw.port, 'GET', '/health', {}),
        'POST /call, Basic auth on, no token set': await statusOf(closedGw.port, 'POST', '/call', json, RESET),
      };
      const problems = expect({
        'POST /call without token': 401, 'POST /call wrong token': 401, 'POST /call with token': 200, 'GET /health without token': 200,
        'POST /call, Basic auth on, no token set': 401,
      }, got);
      return verdict(name, problems, 'no token 401, wrong token 401, token 200, /health 200, API closed with Basic auth 401');
    } finally {
      await ctx.close(protectedGw);
      await ctx.close(closedGw);
    }
  });
}

/** A browser page elsewhere cannot make the gateway call anyone: foreign Origin 403, text/plain 415, rebinding Host 403. */
async function crossSite(ctx: SelftestContext): Promise<CheckResult> {
  const name = 'api: a cross-site POST and a DNS-rebinding Host are refused';
  return guarded(name, async () => {
    const gateway = await ctx.gateway({});
    try {
      const got = {
        'foreign Origin': await statusOf(gateway.port, 'POST', '/call', { 'content-type': 'application/json', origin: 'https://evil.example' }, RESET),
        'text/plain body': await statusOf(gateway.port, 'POST', '/call', { 'content-type': 'text/plain' }, RESET),
        'Host evil.example': await statusOf(gateway.port, 'POST', '/call', { 'content-type': 'application/json', host: `evil.example:${gateway.port}` }, RESET),
      };
      const problems = expect({ 'foreign Origin': 403, 'text/plain body': 415, 'Host evil.example': 403 }, got);
      return verdict(name, problems, 'foreign Origin 403, text/plain 415, rebinding Host 403');
    } finally {
      await ctx.close(gateway);
    }
  });
}

/** Upgrade requests whose id breaks OCPP's identity rules get 400 before any handshake. */
async function malformedIds(ctx: SelftestContext): Promise<CheckResult> {
  const name = 'ids: malformed charge point ids are refused with 400 before the upgrade';
  return guarded(name, async () => {
    const gateway = await ctx.gateway({});
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'c2VsZnRlc3Qtbm9uY2UtMDE=', 'sec-websocket-protocol': 'ocpp1.6' };
    try {
      const ids = ['%2e%2e', 'a%2Fb', 'a%00b', 'a%0d%0aINJECT', 'x'.repeat(49)];
      const got: Record<string, number> = {};
      for (const id of ids) got[id.slice(0, 16)] = await statusOf(gateway.port, 'GET', `/ocpp/${id}`, upgrade);
      const problems = expect(Object.fromEntries(ids.map((id) => [id.slice(0, 16), 400])), got);
      if (gateway.connectionCount > 0) problems.push(`${gateway.connectionCount} connected`);
      return verdict(name, problems, `${ids.length} ids refused (.., a/b, NUL, CR/LF, 49 characters), 0 connected`);
    } finally {
      await ctx.close(gateway);
    }
  });
}

/** The HTTP API's protections and the identity rules, each against a gateway of its own. */
export async function apiChecks(ctx: SelftestContext): Promise<CheckResult[]> {
  return [await apiCredentials(ctx), await crossSite(ctx), await malformedIds(ctx)];
}
