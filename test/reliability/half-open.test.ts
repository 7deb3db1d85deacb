import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// A half-open link seen by a charge point: the central system's host stops reading the socket
// and sends nothing, no FIN and no close frame. Heartbeats only time out; only WebSocket
// ping/pong (OCPP-J 1.6 §5.3) can tell the link is dead. The charge point must drop it within
// about two ping intervals, reconnect with its back-off and boot again on a new connection.

const PING_MS = 200;

test('a charge point with a ping interval drops a half-open connection, reconnects and boots again', async () => {
  const csms = await ScriptedCsms.start();
  // pingIntervalMs is the option the fleet must hand to each charge point's Connection.
  const fleet = new Fleet(Object.assign(fleetOptions(csms.url, { count: 1, callTimeoutMs: 300 }), { pingIntervalMs: PING_MS }));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls('StatusNotification').length >= 3, 3000, 'the charge point to boot and report its connectors');
    const frozenAt = performance.now();
    csms.freeze(1);
    await csms.waitFor(() => csms.calls('BootNotification').some((f) => f.conn === 2), 2000, 'a BootNotification on a second connection');
    const backMs = performance.now() - frozenAt;
    assert.ok(backMs < 2 * PING_MS + 500, `dead link found and replaced within two intervals plus the back-off (${Math.round(backMs)} ms)`);
    const m = fleet.snapshot().metrics;
    assert.deepEqual(m.disconnects, { 1006: 1 }, 'one abnormal closure (1006), counted');
    assert.equal(m.reconnects, 1);
  } finally {
    await fleet.stop(200);
    await csms.close();
  }
});

test('without a ping interval, a half-open connection is not detected: heartbeats just time out', async () => {
  // The baseline the keep-alive exists for, and the cost of leaving it off (--ping-interval 0).
  const csms = await ScriptedCsms.start();
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1, callTimeoutMs: 300 }));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls('StatusNotification').length >= 3, 3000, 'the charge point to boot and report its connectors');
    csms.freeze(1);
    await csms.waitFor(() => (fleet.snapshot(false).metrics.errors['timeout:Heartbeat'] ?? 0) >= 1, 3000, 'a Heartbeat to time out');
    const m = fleet.snapshot(false).metrics;
    assert.deepEqual(m.disconnects, {}, 'the link still looks open');
    assert.equal(csms.connections.length, 1, 'no reconnect');
  } finally {
    await fleet.stop(200);
    await csms.close();
  }
});
