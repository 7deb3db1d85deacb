import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fleet } from '../../src/runner/fleet.js';
import { ALMOST_ONE } from '../helpers/connection.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { sleep, waitUntil } from '../helpers/poll.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';
import { refuseUpgrade, startUpgradeServer } from '../helpers/servers.js';

// The central system ends connections, or refuses them, in every way a charge point meets in
// the field, on real sockets. A close of any code is reported by its code and followed by a
// reconnect (and a new boot); a refused upgrade is retried with a growing back-off unless it
// can only succeed after a change of configuration (401).

const CLOSE_CODES = [1000, 1001, 1008, 1011, 4000];

test('a central system closing with 1000, 1001, 1008, 1011 and 4000: each close is counted by its code and the charge point reconnects and boots again', async () => {
  const csms = await ScriptedCsms.start((call, self) => {
    self.answer(call);
    const code = CLOSE_CODES[call.conn - 1];
    // Connection n is closed with code n right after its boot was answered; the last one stays.
    if (call.action === 'BootNotification' && code !== undefined) self.later(20, () => call.ws.close(code, `closing with ${code}`));
  });
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1 }));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls('BootNotification').some((f) => f.conn === CLOSE_CODES.length + 1), 5000, 'a boot on the connection after the last close');
    await waitUntil(() => fleet.snapshot(false).states.accepted === 1, 2000, 'the charge point to be Accepted again');
  } finally {
    await fleet.stop();
    await csms.close();
  }
  const m = fleet.snapshot().metrics;
  assert.deepEqual(m.disconnects, Object.fromEntries(CLOSE_CODES.map((code) => [String(code), 1])));
  assert.equal(m.reconnects, CLOSE_CODES.length);
  assert.equal(m.boots.Accepted, CLOSE_CODES.length + 1, 'booted on every connection');
  assert.deepEqual(csms.connections.slice(0, CLOSE_CODES.length).map((c) => c.closeCode), CLOSE_CODES);
});

test('an upgrade refused with 401 is not retried: the charge point fails with a message naming the cause', async () => {
  const server = await startUpgradeServer((_request, socket) => refuseUpgrade(socket, 401));
  const fleet = new Fleet(fleetOptions(server.url.replace(/\/CP001$/, ''), { count: 1 }));
  try {
    fleet.start();
    await waitUntil(() => fleet.snapshot(false).states['gave-up'] === 1, 2000, 'the charge point to fail');
    await sleep(300);
    assert.equal(server.upgrades, 1, 'no retry after 401');
  } finally {
    await fleet.stop();
    await server.close();
  }
  const snap = fleet.snapshot();
  assert.equal(snap.metrics.errors['connect:http-401'], 1);
  assert.match(snap.firstError ?? '', /refused the WebSocket upgrade with HTTP 401 \(authentication required\)/);
  assert.match(snap.metrics.recentErrors[0]?.detail ?? '', /HTTP 401/);
});

for (const status of [404, 503]) {
  test(`an upgrade refused with ${status} is retried with a back-off that grows from one attempt to the next`, async () => {
    const attempts: number[] = [];
    const server = await startUpgradeServer((_request, socket) => {
      attempts.push(performance.now());
      refuseUpgrade(socket, status);
    });
    // Jitter almost 1: each wait is its ceiling, 20, 40, 80, 160, 320 ms.
    const fleet = new Fleet(fleetOptions(server.url.replace(/\/CP001$/, ''), {
      count: 1, backoff: { initialMs: 20, maxMs: 5000, factor: 2 }, random: () => ALMOST_ONE,
    }));
    try {
      fleet.start();
      await waitUntil(() => attempts.length >= 6 && (fleet.snapshot(false).metrics.errors[`connect:http-${status}`] ?? 0) >= 6, 3000, 'six refused upgrade attempts');
    } finally {
      await fleet.stop();
      await server.close();
    }
    const gaps = attempts.slice(1, 6).map((at, i) => at - (attempts[i] as number));
    // Each wait is at least its ceiling (less the wheel's 10 ms rounding); on a loaded machine every
    // gap also carries some ms of handshake and scheduling, so growth is judged over four doublings.
    gaps.forEach((gap, i) => assert.ok(gap >= 20 * 2 ** i - 10, `gap ${i + 1} (${Math.round(gap)} ms) is at least ${20 * 2 ** i} ms: ${gaps.map(Math.round).join(', ')}`));
    assert.ok((gaps[4] as number) > 4 * (gaps[0] as number), `the back-off grows: ${gaps.map(Math.round).join(', ')}`);
    const snap = fleet.snapshot();
    assert.ok((snap.metrics.errors[`connect:http-${status}`] ?? 0) >= 6);
    assert.equal(snap.states['gave-up'], 0, `${status} is not fatal`);
  });
}

test('an upgrade refused with 503 and Retry-After: 1 is retried no sooner than a second later, however short the back-off, each refusal counted', async () => {
  const attempts: number[] = [];
  const server = await startUpgradeServer((_request, socket) => {
    attempts.push(performance.now());
    refuseUpgrade(socket, 503, { 'Retry-After': '1' });
  });
  const fleet = new Fleet(fleetOptions(server.url.replace(/\/CP001$/, ''), {
    count: 1, backoff: { initialMs: 10, maxMs: 20, factor: 2 }, random: () => 0,
  }));
  try {
    fleet.start();
    await waitUntil(() => attempts.length >= 3 && (fleet.snapshot(false).metrics.errors['connect:http-503'] ?? 0) >= 3, 10_000, 'three refused upgrade attempts');
  } finally {
    await fleet.stop();
    await server.close();
  }
  const gaps = attempts.slice(1, 3).map((at, i) => at - (attempts[i] as number));
  for (const gap of gaps) assert.ok(gap >= 990, `waited ${Math.round(gap)} ms between attempts, not the 10-20 ms back-off`);
  const snap = fleet.snapshot();
  assert.ok((snap.metrics.errors['connect:http-503'] ?? 0) >= 3, 'every refusal counted');
  assert.match(snap.firstError ?? '', /HTTP 503 \(server unavailable\); Retry-After asks to wait 1 s/);
});

test('a central system that floods pings and never reads the pongs is cut by the charge point, counted as peer-not-reading and named', async () => {
  let flooded = false;
  const csms = await ScriptedCsms.start((call, self) => {
    self.answer(call);
    if (call.action !== 'BootNotification' || flooded) return;
    flooded = true;
    self.freeze(call.conn);
    const payload = Buffer.alloc(125, 1);
    for (let i = 0; i < 2_000; i++) call.ws.ping(payload);
  });
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1 }));
  try {
    fleet.start();
    await waitUntil(() => (fleet.snapshot(false).metrics.anomalies['peer-not-reading'] ?? 0) >= 1, 10_000, 'the flooded connection to be cut');
  } finally {
    await fleet.stop();
    await csms.close();
  }
  const snap = fleet.snapshot();
  assert.equal(snap.metrics.anomalies['peer-not-reading'], 1);
  assert.equal(snap.metrics.errors['peer-not-reading'], undefined, 'an anomaly, not a failed operation');
  assert.ok((snap.metrics.disconnects['1006'] ?? 0) >= 1);
  assert.ok(snap.metrics.recentErrors.some((e) => /peer does not read: 60 pongs waiting to be written/.test(e.detail)), JSON.stringify(snap.metrics.recentErrors));
});
