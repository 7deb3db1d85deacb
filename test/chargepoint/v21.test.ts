import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/chargepoint/scenario/loader.js';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { notSimulatedV21 } from '../../src/chargepoint/v21/handlers.js';
import { startGateway } from '../../src/gateway/server.js';
import { minimalPayload } from '../../src/protocol/minimal-payload.js';
import { validatorFor } from '../../src/protocol/validator.js';
import { loadVersions, schemasOf, versionSpec } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';
import { repoRoot } from '../helpers/repo-root.js';
import { getJson } from '../gateway/ocpp-test-client.js';

// OCPP 2.1 charging stations against the real embedded gateway on port 0, schema validation on
// at both ends: every CSMS-initiated 2.1 action gets a schema-valid answer, periodic event streams
// send NotifyPeriodicEventStream SENDs that the CSMS can adjust, and 1.6, 2.0.1 and 2.1 stations
// share one gateway.

// The 2.1 schemas are an ES module, loaded before anything asks for them (run, gateway and loader do the same).
await loadVersions(['ocpp2.1']);
const v21 = validatorFor('ocpp2.1');
const shipped = (name: string): Scenario => {
  const file = join(repoRoot(), 'scenarios', name);
  return parseScenario(readFileSync(file, 'utf8'), file);
};

/** A 2.1 station that boots, reports, then keeps one periodic event stream open for a minute. */
function streaming(intervalMs: number): Scenario {
  const base = shipped('boot-heartbeat-status-21.yaml');
  return { ...base, steps: [...base.steps, { type: 'periodicEventStream', line: 99, intervalMs, values: 3, durationMs: 60_000 }] };
}

/** Every action the CSMS sends to a 2.1 station, by the registry: the schema set less what stations send. */
const CSMS_ACTIONS = [...v21.actions].filter((a) => !versionSpec('ocpp2.1').fromChargePoint.includes(a) || a === 'DataTransfer').sort();

test('every CSMS-initiated 2.1 action gets a schema-valid CALLRESULT from a 2.1 station', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario: shipped('boot-heartbeat-status-21.yaml') }));
  fleet.start();
  try {
    await waitUntil(() => fleet.snapshot().everBooted === 1, 5000, 'the 2.1 station to boot');
    assert.ok(CSMS_ACTIONS.length >= 50, `${CSMS_ACTIONS.length} CSMS-initiated actions`);
    // Reset last: it makes the station reconnect.
    for (const action of [...CSMS_ACTIONS.filter((a) => a !== 'Reset'), 'Reset']) {
      const payload = minimalPayload(schemasOf('ocpp2.1').get(`${action}.req`) as Record<string, unknown>);
      // The gateway validates both directions: an answer that broke its schema would reject here.
      const answer = await gateway.call('CP-001', action, payload);
      assert.doesNotThrow(() => v21.validate(action, 'conf', answer), action);
    }
    for (const action of notSimulatedV21()) assert.ok(CSMS_ACTIONS.includes(action), `${action} is CSMS-initiated`);
    // The minimal UpdateFirmware and GetLog name the location 'x': the station reports the failed
    // transfer (DownloadFailed, UploadFailure) and records why; nothing else may go wrong.
    assert.deepEqual(fleet.snapshot().metrics.recentErrors.filter((e) => !/^\w+ (upload|download): 'x' is not a URL$/.test(e.detail)), []);
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});

test('a periodic event stream sends NotifyPeriodicEventStream SENDs at its interval, and the CSMS can read and adjust it', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario: streaming(100) }));
  fleet.start();
  const sends = (): number => Number(/ocpp_sends_total\{action="NotifyPeriodicEventStream",direction="in"\} (\d+)/.exec(gateway.metrics())?.[1] ?? 0);
  try {
    await waitUntil(() => sends() >= 5, 5000, 'five SENDs of the stream');
    const listed = await gateway.call('CP-001', 'GetPeriodicEventStream', {});
    assert.deepEqual(listed, { constantStreamData: [{ id: 1, variableMonitoringId: 1, params: { interval: 0, values: 3 } }] });
    assert.deepEqual(await gateway.call('CP-001', 'AdjustPeriodicEventStream', { id: 1, params: { interval: 3600, values: 2 } }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call('CP-001', 'AdjustPeriodicEventStream', { id: 9, params: { interval: 1 } }), { status: 'Rejected' });
    const after = sends();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(sends() <= after + 1, `an hourly stream sent ${sends() - after} more in 0.5 s`);
    const snap = fleet.snapshot();
    assert.ok((snap.metrics.sent.NotifyPeriodicEventStream ?? 0) >= 5);
    assert.deepEqual(snap.metrics.recentErrors, []);
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});

test('a mixed fleet of 1.6, 2.0.1 and 2.1 charge points boots against one gateway, each on its own version', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const scenarios = [shipped('boot-heartbeat-status.yaml'), shipped('boot-heartbeat-status-201.yaml'), shipped('boot-heartbeat-status-21.yaml')];
  const fleet = new Fleet(fleetOptions(gateway.url, { count: 6, scenario: scenarios[0] as Scenario, scenarios: [...scenarios, ...scenarios] }));
  fleet.start();
  try {
    await waitUntil(() => fleet.snapshot().everBooted === 6, 8000, 'six charge points to boot');
    const { body } = await getJson(gateway.port, '/connections');
    const protocols = Object.values(body.connections as Record<string, { protocol: string }>).map((c) => c.protocol).sort();
    assert.deepEqual(protocols, ['ocpp1.6', 'ocpp1.6', 'ocpp2.0.1', 'ocpp2.0.1', 'ocpp2.1', 'ocpp2.1']);
    for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']) {
      assert.match(gateway.metrics(), new RegExp(`ocpp_connections_total\\{protocol="${version.replace(/\./g, '\\.')}"\\} 2`));
    }
    assert.deepEqual(fleet.snapshot().metrics.recentErrors, []);
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});
