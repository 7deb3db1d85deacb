import { test } from 'node:test';
import assert from 'node:assert/strict';
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
