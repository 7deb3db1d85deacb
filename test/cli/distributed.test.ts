import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { childPids } from '../helpers/child-processes.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// Distributed runs (docs/distributed.md): shards, source addresses and worker processes, each
// against one real in-process gateway on 127.0.0.1 port 0.

const RUN = ['--duration', '2s', '--rate', '0', '--no-ui'];

test('two --shard runs merged with report merge count the same as one run of the whole fleet', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const whole = await runCli(['run', '--url', gw.url, '--count', '6', ...RUN, '--out', 'whole.json'], { cwd: dir });
  assert.equal(whole.code, 0, whole.stderr());
  for (const k of [0, 1]) {
    const shard = await runCli(['run', '--url', gw.url, '--count', '6', '--shard', `${k}/2`, ...RUN, '--out', `shard-${k}.json`], { cwd: dir });
    assert.equal(shard.code, 0, shard.stderr());
    assert.match(shard.stderr(), new RegExp(`running 3 charge points \\(shard ${k}/2 of 6\\)`));
    assert.equal(readSummary(join(dir, `shard-${k}.json`)).chargePoints.count, 3);
  }
  const merge = await runCli(['report', 'merge', 'shard-0.json', 'shard-1.json', '--out', 'merged.json'], { cwd: dir });
  assert.equal(merge.code, 0, merge.stderr());
  const [one, merged] = [readSummary(join(dir, 'whole.json')), readSummary(join(dir, 'merged.json'))];
  assert.equal(merged.chargePoints.count, 6);
  assert.equal(merged.chargePoints.booted, one.chargePoints.booted);
  assert.deepEqual(merged.counts.boots, one.counts.boots);
  assert.equal(merged.counts.sent.BootNotification, one.counts.sent.BootNotification);
  assert.equal(merged.counts.sent.StatusNotification, one.counts.sent.StatusNotification);
})));

test('shards keep the global ids: shard 1/2 of 12 connects CP-002, CP-004 … CP-012', () => withTempDir((dir) => {
  const seen: string[] = [];
  return withWatchedGateway({ onConnect: (e) => seen.push(e.chargePointId) }, async (gw) => {
    const run = await runCli(['run', '--url', gw.url, '--count', '12', '--shard', '1/2', ...RUN.slice(0, 2), '--duration', '1s'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr());
    assert.deepEqual([...new Set(seen)].sort(), ['CP-002', 'CP-004', 'CP-006', 'CP-008', 'CP-010', 'CP-012']);
  });
}));

test('--local-address spreads the connections over the source addresses, charge point i on address i mod n', () => withTempDir((dir) => {
  const from = new Map<string, string>();
  return withWatchedGateway({ onConnect: (e) => from.set(e.chargePointId, e.remoteAddress.replace(/:\d+$/, '').replace(/^::ffff:/, '')) }, async (gw) => {
    const run = await runCli(['run', '--url', gw.url, '--count', '4', ...RUN.slice(0, 2), '--duration', '1s', '--local-address', '127.0.0.2,127.0.0.3'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr());
    assert.deepEqual(Object.fromEntries([...from].sort()), { 'CP-001': '127.0.0.2', 'CP-002': '127.0.0.3', 'CP-003': '127.0.0.2', 'CP-004': '127.0.0.3' });
  });
}));

test('a --local-address that is not an IP address exits 104 naming the flag', () => withTempDir(async (dir) => {
  const run = await runCli(['run', '--count', '1', '--local-address', '127.0.0.2,nope'], { cwd: dir });
  assert.equal(run.code, 104);
  assert.match(run.stderr(), /--local-address: 'nope' is not an IP address/);
}));

test('--workers 2 --count 20 boots all 20 in two processes and merges the latency into one summary', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const run = await runCli(['run', '--url', gw.url, '--count', '20', '--workers', '2', ...RUN, '--out', 'w.json'], { cwd: dir, ms: 20_000 });
  assert.equal(run.code, 0, run.stderr());
  assert.match(run.stderr(), /running 20 charge points in 2 worker processes/);
  const doc = readSummary(join(dir, 'w.json'));
  assert.equal(doc.chargePoints.count, 20);
  assert.equal(doc.chargePoints.booted, 20);
  assert.equal(doc.counts.boots.Accepted, 20);
  assert.equal(doc.latency.BootNotification?.count, 20, 'one latency histogram of both workers');
  assert.ok((doc.latency.BootNotification?.p99 ?? 0) > 0);
  assert.equal(gw.gateway.stats().boots.Accepted, 20);
  assert.match(run.stdout(), /BootNotification/);
})));

test('a worker killed with SIGKILL: the other finishes its shard, the run is partial (exit 98) and the lost charge points count failed', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = fakeIo(dir);
  const exit = main(['run', '--url', gw.url, '--count', '10', '--workers', '2', '--rate', '0', '--duration', '3s', '--no-ui', '--out', 'k.json'], fake.io);
  let code: number;
  try {
    await waitUntil(() => childPids(process.pid, 'worker-child').length === 2 && gw.gateway.stats().boots.Accepted === 10, 8000, 'both workers to boot their charge points');
    process.kill(childPids(process.pid, 'worker-child')[1] as number, 'SIGKILL');
    code = await withTimeout(exit, 20_000, 'the run to end');
  } finally {
    fake.interrupt();
  }
  assert.equal(code, 98, fake.stderr());
  assert.match(fake.stderr(), /worker \d exited with signal SIGKILL before its result, [\d.]+ s into the run: its 5 charge points lost/);
  const doc = readSummary(join(dir, 'k.json'));
  assert.equal(doc.outcome, 'partial');
  assert.match(doc.error ?? '', /worker \d exited with signal SIGKILL/);
  assert.deepEqual([doc.chargePoints.count, doc.chargePoints.started, doc.chargePoints.booted, doc.chargePoints.failed, doc.chargePoints.lost], [10, 10, 5, 5, 5]);
  assert.ok((doc.counts.boots.Accepted ?? 0) >= 5, 'what the dead worker measured up to its last snapshot is kept');
  assert.match(fake.stdout(), /PARTIAL \(a worker process died\)/);
  assert.match(fake.stdout(), /lost {11}5 charge points with a worker process that died \(counted failed\)/);
})));
