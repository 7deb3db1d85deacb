import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CHECK_DEFAULTS } from '../../src/check/defaults.js';
import type { CheckDocument } from '../../src/check/report.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';
import { parseXml } from '../report/xml-tree.js';

// `ocpp-sim check` against the embedded gateway: every check of both versions passes; the
// outputs, the exit codes and the flag errors.

let gateway: Gateway;
const API_TOKEN = 'check-command-api-token-0123';

before(async () => {
  gateway = await startGateway({ idTags: [CHECK_DEFAULTS.idTag], bootStatusById: { HELD: 'Pending', REFUSED: 'Rejected' }, auth: { password: 'pw-check' }, apiToken: API_TOKEN });
});
after(() => gateway.close());

for (const protocol of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']) {
  test(`every ${protocol} check but the TLS ones passes against the gateway with its trigger API, with JSON and JUnit outputs`, async () => {
    await withTempDir(async (dir) => {
      const run = await runCli(['check', '--url', gateway.url, '--protocol', protocol, '--pending-id', 'HELD', '--rejected-id', 'REFUSED',
        '--password', 'pw-check', '--trigger-url', gateway.httpUrl, '--trigger-header', `Authorization: Bearer ${API_TOKEN}`, '--out', 'check.json', '--junit', 'check.xml'], { cwd: dir, ms: 90_000 });
      assert.equal(run.code, EXIT.OK, run.stdout() + run.stderr());
      const lines = run.stdout().trimEnd().split('\n');
      assert.deepEqual(lines.filter((line) => line.startsWith('✗')), []);
      assert.match(lines.at(-1) as string, new RegExp(`^${protocol}: \\d+ passed, 0 failed, \\d+ skipped in \\d+\\.\\ds$`));
      const doc = JSON.parse(await readFile(join(dir, 'check.json'), 'utf8')) as CheckDocument;
      assert.equal(doc.schema, 'ocpp-sim/check@1');
      assert.equal(doc.protocol, protocol);
      assert.ok(doc.counts.passed >= 50, `${doc.counts.passed} passed`);
      assert.deepEqual(doc.checks.filter((c) => c.status === 'skipped').map((c) => c.name), ['tls-server-certificate', 'tls-client-certificate', 'tls-no-client-certificate']);
      assert.equal(doc.counts.failed, 0);
      assert.ok(doc.checks.some((c) => c.name === 'boot-pending' && c.status === 'passed'));
      assert.ok(doc.checks.every((c) => c.status !== 'skipped' || /^needs /.test(c.detail)));
      const xml = parseXml(await readFile(join(dir, 'check.xml'), 'utf8'));
      const suite = xml.children[0];
      assert.equal(suite?.attributes.name, `check ${protocol}`);
      assert.equal(Number(suite?.attributes.tests), doc.checks.length);
      assert.equal(suite?.children.filter((c) => c.children.some((f) => f.name === 'skipped')).length, doc.counts.skipped);
    });
  });
}

test('a CSMS that accepts any token fails exactly the unknown-token checks, exit 99, and the line says why', async () => {
  const lax = await startGateway({ misbehave: ['authorize-accepts-all', 'transaction-accepts-all'] });
  try {
    const run = await runCli(['check', '--url', lax.url, '--protocol', 'ocpp1.6'], { cwd: process.cwd(), ms: 60_000 });
    assert.equal(run.code, EXIT.CHECK_FAILED, run.stdout());
    const failed = run.stdout().split('\n').filter((line) => line.startsWith('✗'));
    assert.deepEqual(failed.map((line) => line.split(' ')[1]), ['authorize-unknown', 'transaction-unknown-tag']);
    assert.match(failed[0] as string, /TC_023_1_CSMS\]  Authorize of the unknown token UNKNOWN-[0-9A-F]{12} answered Accepted$/);
  } finally {
    await lax.close();
  }
});

test('--only runs just the named checks and --skip leaves some out', async () => {
  const run = await runCli(['check', '--url', gateway.url, '--password', 'pw-check', '--only', 'heartbeat,boot-accepted', '--skip', 'boot-accepted'], { cwd: process.cwd(), ms: 20_000 });
  assert.equal(run.code, EXIT.OK, run.stderr());
  assert.deepEqual(run.stdout().trimEnd().split('\n').map((line) => line.split(' ')[1]), ['heartbeat', '1']);
});

test('an unreachable CSMS exits 1 with one error line and no check verdicts', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const run = await runCli(['check', '--url', `ws://127.0.0.1:${port}/ocpp`], { cwd: process.cwd(), ms: 20_000 });
  assert.equal(run.code, EXIT.RUN_FAILED);
  assert.equal(run.stdout(), '');
  assert.match(oneErrorLine(run), /cannot reach the CSMS: .*ECONNREFUSED/);
});

test('bad flags exit 104 naming every problem at once', async () => {
  const run = await runCli(['check', '--url', 'http://x', '--protocol', 'ocpp9', '--only', 'no-such-check', '--connectors', '0'], { cwd: process.cwd() });
  assert.equal(run.code, EXIT.INVALID_CONFIG);
  assert.match(oneErrorLine(run), /--protocol must be one of ocpp1\.6, ocpp2\.0\.1, ocpp2\.1.*--url must be a ws:\/\/ or wss:\/\/ URL.*--connectors.*unknown check 'no-such-check'/);
  const missing = await runCli(['check'], { cwd: process.cwd() });
  assert.equal(missing.code, EXIT.INVALID_CONFIG);
  assert.match(oneErrorLine(missing), /--url is required/);
});

test('--list names every check with its reference, 40 or more per version', async () => {
  for (const protocol of ['ocpp1.6', 'ocpp2.0.1']) {
    const run = await runCli(['check', '--list', '--protocol', protocol], { cwd: process.cwd() });
    assert.equal(run.code, EXIT.OK);
    const names = run.stdout().split('\n').filter((line) => /^\S/.test(line));
    assert.ok(names.length >= 40, `${protocol}: ${names.length} checks`);
    assert.ok(names.some((line) => line.startsWith('boot-accepted  [')), run.stdout());
  }
});
