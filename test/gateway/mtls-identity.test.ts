import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import WebSocket from 'ws';
import type { LogEntry } from '../../src/gateway/logger.js';
import { startGateway } from '../../src/gateway/server.js';
import { readSummary, runCli, oneErrorLine } from '../helpers/cli-run.js';
import { withTimeout } from '../helpers/wait.js';
import { WAIT_MS, closeWebSocket } from './ocpp-test-client.js';
import { hasOpenssl, makeClientCertificates, makeTlsFixtures, type TlsFixtures } from './tls-fixtures.js';

// Security profile 3 as OCPP 2.0.1 A00.FR.405 describes it: the client certificate's subject
// CN is the charge point id; and a simulator fleet presenting one certificate per charge point.

let tls: TlsFixtures | undefined;
let certDir = '';
before(() => {
  if (!hasOpenssl()) return;
  tls = makeTlsFixtures();
  certDir = mkdtempSync(join(tmpdir(), 'ocpp-sim-cp-certs-'));
  makeClientCertificates(tls, certDir, ['P3-001', 'P3-002', 'P3-003']);
});
after(() => {
  tls?.remove();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

async function attempt(url: string, options: WebSocket.ClientOptions): Promise<string> {
  const ws = new WebSocket(url, ['ocpp1.6'], options);
  const outcome = await withTimeout(new Promise<string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('error', (error) => resolve(error.message));
  }), WAIT_MS, `the handshake of ${url}`);
  await closeWebSocket(ws);
  return outcome;
}

test('with mutual TLS a certificate whose CN is another id is refused with 403, logged with the reason; the check can be turned off', async (t) => {
  if (!tls) return t.skip('openssl not found');
  const logs: LogEntry[] = [];
  const gateway = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca }, log: (_l, e) => e && logs.push(e) });
  const client = { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey };
  try {
    assert.equal(await attempt(`${gateway.url}/CP-TLS`, client), 'open', 'CN=CP-TLS connects as CP-TLS');
    assert.equal(await attempt(`${gateway.url}/cp-tls`, client), 'open', 'identifierString is case-insensitive');
    assert.match(await attempt(`${gateway.url}/CP-OTHER`, client), /Unexpected server response: 403/, 'CN=CP-TLS cannot connect as CP-OTHER');
    assert.match(await attempt(`${gateway.url}/CP-TL`, client), /403/, 'no prefix match');
    assert.match(await attempt(`${gateway.url}/CP-TLS1`, client), /403/, 'no substring match');
    assert.ok(logs.some((e) => /refused: 403 client certificate CN 'CP-TLS' is not the charge point id/.test(e.msg)));
    assert.match(gateway.metrics(), /^websocket_upgrades_refused_total\{status="403"\} 3$/m);
  } finally {
    await gateway.close();
  }
  const lax = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca }, certIdCheck: false });
  try {
    assert.equal(await attempt(`${lax.url}/CP-OTHER`, client), 'open', 'certIdCheck: false for test PKIs');
  } finally {
    await lax.close();
  }
});

test('ocpp-sim run --cert DIR presents one certificate per charge point: a profile 3 fleet boots; a missing file exits 104 naming it', async (t) => {
  if (!tls) return t.skip('openssl not found');
  const gateway = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca } });
  try {
    const common = ['run', '--url', gateway.url, '--ca', tls.paths.ca, '--id-prefix', 'P3-', '--duration', '2s', '--rate', '0', '--no-ui'];
    const byDir = await runCli([...common, '--count', '3', '--cert', certDir, '--out', join(certDir, 'dir.json')], { cwd: certDir, ms: 30_000 });
    assert.equal(byDir.code, 0, byDir.stderr());
    assert.equal(readSummary(join(certDir, 'dir.json')).chargePoints.booted, 3);
    const byTemplate = await runCli([...common, '--count', '3', '--cert', '{{cp.id}}.pem', '--key', '{{cp.id}}.key', '--out', 'tpl.json'], { cwd: certDir, ms: 30_000 });
    assert.equal(byTemplate.code, 0, byTemplate.stderr());
    await runCli([...common, '--count', '2', '--cert', join(certDir, 'P3-001.pem'), '--key', join(certDir, 'P3-001.key'), '--out', 'one.json'], { cwd: certDir, ms: 30_000 });
    assert.equal(readSummary(join(certDir, 'one.json')).chargePoints.booted, 1, 'one shared certificate (CN=P3-001) boots only P3-001');
    const missing = await runCli([...common, '--count', '4', '--cert', certDir], { cwd: certDir });
    assert.equal(missing.code, 104);
    assert.match(oneErrorLine(missing), /--cert: no file for charge point P3-004: .*P3-004\.pem \(ENOENT\)/);
  } finally {
    await gateway.close();
  }
});

/** GET `path` over https with the given client certificate and headers; resolves with the status. */
function httpsStatus(port: number, path: string, options: { ca: string; cert: string; key: string; headers?: Record<string, string> }): Promise<number> {
  return withTimeout(new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca: options.ca, cert: options.cert, key: options.key, headers: { connection: 'close', ...options.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  }), WAIT_MS, `GET ${path}`);
}

test('a charge point certificate does not open the HTTPS API: with mutual TLS and no token it answers 401, with a token only the token does', async (t) => {
  if (!tls) return t.skip('openssl not found');
  const token = 'mtls-api-token-0123456789';
  const client = { ca: tls.ca, cert: tls.clientCert, key: tls.clientKey };
  const closed = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca } });
  const tokened = await startGateway({ port: 0, tls: { cert: tls.serverCert, key: tls.serverKey, ca: tls.ca }, apiToken: token });
  try {
    assert.equal(await httpsStatus(closed.port, '/connections', client), 401, 'a valid client certificate alone');
    assert.equal(await httpsStatus(closed.port, '/health', client), 200);
    assert.equal(await httpsStatus(tokened.port, '/connections', client), 401);
    assert.equal(await httpsStatus(tokened.port, '/connections', { ...client, headers: { authorization: `Bearer ${token}` } }), 200);
  } finally {
    await closed.close();
    await tokened.close();
  }
});
