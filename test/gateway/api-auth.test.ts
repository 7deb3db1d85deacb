import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { LogEntry } from '../../src/gateway/logger.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { WAIT_MS } from './ocpp-test-client.js';

// The HTTP API's gate on real sockets: token (401), Host (403, DNS rebinding), Origin (403,
// cross-site pages), content type (415). Raw node:http requests, so Host can be forged.

const TOKEN = 'api-token-0123456789abcdef';
const RESET = JSON.stringify({ action: 'Reset', payload: { type: 'Soft' } });

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: { error?: { code: string; description: string } } & Record<string, unknown> }

/** One request to the gateway's port with exactly these headers (Host included when given). */
function send(gateway: Gateway, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return withTimeout(new Promise<Answer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gateway.port, method, path, headers: { connection: 'close', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const body = String(res.headers['content-type']).startsWith('application/json') ? JSON.parse(text) as Answer['body'] : { text };
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(body);
  }), WAIT_MS, `${method} ${path}`);
}

const json = { 'content-type': 'application/json' };
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function withGateway(options: GatewayOptions, fn: (gateway: Gateway, logs: LogEntry[]) => Promise<void>): Promise<void> {
  const logs: LogEntry[] = [];
  const gateway = await startGateway({ port: 0, log: (_line, entry) => entry && logs.push(entry), ...options });
  try {
    await fn(gateway, logs);
  } finally {
    await gateway.close();
  }
}

