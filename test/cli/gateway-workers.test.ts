import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { availableParallelism } from 'node:os';
import { CliError } from '../../src/cli/errors.js';
import { resolveGatewayConfig } from '../../src/cli/gateway-config.js';
import { childPids, hasProcFs } from '../helpers/child-processes.js';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { repoRoot } from '../helpers/repo-root.js';
import { withTimeout } from '../helpers/wait.js';
import { waitUntil } from '../helpers/poll.js';

// `ocpp-sim gateway --workers N`: the setting's layers, a port in use, and a real process
// (the CLI as its own process, so SIGTERM is a real signal) with two cluster workers.

test('gateway workers layer defaults < server.workers in the file < SERVER_WORKERS < OCPP_SIM_GATEWAY_WORKERS < --workers, auto = one per core', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'gateway.yaml'), 'server:\n  workers: 3\n');
  const resolve = (env: Record<string, string>, flags: Record<string, unknown>, file = true): ReturnType<typeof resolveGatewayConfig> =>
    resolveGatewayConfig({ ...(file ? { config: 'gateway.yaml' } : {}), ...flags }, new Set([...(file ? ['config'] : []), ...Object.keys(flags)]), fakeIo(dir, env).io);
  assert.equal((await resolve({}, {}, false)).workers, 1, 'one process by default');
  assert.equal((await resolve({}, {})).workers, 3);
  assert.equal((await resolve({ SERVER_WORKERS: '2' }, {})).workers, 2);
  assert.equal((await resolve({ SERVER_WORKERS: '2' }, { workers: '4' })).workers, 4);
  assert.equal((await resolve({ SERVER_WORKERS: 'auto' }, {})).workers, availableParallelism());
  const skipped = await resolve({ SERVER_WORKERS: 'many' }, {});
  assert.equal(skipped.workers, 3, 'a generic SERVER_WORKERS the gateway cannot use falls back to the file');
  assert.match(skipped.warnings.join('\n'), /SERVER_WORKERS=many ignored: not an integer >= 1 or 'auto'/);
  const error = await resolve({ OCPP_SIM_GATEWAY_WORKERS: 'many' }, {}).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof CliError && error.exitCode === 104 && /OCPP_SIM_GATEWAY_WORKERS must be an integer >= 1 or 'auto' \(got 'many'\)/.test(error.message), String(error));
}));

test('gateway --workers 2 on a port in use exits 1 with one error line naming the fix', () => withTempDir(async (dir) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as AddressInfo).port;
  try {
    const run = await runCli(['gateway', '--workers', '2', '--port', String(port)], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(oneErrorLine(run), `ocpp-sim: error: port ${port}: 127.0.0.1:${port} is already in use (pick another port with --port, or --port 0 for a free one)`);
    assert.doesNotMatch(run.stdout(), /listening on/);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
}));

test('the gateway with two workers prints one listening line, serves, and on SIGTERM closes every connection with 1001 and exits 0 with no process left',
  { skip: !hasProcFs() && 'needs /proc to find the workers' }, () => withTempDir(async (dir) => {
    const entry = join(dir, 'cli.mjs');
    const main = pathToFileURL(join(repoRoot(), 'build', 'src', 'cli', 'main.js')).href;
    await writeFile(entry, `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    const child = spawn(process.execPath, [entry, 'gateway', '--workers', '2', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const sockets: WebSocket[] = [];
    try {
      await waitUntil(() => /listening on/.test(stdout) && /with 2 worker processes/.test(stderr), 8000, `the gateway to listen:\n${stderr}`);
      const url = /listening on (ws:\/\/\S+)\/\{chargePointId\}/.exec(stdout)?.[1] as string;
      const workers = childPids(child.pid as number, 'worker-main');
      assert.equal(workers.length, 2, 'two worker processes');
      for (const id of ['CP-A', 'CP-B']) {
        const ws = new WebSocket(`${url}/${id}`, ['ocpp1.6']);
        await withTimeout(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 3000, `${id} to connect`);
        sockets.push(ws);
      }
      const health = await (await fetch(`${url.replace(/^ws:/, 'http:').replace(/\/ocpp$/, '')}/health`)).json() as Record<string, unknown>;
      assert.equal(health.connections, 2);
      const closes = sockets.map((ws) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))));
      child.kill('SIGTERM');
      assert.equal(await withTimeout(exited, 10_000, 'the gateway to exit'), 0, stderr);
      assert.deepEqual(await Promise.all(closes), [1001, 1001]);
      assert.equal(stdout.split('\n').filter((line) => /listening on/.test(line)).length, 1, stdout);
      assert.match(stderr, /stopping gateway…/);
      assert.match(stderr, /INFO  worker 1: gateway closed/);
      assert.match(stderr, /INFO  worker 2: gateway closed/);
      assert.match(stderr, /INFO  gateway closed\n$/);
      assert.deepEqual(workers.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } }), [], 'no worker left');
    } finally {
      for (const ws of sockets) ws.terminate();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }));
