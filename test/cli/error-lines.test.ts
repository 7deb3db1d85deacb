import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';

// Errors a newcomer meets, each one line with the hint that fixes it.

test('wss:// against a plain ws:// server exits 1 with one line saying to use ws://, no OpenSSL text', () => withTempDir(async (dir) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'ocpp1.6' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    const port = (server.address() as { port: number }).port;
    const fake = await runCli(['run', '--url', `wss://127.0.0.1:${port}/ocpp`, '-n', '1', '-d', '2s', '--no-ui'], { cwd: dir, ms: 20_000 });
    assert.equal(fake.code, 1, fake.stderr());
    const line = oneErrorLine(fake);
    assert.match(line, /TLS handshake failed: the server does not speak TLS on this port \(use ws:\/\/ instead of wss:\/\/\)$/);
    assert.doesNotMatch(fake.stderr() + fake.stdout(), /ssl3_get_record|openssl/i);
  } finally {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
}));

test('a config file with broken YAML is named once with line and column, and no trailing colon', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'ocpp-sim.yaml'), 'count: 5\nduration: [1s\nrate: 3\n');
  const fake = await runCli(['run', '--config', 'ocpp-sim.yaml'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /^ocpp-sim: error: --config \S+ocpp-sim\.yaml:3:1: invalid YAML: [^:]+[^:]$/);
  assert.doesNotMatch(line, /at line \d/);
}));

test('a truncated JSON scenario is called invalid JSON, with its line and column, not invalid YAML', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'cut.json'), '{\n  "name": "cut",\n  "steps": [{ "boot": {} }');
  const fake = await runCli(['run', '--scenario', 'cut.json', '--no-ui'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /cut\.json:3:\d+: invalid JSON: .*truncated\?\)$/);
  assert.doesNotMatch(line, /YAML/);
  const validated = await runCli(['validate', 'cut.json'], { cwd: dir });
  assert.equal(validated.code, 104);
  assert.match(validated.stdout(), /^cut\.json:3:\d+: invalid JSON: /m);
}));
