import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';
import { repoRoot } from '../helpers/repo-root.js';
import { closedPortUrl } from '../helpers/servers.js';
import { OcppTestClient } from '../gateway/ocpp-test-client.js';

// `ocpp-sim gateway call` in-process against a real gateway on 127.0.0.1 port 0, with a raw
// test client playing the charge point.

async function withGateway(fn: (gateway: Gateway, client: OcppTestClient) => Promise<void>, callTimeoutMs = 30_000): Promise<void> {
  const gateway = await startGateway({ port: 0, callTimeoutMs });
  const client = await OcppTestClient.connect(gateway.url, 'CP-001');
  try {
    await fn(gateway, client);
  } finally {
    await client.close();
    await gateway.close();
  }
}

const call = (gateway: Gateway, ...args: string[]): ReturnType<typeof runCli> =>
  runCli(['gateway', 'call', ...args, '--url', gateway.httpUrl], { cwd: repoRoot() });

test('gateway call prints the CALLRESULT as JSON and exits 0', () => withGateway(async (gateway, client) => {
  const run = call(gateway, 'CP-001', 'Reset', '{"type":"Soft"}');
  const frame = await client.next();
  assert.deepEqual(frame.slice(2), ['Reset', { type: 'Soft' }]);
  client.send([3, frame[1], { status: 'Accepted' }]);
  const result = await run;
  assert.equal(result.code, 0, result.stderr());
  assert.deepEqual(JSON.parse(result.stdout()), { result: { status: 'Accepted' } });
  assert.equal(result.stderr(), '');
}));

test('a CALLERROR answer is printed and exits 1 with one error line naming the code', () => withGateway(async (gateway, client) => {
  const run = call(gateway, 'CP-001', 'ClearCache');
  const frame = await client.next();
  assert.deepEqual(frame[3], {}, 'the payload defaults to {}');
  client.send([4, frame[1], 'NotSupported', 'no cache', {}]);
  const result = await run;
  assert.equal(result.code, 1);
  assert.equal((JSON.parse(result.stdout()) as { error: { code: string } }).error.code, 'NotSupported');
  assert.match(oneErrorLine(result), /CALLERROR: NotSupported no cache/);
}));

test('a timeout and an unknown charge point exit 1', () => withGateway(async (gateway, client) => {
  const slow = await call(gateway, 'CP-001', 'ClearCache');
  await client.next();
  assert.equal(slow.code, 1);
  assert.match(oneErrorLine(slow), /did not answer ClearCache in time: E_CALL_TIMEOUT/);
  const unknown = await call(gateway, 'CP-404', 'ClearCache');
  assert.equal(unknown.code, 1);
  const line = oneErrorLine(unknown);
  assert.match(line, /no charge point 'CP-404' is connected to the gateway at http:\/\/\S+ \(GET \S+\/connections lists the connected ones\)$/);
  assert.equal(line.split('CP-404').length - 1, 1, `the id is said once: ${line}`);
}, 150));

test('an unreachable gateway exits 1; a payload that is not a JSON object, or a bad --url, exits 104', async () => {
  const closed = (await closedPortUrl()).replace(/^ws:/, 'http:').replace(/\/ocpp\/CP001$/, '');
  const unreachable = await runCli(['gateway', 'call', 'CP-1', 'Reset', '{}', '--url', closed], { cwd: repoRoot() });
  assert.equal(unreachable.code, 1);
  assert.match(oneErrorLine(unreachable), /cannot reach the gateway .*ECONNREFUSED/);
  for (const payload of ['{type:Soft}', '[1]', '"x"']) {
    const bad = await runCli(['gateway', 'call', 'CP-1', 'Reset', payload, '--url', closed], { cwd: repoRoot() });
    assert.equal(bad.code, 104, payload);
    assert.match(oneErrorLine(bad), /payload/);
  }
  const badUrl = await runCli(['gateway', 'call', 'CP-1', 'Reset', '--url', 'ws://x'], { cwd: repoRoot() });
  assert.equal(badUrl.code, 104);
});

test('gateway call passes the API token from --api-token, --api-token-file or OCPP_SIM_API_TOKEN; without it exits 1 naming the flag', async () => {
  const token = 'call-api-token-0123456789';
  const gateway = await startGateway({ port: 0, apiToken: token });
  const client = await OcppTestClient.connect(gateway.url, 'CP-001');
  try {
    const refused = await call(gateway, 'CP-001', 'ClearCache');
    assert.equal(refused.code, 1);
    assert.match(oneErrorLine(refused), /the gateway refused the call: no API token.*--api-token-file or OCPP_SIM_API_TOKEN/);
    const wrong = await call(gateway, 'CP-001', 'ClearCache', '{}', '--api-token', 'wrong-token-0123456789');
    assert.match(oneErrorLine(wrong), /wrong API token.*differs/);
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'token'), `${token}\n`);
      const ways: Array<{ args: string[]; env: Record<string, string> }> = [
        { args: ['--api-token', token], env: {} }, { args: ['--api-token-file', join(dir, 'token')], env: {} }, { args: [], env: { OCPP_SIM_API_TOKEN: token } },
      ];
      for (const { args, env } of ways) {
        const run = runCli(['gateway', 'call', 'CP-001', 'ClearCache', '{}', '--url', gateway.httpUrl, ...args], { cwd: repoRoot(), env });
        const frame = await client.next();
        client.send([3, frame[1], { status: 'Accepted' }]);
        const result = await run;
        assert.equal(result.code, 0, `${args.join(' ')} ${JSON.stringify(env)}: ${result.stderr()}`);
      }
    });
  } finally {
    await client.close();
    await gateway.close();
  }
});
