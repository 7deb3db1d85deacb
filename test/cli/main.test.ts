import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { startGateway } from '../../src/gateway/server.js';
import { fakeIo, type FakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { repoRoot } from '../helpers/repo-root.js';
import { closedPortUrl } from '../helpers/servers.js';
import { withTimeout } from '../helpers/wait.js';

// `main(argv, io)` in-process with a fake io that collects stdout and stderr; real gateways on
// 127.0.0.1 port 0 (in-process, or the embedded one `run` forks); the real binary once.

/** Runs main with a fresh fake io in `cwd`, giving up after `ms`. */
async function run(argv: string[], { cwd = repoRoot(), ms = 5000 }: { cwd?: string; ms?: number } = {}): Promise<FakeIo & { code: number }> {
  const fake = fakeIo(cwd);
  const code = await withTimeout(main(argv, fake.io), ms, `ocpp-sim ${argv.join(' ')}`);
  return { ...fake, code };
}

/** The one-line error contract: one `ocpp-sim: error:` line, never a stack trace. */
function assertOneErrorLine(fake: FakeIo, ...mentions: RegExp[]): string {
  const errors = fake.stderrLines().filter((line) => line.startsWith('ocpp-sim: error:'));
  assert.equal(errors.length, 1, `one error line in:\n${fake.stderr()}`);
  assert.doesNotMatch(fake.stderr(), /^\s+at /m, 'no stack trace');
  const line = errors[0] as string;
  for (const mention of mentions) assert.match(line, mention);
  return line;
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ocpp-sim-cli-'));
}

test('--help prints the usage on stdout and exits 0', async () => {
  const { code, stdout, stderr } = await run(['--help']);
  assert.equal(code, 0);
  assert.match(stdout(), /Usage: ocpp-sim/);
  assert.match(stdout(), /\brun\b/);
  assert.match(stdout(), /\bgateway\b/);
  assert.equal(stderr(), '');
});

test('run --help lists the run flags and exits 0', async () => {
  const { code, stdout } = await run(['run', '--help']);
  assert.equal(code, 0);
  for (const flag of ['--url', '--count', '--duration', '--scenario', '--rate']) assert.ok(stdout().includes(flag), flag);
});

test('--version prints the version of package.json and exits 0', async () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  const { code, stdout } = await run(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout().trim(), version);
});

test('an unknown flag exits 104 with one line on stderr and no stack trace', async () => {
  for (const argv of [['--bogus'], ['run', '--bogus']]) {
    const fake = await run(argv);
    assert.equal(fake.code, 104, argv.join(' '));
    assert.equal(fake.stderrLines().length, 1, `one line for ${argv.join(' ')}:\n${fake.stderr()}`);
    assertOneErrorLine(fake, /'--bogus'/);
    assert.equal(fake.stdout(), '');
  }
});

test('a misspelt flag exits 104 with one line on stderr, the suggestion included', async () => {
  const fake = await run(['run', '--coutn', '3']);
  assert.equal(fake.code, 104);
  assert.equal(fake.stderrLines().length, 1, `one line:\n${fake.stderr()}`);
  assertOneErrorLine(fake, /'--coutn'/, /--count/);
});

test('an unknown command exits 104 naming it', async () => {
  const fake = await run(['fly']);
  assert.equal(fake.code, 104);
  assertOneErrorLine(fake, /fly/);
});

test('run --count abc exits 104 naming --count and the bad value', async () => {
  const fake = await run(['run', '--count', 'abc']);
  assert.equal(fake.code, 104);
  assertOneErrorLine(fake, /--count/, /'abc'/);
  assert.equal(fake.stdout(), '', 'no run, no summary');
});

test('several bad flags are all named on one line, exit 104', async () => {
  const fake = await run(['run', '--count', 'abc', '--rate', 'fast', '--duration', 'soon', '--call-timeout', '0s', '--id-prefix', 'a/b']);
  assert.equal(fake.code, 104);
  assertOneErrorLine(fake, /--count/, /--rate/, /--duration/, /--call-timeout/, /--id-prefix/);
});

