import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/chargepoint/scenario/loader.js';
import { startGateway } from '../../src/gateway/server.js';
import { runLoadTest } from '../../src/runner/run.js';
import { parseStages, stagesDurationMs } from '../../src/runner/stages.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { withTimeout } from '../helpers/wait.js';

// A staged run against the real gateway on port 0: the connected count follows the plan, and the
// ramp-down stops each charge point's transaction before it closes with 1000.

const CHARGING = parseScenario(`
name: charging-forever
protocol: ocpp1.6
chargePoint: { vendor: ocpp-sim, model: VirtualCP, firmwareVersion: "0.1.0", connectors: 1 }
steps:
  - boot
  - startTransaction: { connector: 1, idTag: TAG1 }
  - wait: 1h
`, 'charging-forever.yaml');

test('a staged run grows to the target, holds it, and on the way down every charge point stops its transaction and closes with 1000', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const stages = parseStages('400ms:4,1200ms:4,400ms:1');
  try {
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 4, scenario: CHARGING, stages, durationMs: stagesDurationMs(stages) })), 15_000, 'the staged run');
    assert.equal(result.outcome, 'completed');
    const m = result.fleet.metrics;
    assert.equal(m.received.StartTransaction, 4, 'four charging sessions began');
    assert.equal(m.received.StopTransaction, 3, 'three ended by the ramp-down, before their sockets closed');
    assert.deepEqual(m.disconnects, {}, 'no charge point was disconnected by the gateway');
    // The end of a ramp is sampled while its last charge point may still be connecting; holds are settled.
    assert.deepEqual(result.stages?.slice(1).map((s) => [s.target, s.connected, s.accepted]), [[4, 4, 4], [1, 1, 1]]);
    assert.deepEqual(result.stages?.map((s) => s.endsAtMs), [400, 1600, 2000]);
    assert.equal(result.fleet.everBooted, 4);
    assert.equal(result.fleet.open, 0, 'the rest closed at the end');
  } finally {
    await gateway.close();
  }
});

test('a charge point that left in a ramp-down comes back and boots again when the plan rises again', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const stages = parseStages('200ms:3,600ms:3,200ms:0,400ms:0,200ms:3,600ms:3');
  try {
    const result = await withTimeout(runLoadTest(fleetOptions(gateway.url, { count: 3, stages, durationMs: stagesDurationMs(stages) })), 15_000, 'the staged run');
    assert.deepEqual(result.stages?.filter((_, i) => i % 2 === 1).map((s) => s.connected), [3, 0, 3], 'at the end of each hold');
    assert.equal(result.fleet.metrics.boots.Accepted, 6, 'each booted twice');
    assert.equal(result.fleet.everBooted, 3);
  } finally {
    await gateway.close();
  }
});
