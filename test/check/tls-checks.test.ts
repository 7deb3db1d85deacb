import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { runCli } from '../helpers/cli-run.js';
import { hasOpenssl, makeTlsFixtures, type TlsFixtures } from '../gateway/tls-fixtures.js';

// Security profiles 2 and 3 through `ocpp-sim check`: a wss:// gateway asking for client certificates.

const skip = !hasOpenssl() && 'needs openssl';
let fixtures: TlsFixtures;
let gateway: Gateway;

before(async () => {
  if (skip) return;
  // The client certificate names the station the checks use (security profile 3: CN = charge point id).
  fixtures = makeTlsFixtures('tlscheck-1');
  gateway = await startGateway({ tls: { cert: fixtures.serverCert, key: fixtures.serverKey, ca: fixtures.ca } });
});
after(async () => {
  if (skip) return;
  await gateway.close();
  fixtures.remove();
});

const TLS_CHECKS = 'tls-server-certificate,tls-client-certificate,tls-no-client-certificate,boot-accepted';

test('against wss:// with mutual TLS the certificate checks run and pass', { skip }, async () => {
  const run = await runCli(['check', '--url', gateway.url, '--id-prefix', 'tlscheck-', '--only', TLS_CHECKS, '--ca', 'ca.pem', '--cert', 'client.pem', '--key', 'client.key'],
    { cwd: fixtures.dir, ms: 30_000 });
  assert.equal(run.code, EXIT.OK, run.stdout() + run.stderr());
  const lines = run.stdout().trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, -1).map((line) => line.slice(0, 2) + line.split(' ')[1]),
    ['✓ boot-accepted', '✓ tls-server-certificate', '✓ tls-client-certificate', '✓ tls-no-client-certificate']);
  assert.match(lines[3] as string, /tls-no-client-certificate .*  (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|E_SOCKET|ECONNRESET|closed)/);
});

test('with --insecure the server certificate check fails: there is nothing to prove', { skip }, async () => {
  const run = await runCli(['check', '--url', gateway.url, '--id-prefix', 'tlscheck-', '--only', 'tls-server-certificate', '--insecure', '--cert', join(fixtures.dir, 'client.pem'),
    '--key', join(fixtures.dir, 'client.key')], { cwd: process.cwd(), ms: 30_000 });
  assert.equal(run.code, EXIT.CHECK_FAILED, run.stdout() + run.stderr());
  assert.match(run.stdout(), /✗ tls-server-certificate .*certificate verification is off/);
});
