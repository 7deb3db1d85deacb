import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// `run` reaches the embedded gateway's boot policy and its remote starts, so the shipped
// scenarios about them show something without a central system of one's own.

test('remote-start without --gateway-remote-start ends with its charge points waiting, and says so', () => withTempDir(async (dir) => {
  const fake = await runCli(['run', '--scenario', 'remote-start', '-n', '2', '-d', '2s', '--no-ui'], { cwd: dir, ms: 30_000 });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stdout(), /still waiting {2}2 charge points at 'await RemoteStartTransaction': never sent\n\s+\(the embedded gateway sends it with --gateway-remote-start 2s\)/);
}));

test('--gateway-remote-start makes the embedded gateway start a transaction on every charge point', () => withTempDir(async (dir) => {
  const fake = await runCli(['run', '--scenario', 'remote-start', '--gateway-remote-start', '200ms', '-n', '2', '-d', '4s', '--no-ui', '--out', 'out.json'], { cwd: dir, ms: 30_000 });
  assert.equal(fake.code, 0, fake.stderr());
  const { counts } = readSummary(join(dir, 'out.json'));
  assert.equal(counts.inbound.RemoteStartTransaction, 2, JSON.stringify(counts));
  assert.equal(counts.answered.RemoteStartTransaction, 2);
  assert.equal(counts.sent.StartTransaction, 2);
  assert.doesNotMatch(fake.stdout(), /still waiting/);
}));

test('--gateway-boot-status Pending keeps every charge point pending (a booted:count==0 threshold says it is expected); a bad policy exits 104 naming the flag', () => withTempDir(async (dir) => {
  const fake = await runCli(['run', '--scenario', 'boot-pending', '--gateway-boot-status', 'Pending', '--heartbeat-interval', '1s', '-n', '2', '-d', '2500ms', '--no-ui', '--threshold', 'booted:count==0'], { cwd: dir, ms: 30_000 });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stdout(), /2 total, 2 started, 2 connected, 0 booted/);
  assert.match(fake.stdout(), /BootNotification +[4-9]\d* +[4-9]/, 'every charge point booted again after the interval');
  const bad = await runCli(['run', '--gateway-boot-status', 'Maybe'], { cwd: dir });
  assert.equal(bad.code, 104);
  assert.match(bad.stderr(), /--gateway-boot-status: /);
}));

/** The process ids of this process's children whose command line names `script` (Linux /proc). */
function childrenRunning(script: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) found.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

test('an embedded gateway killed during the run ends the run at once: one error line, ABORTED, exit 1, the summary says why', { skip: process.platform !== 'linux' && 'reads /proc' }, () => withTempDir(async (dir) => {
  const running = runCli(['run', '-n', '3', '-d', '30s', '--no-ui', '--out', 'out.json'], { cwd: dir, ms: 40_000 });
  let gateways: number[] = [];
  for (const deadline = Date.now() + 20_000; gateways.length === 0 && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    gateways = childrenRunning('gateway-child.js');
  }
  assert.equal(gateways.length, 1, 'the run forked its embedded gateway');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // connected and booted
  process.kill(gateways[0] as number, 'SIGKILL');
  const fake = await running;
  assert.equal(fake.code, 1, fake.stderr());
  assert.ok(fake.elapsedMs < 25_000, `ended within seconds of the kill, not at the end of its 30 s (${fake.elapsedMs} ms)`);
  assert.match(fake.stderr(), /^ocpp-sim: error: the embedded gateway exited during the run \(signal SIGKILL\); the run ended there$/m);
  assert.match(fake.stdout(), /ocpp-sim run ABORTED \(the embedded gateway exited\)/);
  const doc = readSummary(join(dir, 'out.json'));
  assert.equal(doc.outcome, 'aborted');
  assert.match(doc.error ?? '', /embedded gateway exited during the run/);
}));
