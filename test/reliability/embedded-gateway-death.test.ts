import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { childPids, hasProcFs } from '../helpers/child-processes.js';
import { readSummary, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';

// The embedded gateway runs in a child process of `ocpp-sim run`. When that child dies mid-run
// (SIGKILL: no close frames, the kernel just drops its sockets), nothing is left to test: the run
// ends within about a second (its check runs each second), says why in one line, prints its
// summary marked ABORTED, writes --out, and exits 1, not 0. The child is found through /proc (its
// parent pid and command line), so the CLI needs no test hook.

const COUNT = 5;
const DURATION_MS = 20_000;

/** BootNotifications the gateway answered Accepted, from its /metrics (ocpp_boots_total). */
async function acceptedBoots(httpBase: string): Promise<number> {
  try {
    const text = await (await fetch(`${httpBase}/metrics`)).text();
    return Number(/^ocpp_boots_total\{status="Accepted"\} (\d+)/m.exec(text)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function connectedTo(httpBase: string): Promise<number> {
  try {
    const response = await fetch(`${httpBase}/connections`);
    return ((await response.json()) as { total_connections: number }).total_connections;
  } catch {
    return -1;
  }
}

test('when the embedded gateway process is killed mid-run, the run ends at once: one error line, ABORTED, exit 1, the summary and --out written', { skip: !hasProcFs() && 'needs /proc to find the gateway child' }, async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, 'summary.json');
    const fake = fakeIo(dir);
    const t0 = performance.now();
    const running = main(['run', '--count', String(COUNT), '--duration', `${DURATION_MS}ms`, '--heartbeat-interval', '1s',
      '--no-ui', '--progress-interval', '1s', '--out', out], fake.io);
    let url = '';
    await waitUntil(() => {
      url = /embedded gateway listening on (ws:\/\/\S+)/.exec(fake.stderr())?.[1] ?? '';
      return url !== '';
    }, 5000, 'the embedded gateway to start');
    const httpBase = url.replace(/^ws:/, 'http:').replace(/\/ocpp$/, '');
    let connections = 0;
    for (let i = 0; i < 60 && connections !== COUNT; i++) {
      connections = await connectedTo(httpBase);
      if (connections !== COUNT) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(connections, COUNT, 'every charge point connected before the kill');
    // Connected is not yet booted: wait until the gateway has accepted every BootNotification.
    let accepted = 0;
    for (let i = 0; i < 100 && accepted < COUNT; i++) {
      accepted = await acceptedBoots(httpBase);
      if (accepted < COUNT) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(accepted, COUNT, 'every charge point booted before the kill');
    const pids = childPids(process.pid, 'gateway-child');
    assert.equal(pids.length, 1, `one gateway child of this process (found ${pids.join(', ') || 'none'})`);
    process.kill(pids[0] as number, 'SIGKILL');
    const killedAt = performance.now() - t0;

    const code = await running;
    const elapsed = performance.now() - t0;
    assert.equal(code, EXIT.RUN_FAILED, `exit code (stderr:\n${fake.stderr()})`);
    assert.ok(elapsed < DURATION_MS - 5000, `ended within seconds of the kill, not at the end of its duration (${Math.round(elapsed)} ms, killed at ${Math.round(killedAt)} ms)`);
    assert.match(fake.stderr(), /^ocpp-sim: error: the embedded gateway exited during the run \(signal SIGKILL\); the run ended there$/m);
    assert.doesNotMatch(fake.stderr(), /^\s+at /m, 'no stack trace');
    assert.ok(existsSync(out), '--out was written');
    const summary = readSummary(out);
    assert.equal(summary.outcome, 'aborted');
    assert.match(summary.error ?? '', /^the embedded gateway exited during the run \(signal SIGKILL\)/);
    assert.equal(summary.chargePoints.booted, COUNT);
    assert.deepEqual(summary.counts.disconnects, { 1006: COUNT }, 'every charge point lost its socket without a close frame');
    assert.match(fake.stdout(), /ocpp-sim run ABORTED \(the embedded gateway exited\)/);
    assert.match(fake.stdout(), new RegExp(`closed by the peer, by close code: 1006×${COUNT}`));
    assert.deepEqual(childPids(process.pid, 'gateway-child'), [], 'no gateway child left behind');
  });
});
