import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../../src/gateway/server.js';
import { Fleet, chargePointId } from '../../src/runner/fleet.js';
import { runLoadTest } from '../../src/runner/run.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';
import { closedPortUrl } from '../helpers/servers.js';
import { withTimeout } from '../helpers/wait.js';

// A fleet and a run against the real embedded gateway on 127.0.0.1 (port 0), with a small
// back-off (50–200 ms) so reconnects happen within a second.

const IDS: Array<[prefix: string, index: number, count: number, id: string]> = [
  ['CP-', 0, 1, 'CP-001'],
  ['CP-', 9, 10, 'CP-010'],
  ['CP-', 99, 100, 'CP-100'],
  ['CP-', 0, 1000, 'CP-0001'],
  ['CP-', 999, 1000, 'CP-1000'],
  ['X', 41, 100_000, 'X000042'],
  ['', 0, 5, '001'],
];

for (const [prefix, index, count, id] of IDS) {
  test(`charge point #${index} of ${count} with prefix '${prefix}' is called ${id}`, () => {
    assert.equal(chargePointId(prefix, index, count), id);
  });
}

test('ids of a fleet all have the same width, so they sort in start order', () => {
  const ids = Array.from({ length: 1200 }, (_, i) => chargePointId('CP-', i, 1200));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids.map((id) => id.length)).size, 1);
});

test('when the gateway stops and starts again on the same port, every charge point reconnects and boots again', async () => {
  let gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const port = gateway.port;
  const fleet = new Fleet(fleetOptions(gateway.url, { count: 3 }));
  try {
    fleet.start();
    await waitUntil(() => fleet.snapshot().everBooted === 3, 3000, 'three charge points to boot');
    await gateway.close();
    await waitUntil(() => fleet.snapshot().open === 0, 2000, 'every charge point to see the gateway go');
    gateway = await startGateway({ port, heartbeatIntervalSec: 60 });
    await waitUntil(() => gateway.stats().boots.Accepted === 3 && fleet.snapshot().states.accepted === 3, 3000, 'three boots at the new gateway');
    const snap = fleet.snapshot();
    assert.equal(snap.everBooted, 3, 'the same three charge points');
    assert.equal(snap.metrics.reconnects, 3);
    assert.equal(snap.metrics.boots.Accepted, 6, 'each booted twice');
    assert.deepEqual(snap.metrics.disconnects, { 1001: 3 }, 'the gateway went away with 1001');
    assert.equal(snap.open, 3);
    assert.equal(gateway.connectionCount, 3);
  } finally {
    await fleet.stop();
    await gateway.close();
  }
  assert.equal(fleet.snapshot().open, 0);
});

test('a run against a port where nothing listens ends at once as unreachable, naming ECONNREFUSED', async () => {
  const url = (await closedPortUrl()).replace(/\/CP001$/, '');
  const t0 = performance.now();
  const result = await withTimeout(runLoadTest(fleetOptions(url, { count: 3, durationMs: 20_000 })), 5000, 'the run to give up');
  const wallMs = performance.now() - t0;
  assert.equal(result.outcome, 'unreachable');
  assert.match(result.error ?? '', /ECONNREFUSED/);
  assert.ok(wallMs < 3000, `gave up after ${wallMs.toFixed(0)} ms of a 20 s run`);
  assert.equal(result.fleet.everConnected, 0);
  assert.equal(result.fleet.open, 0);
  assert.ok((result.fleet.metrics.errors['connect:ECONNREFUSED'] ?? 0) >= 3, JSON.stringify(result.fleet.metrics.errors));
});

test('aborting the signal ends the run early as interrupted, with what was measured so far', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const abort = new AbortController();
  try {
    const t0 = performance.now();
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 4, durationMs: 30_000 }), {
      signal: abort.signal,
      onStart: (fleet) => {
        void waitUntil(() => fleet.snapshot().everBooted === 4, 3000, 'four boots').then(() => abort.abort(), () => abort.abort());
      },
    }), 6000, 'the interrupted run');
    assert.equal(result.outcome, 'interrupted');
    assert.equal(result.error, undefined);
    assert.equal(result.fleet.everBooted, 4);
    assert.ok(result.elapsedMs < 5000 && performance.now() - t0 < 6000, `ended after ${result.elapsedMs.toFixed(0)} ms`);
    assert.equal(result.fleet.open, 0);
  } finally {
    await gateway.close();
  }
});

test('a run whose signal is already aborted ends at once as interrupted without connecting', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 2, durationMs: 30_000 }), { signal: AbortSignal.abort() }), 3000, 'the run');
    assert.equal(result.outcome, 'interrupted');
    assert.equal(result.fleet.started, 0);
    assert.equal(gateway.stats().boots.Accepted, 0);
  } finally {
    await gateway.close();
  }
});

test('interrupting a run during a slow ramp reports only the charge points that were started', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const abort = new AbortController();
  try {
    // 5/s: a charge point every 200 ms; stop once two have booted, long before the 20th is due (3.8 s).
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 20, ratePerSec: 5, durationMs: 30_000 }), {
      signal: abort.signal,
      onStart: (fleet) => {
        void waitUntil(() => fleet.snapshot().everBooted >= 2, 3000, 'two boots').then(() => abort.abort(), () => abort.abort());
      },
    }), 6000, 'the interrupted run');
    assert.equal(result.outcome, 'interrupted');
    assert.ok(result.fleet.everBooted >= 2);
    assert.ok(result.fleet.started >= result.fleet.everBooted && result.fleet.started <= 4,
      `${result.fleet.started} of 20 reported started after ${result.elapsedMs.toFixed(0)} ms of a 5/s ramp`);
  } finally {
    await gateway.close();
  }
});

test('a completed run reports the fleet and leaves no socket open, at either end', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 1 });
  try {
    let finished = 0;
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 5, durationMs: 1500 }), { onFinish: () => { finished++; } }), 6000, 'the run');
    assert.equal(result.outcome, 'completed');
    assert.equal(finished, 1, 'onFinish is called once');
    assert.ok(result.elapsedMs >= 1450 && result.elapsedMs < 3000, `ran ${result.elapsedMs.toFixed(0)} ms`);
    assert.equal(result.fleet.count, 5);
    assert.equal(result.fleet.everBooted, 5);
    assert.equal(result.fleet.open, 0, 'the fleet closed every socket before resolving');
    assert.equal(result.fleet.states.closed, 5);
    assert.ok((result.fleet.metrics.sent.Heartbeat ?? 0) >= 5, 'each charge point sent a heartbeat at the 1 s interval');
    assert.deepEqual(result.fleet.metrics.disconnects, {}, 'closes the run asked for are not disconnects');
    assert.equal(result.url, gateway.url);
    assert.equal(result.scenario, 'boot-heartbeat-status');
    await waitUntil(() => gateway.connectionCount === 0, 1000, 'the gateway to see every socket closed');
  } finally {
    await gateway.close();
  }
});
