import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { basicAuthProblem } from '../../src/gateway/basic-auth.js';
import { startGateway } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { WAIT_MS, closeWebSocket } from './ocpp-test-client.js';
import { hasOpenssl, makeTlsFixtures, type TlsFixtures } from './tls-fixtures.js';

const basic = (user: string, password: string | Buffer): string =>
  `Basic ${Buffer.concat([Buffer.from(`${user}:`), Buffer.isBuffer(password) ? password : Buffer.from(password)]).toString('base64')}`;

/** Opens `url` with `options`; resolves 'open' or the handshake error message, the socket closed either way. */
async function attempt(url: string, options: WebSocket.ClientOptions = {}): Promise<string> {
  const ws = new WebSocket(url, ['ocpp1.6'], options);
  const outcome = await withTimeout(new Promise<string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('error', (error) => resolve(error.message));
  }), WAIT_MS, `the handshake of ${url}`);
  await closeWebSocket(ws);
  return outcome;
}

test('Basic auth: the username must be the id and the password the configured one, else 401 before the upgrade', async () => {
  const gateway = await startGateway({ port: 0, auth: { passwords: { 'CP-1': 'secret-one-16chars' }, password: 'shared-password-16' } });
  try {
    const url = `${gateway.url}/CP-1`;
    assert.equal(await attempt(url, { headers: { authorization: basic('CP-1', 'secret-one-16chars') } }), 'open');
    assert.equal(await attempt(`${gateway.url}/CP-2`, { headers: { authorization: basic('CP-2', 'shared-password-16') } }), 'open', 'the shared password');
    for (const headers of [{} as Record<string, string>, { authorization: basic('CP-1', 'shared-password-16') }, { authorization: basic('CP-2', 'secret-one-16chars') },
      { authorization: 'Bearer abc' }]) {
      assert.match(await attempt(url, { headers }), /Unexpected server response: 401/, JSON.stringify(headers));
    }
    assert.match(gateway.metrics(), /^websocket_upgrades_refused_total\{status="401"\} 4$/m);
    const response = await fetch(`${gateway.httpUrl}/health`);
    assert.equal(response.status, 200, 'the HTTP endpoints stay open');
  } finally {
    await gateway.close();
  }
});

test('a hex password also matches the raw bytes it encodes (1.6 AuthorizationKey, OCPP-J 1.6 §6.2.2), ids with colons work', () => {
  const key = '0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF';
  const auth = { password: key };
  assert.equal(basicAuthProblem(basic('AL1000', Buffer.from(key, 'hex')), 'AL1000', auth), undefined);
  assert.equal(basicAuthProblem(basic('AL1000', key), 'AL1000', auth), undefined);
  assert.equal(basicAuthProblem(basic('a:b', 'pw'), 'a:b', { password: 'pw' }), undefined);
  assert.equal(basicAuthProblem(basic('AL1000', 'nope'), 'AL1000', auth), 'wrong password');
  assert.equal(basicAuthProblem(basic('AL1000x', key), 'AL1000', auth), 'username is not the charge point id');
  assert.equal(basicAuthProblem(undefined, 'AL1000', auth), 'no Authorization header');
  assert.equal(basicAuthProblem(basic('__proto__', 'x'), '__proto__', { passwords: {} }), 'no password configured for this charge point id');
});

test('with allowedOrigins a request from another Origin gets 403; one without an Origin header is served', async () => {
  const gateway = await startGateway({ port: 0, allowedOrigins: ['https://ops.example'] });
  try {
    assert.match(await attempt(`${gateway.url}/CP-O`, { origin: 'https://evil.example' }), /Unexpected server response: 403/);
    assert.equal(await attempt(`${gateway.url}/CP-O`, { origin: 'https://ops.example' }), 'open');
    assert.equal(await attempt(`${gateway.url}/CP-O`), 'open');
  } finally {
    await gateway.close();
  }
});

let tls: TlsFixtures | undefined;
before(() => { if (hasOpenssl()) tls = makeTlsFixtures(); });
after(() => tls?.remove());

test('with tls the gateway serves wss:// (profile 2) and Basic auth still applies', async (t) => {
  if (!tls) return t.skip('openssl not found');
  const gateway = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey }, auth: { password: 'profile-two-secret' } });
  try {
    assert.match(gateway.url, /^wss:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    assert.match(gateway.httpUrl, /^https:/);
    assert.equal(await attempt(`${gateway.url}/CP-TLS`, { ca: tls.ca, headers: { authorization: basic('CP-TLS', 'profile-two-secret') } }), 'open');
    assert.match(await attempt(`${gateway.url}/CP-TLS`, { ca: tls.ca }), /401/);
    assert.match(await attempt(`${gateway.url}/CP-TLS`), /self.signed|unable to verify|certificate/i, 'a client not trusting the CA refuses the server');
  } finally {
    await gateway.close();
  }
});

test('with tls.ca only clients with a certificate from that CA connect (profile 3, mutual TLS)', async (t) => {
  if (!tls) return t.skip('openssl not found');
  const gateway = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca } });
  try {
    const url = `${gateway.url}/CP-TLS`;
    assert.equal(await attempt(url, { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey }), 'open');
    assert.notEqual(await attempt(url, { ca: tls.ca }), 'open', 'no client certificate');
    assert.notEqual(await attempt(url, { ca: tls.ca, cert: tls.rogueCert, key: tls.rogueKey }), 'open', 'a certificate from another CA');
    assert.equal(gateway.stats().connections, 0);
  } finally {
    await gateway.close();
  }
});
