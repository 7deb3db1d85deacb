import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, validateScenarioFiles } from '../../../src/chargepoint/scenario/loader.js';
import type { Scenario } from '../../../src/chargepoint/scenario/types.js';
import { BootSequenceCsms } from '../../helpers/boot-sequence-csms.js';
import { repoRoot, shippedScenario } from '../../helpers/repo-root.js';
import { fleetReaches, runScenario, type ScenarioRun } from './harness.js';

// Every shipped scenario validates, and each runs as documented: against the embedded gateway
// on port 0 (boot-pending against a central system that answers Pending first), one charge
// point, frames read back from the trace.

const CP = 'CP-001';

/** The line of the first line of the shipped file `name` that holds `text`, for its step key. */
function lineOf(name: string, text: string): number {
  return readFileSync(shippedScenario(name), 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
}

function noFailedChecks(run: ScenarioRun): void {
  const failed = Object.entries(run.steps).filter(([, s]) => s.failures > 0).map(([key, s]) => `${key}: ${s.samples.map((x) => x.detail).join(' | ')}`);
  assert.deepEqual(failed, []);
  // The harness interrupts the run once its condition holds: a CALL then in flight is unanswered, nothing else may be an error.
  const errors = Object.entries(run.result.fleet.metrics.errors).filter(([kind]) => !kind.startsWith('unanswered:'));
  assert.deepEqual(errors, []);
}

const reading = (sampled: unknown): number => Number((sampled as Array<{ sampledValue: Array<{ value: string }> }>)[0]?.sampledValue[0]?.value);

test('every shipped scenario file is valid', async () => {
  const dir = join(repoRoot(), 'scenarios');
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join(dir, f));
  assert.ok(files.length >= 5, files.join(', '));
  assert.deepEqual(await validateScenarioFiles(files), []);
});

test('charging-session: Authorize, StartTransaction, MeterValues every 2 s, StopTransaction, all with one consistent energy register', async () => {
  const scenario = await loadScenario(shippedScenario('charging-session.yaml'));
  const run = await runScenario(scenario, {
    maxMs: 12_000,
    until: (snap) => (snap.metrics.steps[`charging-session.yaml:${lineOf('charging-session.yaml', 'connector: 1, status: Available')} statusNotification`]?.checks ?? 0) >= 1,
  });
  noFailedChecks(run);
  const [authorize] = run.sent('Authorize');
  const [start] = run.sent('StartTransaction');
  const [stop] = run.sent('StopTransaction');
  const meters = run.sent('MeterValues');
  const txId = run.results('StartTransaction')[0]?.transactionId;
  assert.equal(typeof txId, 'number');
  assert.equal(start?.idTag, authorize?.idTag);
  assert.equal(stop?.idTag, authorize?.idTag);
  assert.equal(start?.meterStart, 0);
  assert.equal(meters.length, 3, 'at 0, 2 and 4 s of 6 s');
  assert.ok(meters.every((m) => m.transactionId === txId && m.connectorId === 1));
  const readings = meters.map((m) => reading(m.meterValue));
  assert.ok(readings.every((r, i) => i === 0 || r > (readings[i - 1] as number)), `rising readings ${readings.join(', ')}`);
  assert.ok(Math.abs((readings[2] as number) - (readings[0] as number) - 8) <= 1, `4 s at 7.4 kW is about 8 Wh: ${readings.join(', ')}`);
  assert.equal(stop?.transactionId, txId);
  assert.ok(Number(stop?.meterStop) >= (readings[2] as number), `meterStop ${String(stop?.meterStop)} after ${readings.join(', ')}`);
  assert.equal(reading(stop?.transactionData), stop?.meterStop, 'the Transaction.End reading is meterStop');
  assert.deepEqual(run.sent('StatusNotification').map((s) => s.status), ['Available', 'Available', 'Preparing', 'Charging', 'Finishing', 'Available']);
});

