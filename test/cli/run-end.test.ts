import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { childPids } from '../helpers/child-processes.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { repoRoot } from '../helpers/repo-root.js';
import { withTimeout } from '../helpers/wait.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// The end of a run, on real sockets: every requested output is attempted, the exit code keeps
// the run's verdict, and an interrupt at any moment still gives the summary and every file.

const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('ocpp-sim: error:'));

test('an --out that cannot be written at the end: --junit is still written, the verdict (99) kept, one error line', async (t) => {
  // /dev/full takes any open and fails every write (ENOSPC): the check passes, the write at the end fails.
  if (!existsSync('/dev/full')) return t.skip('no /dev/full');
  await withTempDir((dir) => withWatchedGateway({}, async (gw) => {
    const fake = await runCli(['run', '--url', gw.url, '-n', '2', '-d', '1s', '--threshold', 'p(99)<1us', '--out', '/dev/full', '--junit', 'j.xml'], { cwd: dir });
    assert.equal(fake.code, 99, fake.stderr());
    assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /<testcase classname="ocpp-sim.thresholds" name="p\(99\)&lt;1us"/);
    assert.deepEqual(errorLines(fake.stderr()).map((l) => l.replace(/: [^:]+$/, '')), ['ocpp-sim: error: --out: cannot write /dev/full']);
  }));
});

test('a --trace the run could not open is refused before the run, exit 104 in one line, also for root', () => withTempDir(async (dir) => {
  // Nothing listens on the URL: a run that started would end unreachable (exit 1), not 104.
  const fake = await runCli(['run', '--url', 'ws://127.0.0.1:9/ocpp', '-n', '1', '-d', '1s', '--trace', `/proc/ocpp-sim-${process.pid}.ndjson`], { cwd: dir });
  assert.equal(fake.code, 104, fake.stderr());
  assert.deepEqual(errorLines(fake.stderr()).map((l) => l.replace(/: [^:]+$/, '')), [`ocpp-sim: error: --trace: cannot write /proc/ocpp-sim-${process.pid}.ndjson`]);
  assert.doesNotMatch(fake.stderr(), /running 1 charge point/);
}));

test('a run that passed but could not write an output exits 103, and the other output is written', async (t) => {
  // /dev/full takes any open and fails every write (ENOSPC): the check passes, the write at the end fails.
  if (!existsSync('/dev/full')) return t.skip('no /dev/full');
  await withTempDir((dir) => withWatchedGateway({}, async (gw) => {
    const fake = await runCli(['run', '--url', gw.url, '-n', '2', '-d', '1s', '--out', 'o.json', '--junit', '/dev/full'], { cwd: dir });
    assert.equal(fake.code, 103, fake.stderr());
    assert.equal(readSummary(join(dir, 'o.json')).outcome, 'completed');
    assert.equal(errorLines(fake.stderr()).length, 1, fake.stderr());
  }));
});

test('an interrupt at the first moment the command listens, before any charge point: exit 105, the summary and both files', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = fakeIo(dir);
  const exit = main(['run', '--url', gw.url, '-n', '3', '-d', '20s', '--no-ui', '--out', 'o.json', '--junit', 'j.xml'], fake.io);
  await waitUntil(() => fake.interrupt(), 5000, 'the run to listen for interrupts');
  const code = await withTimeout(exit, 15_000, 'the interrupted run to end');
  assert.equal(code, 105, fake.stderr());
  const doc = readSummary(join(dir, 'o.json'));
  assert.equal(doc.outcome, 'interrupted');
  assert.equal(doc.chargePoints.count, 3);
  assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /run interrupted after/);
  assert.match(fake.stdout(), /^ocpp-sim run INTERRUPTED after /);
})));

test('SIGINT 0.3 s after the process starts, or as soon as it runs (embedded gateway still starting): exit 105, the summary and both files', () => withTempDir(async (dir) => {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'ocpp-sim.js'), 'run', '-n', '5', '-d', '20s', '--no-ui', '--out', 'o.json', '--junit', 'j.xml'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnedAt = performance.now();
  // ocpp-sim's code must be running: on a loaded machine node's own start can take longer than
  // 0.3 s, and until the first line of bin/ocpp-sim.js runs SIGINT kills any node process. The
  // embedded gateway's process being forked shows it runs (the gateway is still starting then);
  // the signal goes at 0.3 s after the spawn, or then if that is later.
  await waitUntil(() => childPids(child.pid as number, 'gateway-child').length > 0, 20_000, 'the run to fork its embedded gateway');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 300 - (performance.now() - spawnedAt))));
  child.kill('SIGINT');
  const code = await withTimeout(exited, 30_000, 'the interrupted process to exit');
  assert.equal(code, 105, stderr);
  assert.ok(existsSync(join(dir, 'j.xml')), `the JUnit file is written:\n${stderr}`);
  assert.equal(readSummary(join(dir, 'o.json')).outcome, 'interrupted');
}));