test('with an API token every endpoint but /health and /metrics needs Authorization: Bearer <token>, else 401 with a Bearer challenge', () =>
  withGateway({ apiToken: TOKEN }, async (gateway) => {
    const outage = JSON.stringify({ duration: '1s' });
    for (const [method, path, body] of [['GET', '/connections'], ['POST', '/call', RESET], ['POST', '/connections/CP-1/call', RESET], ['POST', '/outage', outage]] as const) {
      for (const headers of [{}, bearer('api-token-0123456789abcdeX'), { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }]) {
        const answer = await send(gateway, method, path, { ...json, ...headers }, body);
        assert.equal(answer.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(answer.body.error?.code, 'E_UNAUTHORIZED');
        assert.equal(answer.headers['www-authenticate'], 'Bearer realm="ocpp-sim API"', 'never a Basic challenge a browser would answer from its cache');
      }
    }
    assert.equal((await send(gateway, 'GET', '/connections', bearer(TOKEN))).status, 200);
    assert.deepEqual((await send(gateway, 'POST', '/call', { ...json, ...bearer(TOKEN) }, RESET)).body, { results: {} });
    assert.equal((await send(gateway, 'POST', '/connections/CP-1/call', { ...json, ...bearer(TOKEN) }, RESET)).status, 404, 'through the gate to the endpoint');
    assert.equal((await send(gateway, 'GET', '/health', {})).status, 200);
    assert.equal((await send(gateway, 'GET', '/metrics', {})).status, 200);
  }));

test('charge point Basic auth without an API token closes the API: 401 naming the flag, and a warning at start', () =>
  withGateway({ auth: { password: 'charge-point-password' } }, async (gateway, logs) => {
    const basic = `Basic ${Buffer.from('CP-1:charge-point-password').toString('base64')}`;
    const answer = await send(gateway, 'POST', '/call', { ...json, authorization: basic }, RESET);
    assert.equal(answer.status, 401, 'a charge point\'s (or a browser\'s cached) Basic credentials do not open the API');
    assert.equal(answer.body.error?.code, 'E_API_CLOSED');
    assert.match(answer.body.error?.description ?? '', /charge point authentication \(Basic passwords\) is on: start the gateway with --api-token-file/);
    assert.equal((await send(gateway, 'GET', '/connections', {})).status, 401);
    assert.equal((await send(gateway, 'GET', '/health', {})).status, 200);
    const warning = logs.find((entry) => entry.level === 'warn' && /HTTP API closed/.test(entry.msg));
    assert.match(warning?.msg ?? '', /--api-token-file, OCPP_SIM_API_TOKEN or --api-token/);
  }));

test('beyond loopback (0.0.0.0) without an API token the call API is refused with 401 naming the flag', () =>
  withGateway({ host: '0.0.0.0' }, async (gateway, logs) => {
    const answer = await send(gateway, 'POST', '/call', { ...json, host: `127.0.0.1:${gateway.port}` }, RESET);
    assert.equal(answer.status, 401);
    assert.match(answer.body.error?.description ?? '', /listens on 0\.0\.0\.0, beyond loopback: start the gateway with --api-token-file/);
    assert.ok(logs.some((entry) => entry.level === 'warn' && /listens on 0\.0\.0\.0/.test(entry.msg)));
  }));

test('0.0.0.0 with a token: the API answers on the loopback and host names with the token', () =>
  withGateway({ host: '0.0.0.0', apiToken: TOKEN }, async (gateway) => {
    for (const host of [`127.0.0.1:${gateway.port}`, `localhost:${gateway.port}`]) {
      assert.equal((await send(gateway, 'GET', '/connections', { host, ...bearer(TOKEN) })).status, 200, host);
    }
  }));

test('a DNS-rebinding Host header is refused with 403 on every endpoint but /health and /metrics; --allowed-host adds names', () =>
  withGateway({ allowedHosts: ['gw.test.example'] }, async (gateway) => {
    for (const host of ['evil.example', `evil.example:${gateway.port}`, '127.0.0.1.evil.example', '[::2]:80', 'a b']) {
      const answer = await send(gateway, 'POST', '/call', { ...json, host }, RESET);
      assert.equal(answer.status, 403, host);
      assert.equal(answer.body.error?.code, 'E_HOST_NOT_ALLOWED');
      assert.equal((await send(gateway, 'GET', '/connections', { host })).status, 403, host);
    }
    assert.equal((await send(gateway, 'GET', '/health', { host: 'evil.example' })).status, 200);
    for (const host of [`127.0.0.1:${gateway.port}`, `localhost:${gateway.port}`, `LOCALHOST`, `[::1]:${gateway.port}`, 'gw.test.example:8080']) {
      assert.equal((await send(gateway, 'GET', '/connections', { host })).status, 200, host);
    }
  }));

test('a browser-style cross-site POST (text/plain, foreign Origin, cached credentials) is refused and calls nobody', () =>
  withGateway({ apiToken: TOKEN }, async (gateway) => {
    const browser = {
      origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors',
      authorization: `Basic ${Buffer.from('CP-1:whatever').toString('base64')}`,
    };
    const answer = await send(gateway, 'POST', '/call', browser, RESET);
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error?.code, 'E_ORIGIN_NOT_ALLOWED');
    assert.equal((await send(gateway, 'POST', '/call', { ...browser, ...bearer(TOKEN) }, RESET)).status, 403, 'even with the token: the Origin decides');
    assert.equal((await send(gateway, 'POST', '/call', { ...browser, origin: 'null' }, RESET)).status, 403, 'a sandboxed page');
    assert.doesNotMatch(gateway.metrics(), /ocpp_messages_total\{action="Reset"/);
  }));

test('state-changing requests must be application/json (415); an allowed Origin passes', () =>
  withGateway({ apiToken: TOKEN, allowedOrigins: ['https://ops.example'] }, async (gateway) => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', '']) {
      const answer = await send(gateway, 'POST', '/call', type === '' ? bearer(TOKEN) : { 'content-type': type, ...bearer(TOKEN) }, RESET);
      assert.equal(answer.status, 415, type);
      assert.equal(answer.body.error?.code, 'E_UNSUPPORTED_MEDIA_TYPE');
    }
    assert.equal((await send(gateway, 'POST', '/call', { 'content-type': 'Application/JSON; charset=utf-8', ...bearer(TOKEN) }, RESET)).status, 200);
    assert.equal((await send(gateway, 'POST', '/call', { ...json, origin: 'https://ops.example', ...bearer(TOKEN) }, RESET)).status, 200);
    assert.equal((await send(gateway, 'POST', '/call', { ...json, origin: 'https://ops.example.evil', ...bearer(TOKEN) }, RESET)).status, 403);
  }));

test('loopback with no charge point authentication and no token keeps the API open (the run command relies on it), gate checks still apply', () =>
  withGateway({}, async (gateway, logs) => {
    assert.equal((await send(gateway, 'POST', '/call', json, RESET)).status, 200);
    assert.equal((await send(gateway, 'POST', '/call', { 'content-type': 'text/plain' }, RESET)).status, 415);
    assert.equal((await send(gateway, 'POST', '/call', { ...json, origin: 'http://localhost:3000' }, RESET)).status, 403);
    assert.ok(!logs.some((entry) => /HTTP API closed/.test(entry.msg)));
  }));

test('bad API options are refused at start: short or blank tokens, blank passwords, blank allowed hosts', async () => {
  for (const options of [{ apiToken: 'short' }, { apiToken: ' '.repeat(20) }, { apiToken: `${TOKEN} x` }, { auth: { password: '' } }, { auth: { password: '   ' } },
    { auth: { passwords: { 'CP-1': '\t' } } }, { allowedHosts: [''] }] as GatewayOptions[]) {
    await assert.rejects(startGateway({ port: 0, ...options }), (error: Error & { code?: string }) => error.code === 'E_BAD_OPTIONS', JSON.stringify(options));
  }
});