test('run --url with an http:// URL exits 104 asking for ws:// or wss://', async () => {
  const fake = await run(['run', '--url', 'http://x']);
  assert.equal(fake.code, 104);
  assertOneErrorLine(fake, /--url/, /ws:\/\//, /http:\/\/x/);
});

test('run --url with something that is not a URL exits 104 naming it', async () => {
  const fake = await run(['run', '--url', 'notaurl']);
  assert.equal(fake.code, 104);
  assertOneErrorLine(fake, /--url/, /notaurl/);
});

test('run --scenario with a file that does not exist exits 104 naming the file, resolved against the working directory', async () => {
  const dir = await tempDir();
  try {
    const fake = await run(['run', '--scenario', 'missing.yaml'], { cwd: dir });
    assert.equal(fake.code, 104);
    assertOneErrorLine(fake, new RegExp(join(dir, 'missing.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), /not found/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('run --scenario with an invalid scenario exits 104 naming file:line:column of the problem', async () => {
  const dir = await tempDir();
  const file = join(dir, 'bad.yaml');
  try {
    await writeFile(file, 'name: bad\nsteps:\n  - boot: {}\n  - dance: {}\n');
    const fake = await run(['run', '--scenario', 'bad.yaml', '--url', 'ws://127.0.0.1:1/ocpp'], { cwd: dir });
    assert.equal(fake.code, 104);
    assertOneErrorLine(fake, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:5: `), /dance/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('run against a port where nothing listens exits 1 within seconds, naming ECONNREFUSED', async () => {
  const url = (await closedPortUrl()).replace(/\/CP001$/, '');
  const t0 = performance.now();
  const fake = await run(['run', '--url', url, '--count', '3', '--duration', '20s'], { ms: 8000 });
  assert.equal(fake.code, 1);
  assert.ok(performance.now() - t0 < 5000, 'long before the 20 s duration');
  assertOneErrorLine(fake, /ECONNREFUSED/);
  assert.match(fake.stdout(), /FAILED: could not connect/, 'the summary is printed all the same');
});

test('run against a gateway on the wrong path exits 1 naming HTTP 404', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const fake = await run(['run', '--url', `ws://127.0.0.1:${gateway.port}/wrong`, '--count', '3', '--duration', '20s'], { ms: 8000 });
    assert.equal(fake.code, 1);
    assertOneErrorLine(fake, /HTTP 404/);
    assert.equal(gateway.stats().boots.Accepted, 0);
  } finally {
    await gateway.close();
  }
});

test('run --url against a running gateway boots every charge point, prints the summary and exits 0', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const fake = await run(['run', '--url', gateway.url, '--count', '5', '--duration', '2s'], { ms: 10_000 });
    assert.equal(fake.code, 0, fake.stderr());
    const out = fake.stdout();
    assert.match(out, /ocpp-sim run completed/);
    assert.match(out, /5 booted, 0 failed/);
    assert.match(out, /^\s+BootNotification\s+5\s+5\s+\d+(\.\d+)?m?s\s+\d+(\.\d+)?m?s\s+\d+(\.\d+)?m?s/m, `BootNotification latency in:\n${out}`);
    assert.match(out, /errors: none/);
    assert.equal(gateway.stats().boots.Accepted, 5);
    await waitUntil(() => gateway.connectionCount === 0, 1000, 'every charge point to have disconnected');
  } finally {
    await gateway.close();
  }
});

test('run without --url starts the embedded gateway in its own process, runs against it and exits 0', async () => {
  const fake = await run(['run', '--count', '5', '--duration', '2s'], { ms: 15_000 });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stderr(), /embedded gateway listening on ws:\/\/127\.0\.0\.1:\d+/);
  assert.match(fake.stdout(), /5 booted, 0 failed/);
  assert.match(fake.stdout(), /errors: none/);
  await assertGatewayGone(fake.stderr());
});

test('an interrupt during a run ends it with exit 105, and the summary, marked INTERRUPTED, is still printed', async () => {
  const fake = fakeIo(repoRoot());
  const t0 = performance.now();
  const exit = main(['run', '--count', '5', '--duration', '30s'], fake.io);
  await waitUntil(() => /running 5 charge points/.test(fake.stderr()), 10_000, 'the run to start');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(fake.interrupt(), true, 'main listens for interrupts while it runs');
  const code = await withTimeout(exit, 8000, 'main to return after the interrupt');
  assert.equal(code, 105);
  assert.ok(performance.now() - t0 < 15_000);
  assert.match(fake.stdout(), /ocpp-sim run INTERRUPTED after/);
  assert.match(fake.stdout(), /5 total/);
  assert.equal(fake.interrupt(), false, 'the interrupt handler is removed when main returns');
  await assertGatewayGone(fake.stderr());
});

/** The embedded gateway named on stderr no longer accepts connections: its process is gone. */
async function assertGatewayGone(stderr: string): Promise<void> {
  const port = Number(/embedded gateway listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
  assert.ok(port > 0, `a port in:\n${stderr}`);
  const outcome = await withTimeout(new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve('connected'); });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  }), 2000, 'a connection attempt to the embedded gateway');
  assert.equal(outcome, 'ECONNREFUSED', 'the embedded gateway stopped with the run');
}

test('the real binary runs two charge points for a second against the embedded gateway and exits 0', async (t) => {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, timeout: 120_000, stdio: 'ignore' });
    if (build.status !== 0 || !existsSync(join(root, 'dist', 'cli', 'main.js'))) {
      t.skip('dist/ is missing and `npx tsc -p tsconfig.json` could not build it: run `npm run build` first');
      return;
    }
  }
  const child = spawn(process.execPath, [join(root, 'bin', 'ocpp-sim.js'), 'run', '--count', '2', '--duration', '1s'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode))), 20_000, 'the binary to exit')
    .catch((error: Error) => { child.kill('SIGKILL'); throw error; });
  assert.equal(code, 0, stderr);
  assert.match(stdout, /2 booted, 0 failed/);
});

test('the real binary whose reader went away (`ocpp-sim run --help | head -1`) exits 0 without a stack trace', { skip: existsSync(join(repoRoot(), 'dist', 'cli', 'main.js')) ? false : 'dist/ is missing: npm run build' }, async () => {
  for (const argv of [['run', '--help'], ['report', 'compare', '--help']]) {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'ocpp-sim.js'), ...argv], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the read end closes before the binary writes: every write of the help meets EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode))), 20_000, 'the binary to exit')
      .catch((error: Error) => { child.kill('SIGKILL'); throw error; });
    assert.equal(stderr, '', argv.join(' '));
    assert.equal(code, 0, argv.join(' '));
  }
});
