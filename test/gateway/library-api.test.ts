import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFleet, startGateway, type ConnectEvent } from '../../src/index.js';

test('the library API runs a fleet with defaults against a gateway started with hooks', async () => {
  const connects: ConnectEvent[] = [];
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 1, onConnect: (e) => connects.push(e) });
  try {
    const result = await runFleet({ url: gateway.url, count: 3, durationMs: 800, seed: 1 });
    assert.equal(result.outcome, 'completed', result.error);
    assert.equal(result.fleet.count, 3);
    assert.equal(result.fleet.everBooted, 3);
    assert.equal(gateway.stats().boots.Accepted, 3);
    assert.deepEqual(connects.map((e) => e.chargePointId).sort(), ['CP-001', 'CP-002', 'CP-003']);
  } finally {
    await gateway.close();
  }
});
