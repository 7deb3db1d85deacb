import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario, Step } from '../../src/chargepoint/scenario/types.js';
import { Fleet } from '../../src/runner/fleet.js';
import { runLoadTest } from '../../src/runner/run.js';
import { summaryText } from '../helpers/summary-text.js';
import { defaultScenario, fleetOptions } from '../helpers/fleet-options.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// Nothing lost: an error thrown inside one charge point — a handler of a CALL from the central
// system, a step of its scenario — stays with that charge point. The session turns a throwing
// handler into an InternalError CALLERROR; the interpreter catches a throwing step and counts
// it as `scenario-crash`. The other charge points carry on, and the run ends with its summary.

test('a handler that throws answers InternalError; that charge point keeps heartbeating and its neighbour is not affected', async () => {
  const csms = await ScriptedCsms.start();
  // Without validation nothing stops a malformed `key` from reaching the GetConfiguration handler.
  const fleet = new Fleet(fleetOptions(csms.url, { count: 2, validate: 'off' }));
  try {
    fleet.start();
    await csms.waitFor(() => fleet.snapshot(false).states.accepted === 2 && csms.calls('StatusNotification').length >= 6, 3000, 'two charge points to boot');
    // `{ length: 1 }` is not iterable: the handler's for-of throws a TypeError.
    const reply = await csms.call('CP-001', 'GetConfiguration', { key: { length: 1 } });
    assert.deepEqual(reply.slice(0, 2), [4, reply[1]]);
    assert.equal(reply[2], 'InternalError');
    assert.match(String(reply[3]), /iterable/);
    const heartbeatsBefore = csms.calls('Heartbeat').filter((f) => f.chargePointId === 'CP-001').length;
    await csms.waitFor(() => csms.calls('Heartbeat').filter((f) => f.chargePointId === 'CP-001').length > heartbeatsBefore, 2500, 'CP-001 to heartbeat after the failure');
    const neighbour = await csms.call('CP-002', 'GetConfiguration', { key: ['HeartbeatInterval'] });
    assert.equal(neighbour[0], 3);
    const again = await csms.call('CP-001', 'GetConfiguration', { key: ['HeartbeatInterval'] });
    assert.equal(again[0], 3, 'the same charge point answers the next CALL normally');
  } finally {
    await fleet.stop();
    await csms.close();
  }
  const m = fleet.snapshot().metrics;
  assert.deepEqual(m.answeredWithError, { GetConfiguration: 1 }, 'counted once');
  assert.deepEqual(m.disconnects, {});
});

/** An iterable that throws for its first `failures` iterations: a step that breaks for some charge points only. */
function brokenConnectorList(failures: number): readonly number[] {
  let left = failures;
  return {
    [Symbol.iterator]() {
      if (left-- > 0) throw new Error('connector list unavailable');
      return [1][Symbol.iterator]();
    },
  } as unknown as readonly number[];
}

test('a scenario step that throws is counted as scenario-crash for that charge point only, and the run completes with its summary', async () => {
  const csms = await ScriptedCsms.start();
  const base = defaultScenario();
  const steps: Step[] = [
    { type: 'boot', line: 1 },
    { type: 'forEach', line: 2, connectors: brokenConnectorList(2), steps: [{ type: 'statusNotification', line: 3, connector: 'current', status: 'Available', errorCode: 'NoError' }] },
    { type: 'heartbeat', line: 4 },
  ];
  const scenario: Scenario = { ...base, name: 'crashing', steps };
  try {
    const result = await runLoadTest({ ...fleetOptions(csms.url, { count: 5, scenario }), durationMs: 1500 });
    assert.equal(result.outcome, 'completed');
    const m = result.fleet.metrics;
    assert.equal(m.anomalies['scenario-crash'], 2, 'two charge points crashed, each counted once');
    assert.equal(result.fleet.everBooted, 5);
    const crashed = m.recentErrors.filter((e) => /scenario step at line 2 \(forEach\) failed: connector list unavailable/.test(e.detail));
    assert.equal(crashed.length, 2, 'each crash is named with its step and line');
    const beating = new Set(csms.calls('Heartbeat').map((f) => f.chargePointId));
    assert.equal(beating.size, 3, 'the three others went on to heartbeat');
    for (const { chargePoint } of crashed) assert.ok(!beating.has(chargePoint), `${chargePoint} stopped its steps after the crash`);
    const summary = summaryText(result);
    assert.match(summary, /other events \(not operations\): scenario-crash 2/);
    assert.match(summary, /completed/);
  } finally {
    await csms.close();
  }
});
