import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../../src/gateway/server.js';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';

// The heartbeat grid against a process that stalls: the slots that pass while the event loop is
// blocked are counted as skipped (one heartbeat goes, not a burst), and the grid goes on.

test('a stall of over three heartbeat intervals counts the slots it skipped, and heartbeats go on on the grid', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 1 });
  const fleet = new Fleet(fleetOptions(gateway.url, { count: 1 }));
  try {
    fleet.start();
    await waitUntil(() => (fleet.snapshot(false).metrics.sent.Heartbeat ?? 0) >= 1, 8000, 'the first heartbeat');
    // Block the event loop for 3.2 intervals: the timer wheel runs late and at least two slots pass unserved.
    const until = performance.now() + 3200;
    while (performance.now() < until) { /* the stall */ }
    const before = fleet.snapshot(false).metrics.sent.Heartbeat ?? 0;
    await waitUntil(() => (fleet.snapshot(false).metrics.sent.Heartbeat ?? 0) >= before + 2, 5000, 'heartbeats after the stall');
    const m = fleet.snapshot(false).metrics;
    assert.ok((m.skipped.Heartbeat ?? 0) >= 2, `the slots passed during the stall are counted: ${JSON.stringify(m.skipped)}`);
    assert.ok((m.delayed.Heartbeat ?? 0) >= 1, 'the heartbeat sent after the stall left late');
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});