test('remote-start: a heartbeat loop runs beside a session the central system starts with RemoteStartTransaction', async () => {
  const scenario = await loadScenario(shippedScenario('remote-start.yaml'));
  const stopKey = `remote-start.yaml:${lineOf('remote-start.yaml', 'stopTransaction:')} stopTransaction`;
  const run = await runScenario(scenario, {
    maxMs: 12_000,
    until: (snap) => (snap.metrics.steps[stopKey]?.checks ?? 0) > 0,
    during: async (fleet, gateway) => {
      await fleetReaches(fleet, (snap) => (snap.metrics.sent.Heartbeat ?? 0) >= 1, 3000, 'the boot, statuses and the first loop heartbeat');
      assert.deepEqual(await gateway?.call(CP, 'RemoteStartTransaction', { idTag: 'REMOTE-1', connectorId: 1 }), { status: 'Accepted' });
    },
  });
  noFailedChecks(run);
  const [start] = run.sent('StartTransaction');
  const txId = run.results('StartTransaction')[0]?.transactionId;
  assert.equal(start?.idTag, 'REMOTE-1', 'started with the id tag the central system sent');
  const meters = run.sent('MeterValues');
  assert.equal(meters.length, 3);
  assert.ok(meters.every((m) => m.transactionId === txId));
  assert.equal(run.sent('StopTransaction')[0]?.transactionId, txId);
  const out = run.frames.filter((f) => f.dir === 'out' && f.frame[0] === 2).map((f) => f.frame[2]);
  const during = out.slice(out.indexOf('StartTransaction'), out.indexOf('StopTransaction'));
  assert.ok(during.includes('Heartbeat'), `the heartbeat loop goes on during the session: ${during.join(' ')}`);
  assert.deepEqual(run.answered('RemoteStartTransaction'), [{ status: 'Accepted' }]);
});

test('flapping: three reconnects without a boot, then a disconnect after which the charge point boots again', async () => {
  const scenario = await loadScenario(shippedScenario('flapping.yaml'));
  const run = await runScenario(scenario, {
    gateway: { heartbeatIntervalSec: 1 },
    maxMs: 15_000,
    // Until the second boot is answered: stopping with a CALL in flight would count it unanswered.
    until: (snap) => (snap.metrics.received.BootNotification ?? 0) >= 2,
  });
  noFailedChecks(run);
  assert.equal(run.result.fleet.metrics.connects, 5, '1 + 3 reconnects + 1 after the disconnect');
  assert.equal(run.sent('BootNotification').length, 2);
  assert.equal(run.steps[`flapping.yaml:${lineOf('flapping.yaml', '- reconnect')} reconnect`]?.checks, 3);
});

test('boot-pending: BootNotification again after the interval while Pending, nothing else, then statuses and a checked Heartbeat once Accepted', async () => {
  const csms = await BootSequenceCsms.start(['Pending', 'Accepted'], 1);
  try {
    const scenario: Scenario = await loadScenario(shippedScenario('boot-pending.yaml'));
    const run = await runScenario(scenario, {
      url: csms.url,
      maxMs: 6000,
      until: (snap) => (snap.metrics.steps[`boot-pending.yaml:${lineOf('boot-pending.yaml', '- call:')} call`]?.checks ?? 0) > 0,
    });
    noFailedChecks(run);
    const calls = csms.calls.filter((c) => c.chargePointId === CP);
    assert.deepEqual(calls.slice(0, 6).map((c) => c.action), ['BootNotification', 'BootNotification', 'StatusNotification', 'StatusNotification', 'StatusNotification', 'Heartbeat']);
    const retryMs = (calls[1]?.at ?? 0) - (calls[0]?.at ?? 0);
    assert.ok(retryMs >= 900 && retryMs < 1800, `retried ${retryMs.toFixed(0)} ms after Pending (interval 1 s)`);
    assert.deepEqual(run.result.fleet.metrics.boots, { Pending: 1, Accepted: 1 });
  } finally {
    await csms.close();
  }
});

test('the default scenario still loads as boot, statusNotification for all connectors, heartbeat', async () => {
  const scenario = await loadScenario(shippedScenario());
  assert.deepEqual(scenario.steps, [
    { type: 'boot', line: 11 },
    { type: 'statusNotification', line: 12, connector: 'all', status: 'Available', errorCode: 'NoError' },
    { type: 'heartbeat', line: 13 },
  ]);
});
