import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileFor } from '../../../src/chargepoint/protocol-profile.js';
import { buildSummaryDocument } from '../../../src/report/summary-document.js';
import { toJUnitXml } from '../../../src/report/junit.js';
import { junitCases } from '../../helpers/junit-cases.js';
import { checksOf, fleetReaches, inline, runScenario, yaml, type TracedFrame } from './harness.js';

// Each step type on real sockets: one charge point runs an inline scenario against the embedded
// gateway on port 0 through runLoadTest, its frames traced. Runs end as soon as the scenario
// is done (every run is bounded by its maxMs), so timings below are real but short.

const KEY = (line: number, type: string): string => `inline.yaml:${line} ${type}`;
const outCalls = (frames: TracedFrame[]): TracedFrame[] => frames.filter((f) => f.dir === 'out' && f.frame[0] === 2);
const at = (frame: TracedFrame | undefined): number => Date.parse(frame?.ts ?? '');

test('call renders its templates, checks expect, saves fields and keeps a transaction with transaction: start/stop', async () => {
  const run = await runScenario(inline(yaml(
    'name: calls',
    'steps:',
    '  - boot',
    '  - set: { tag: "{{random.idTag}}" }',
    '  - call: { action: Authorize, payload: { idTag: "{{vars.tag}}" }, expect: { idTagInfo.status: Accepted } }',
    '  - call:',
    '      action: StartTransaction',
    '      transaction: start',
    '      payload: { connectorId: "{{connector}}", idTag: "{{vars.tag}}", meterStart: "{{meter.wh}}", timestamp: "{{now}}" }',
    '      save: { txId: transactionId }',
    '  - wait: 1s',
    '  - call: { action: StopTransaction, transaction: stop, payload: { transactionId: "{{vars.txId}}", meterStop: "{{meter.wh}}", timestamp: "{{now}}" } }',
    '  - call: { action: Heartbeat, expect: { currentTime: "{{vars.tag}}" } }',
  )), { until: (snap) => (snap.metrics.steps[KEY(13, 'call')]?.checks ?? 0) > 0 });
  const [authorize] = run.sent('Authorize');
  const [start] = run.sent('StartTransaction');
  const [stop] = run.sent('StopTransaction');
  assert.match(String(authorize?.idTag), /^T[0-9A-Z]{9}$/);
  assert.equal(start?.idTag, authorize?.idTag, 'the same saved tag in both calls');
  assert.deepEqual([start?.connectorId, start?.meterStart], [1, 0], 'integers where the schema wants integers');
  assert.equal(stop?.transactionId, run.results('StartTransaction')[0]?.transactionId, 'the saved transactionId of the answer');
  // 7.4 kW for about a second: 2 Wh.
  assert.ok(Number(stop?.meterStop) >= 2 && Number(stop?.meterStop) <= 3, `meterStop ${String(stop?.meterStop)}`);
  assert.deepEqual(checksOf(run, KEY(5, 'call')), { checks: 1, failures: 0, details: [] });
  const heartbeat = checksOf(run, KEY(13, 'call'));
  assert.equal(heartbeat.failures, 1, 'the Heartbeat expectation cannot hold');
  assert.match(heartbeat.details[0] as string, /^Heartbeat: currentTime: expected "T[0-9A-Z]{9}", got "\d{4}-\d\d-\d\dT[^"]+Z" \(response \{"currentTime":/);
  assert.equal(run.result.fleet.metrics.errors.expectation, undefined, 'a failed check is counted with the steps, not as an error');
});

test('a failed expectation with onFail: stop ends the steps of the charge point, which stays connected; the check becomes a failing JUnit case', async () => {
  const run = await runScenario(inline(yaml(
    'name: stops',
    'steps:',
    '  - boot',
    '  - call: { action: Authorize, payload: { idTag: T1 }, expect: { idTagInfo.status: Blocked }, onFail: stop }',
    '  - call: { action: Heartbeat }',
  )), { until: (snap) => (snap.metrics.steps[KEY(4, 'call')]?.failures ?? 0) > 0, maxMs: 4000 });
  assert.equal(run.sent('Heartbeat').length, 0, 'no step after the failed one');
  assert.equal(run.result.fleet.states.accepted, 0, 'the fleet was stopped at the end of the run');
  assert.match(checksOf(run, KEY(4, 'call')).details[0] as string, /idTagInfo\.status: expected "Blocked", got "Accepted"/);
  const doc = buildSummaryDocument(run.result, { config: {}, thresholds: [], toolVersion: 'test' });
  const cases = junitCases(toJUnitXml(doc)).filter((c) => c.name.startsWith('inline.yaml'));
  assert.deepEqual(cases.map((c) => [c.name, Boolean(c.failure)]), [['inline.yaml:3 boot', false], ['inline.yaml:4 call', true]]);
});

test('a step that cannot render (its variable was never saved) is a failed check and the scenario goes on', async () => {
  const run = await runScenario(inline(yaml(
    'name: robust',
    'steps:',
    '  - boot',
    '  - call: { action: StopTransaction, payload: { transactionId: 1, meterStop: 0, timestamp: "{{now}}" }, save: { status: idTagInfo.status } }',
    '  - call: { action: Authorize, payload: { idTag: "{{vars.status}}" } }',
    '  - call: { action: Heartbeat }',
  )), { until: (snap) => (snap.metrics.steps[KEY(6, 'call')]?.checks ?? 0) > 0, maxMs: 4000 });
  assert.match(checksOf(run, KEY(4, 'call')).details[0] as string, /save status: no field 'idTagInfo\.status'/);
  assert.match(checksOf(run, KEY(5, 'call')).details[0] as string, /Authorize not sent: .*'status' is not set/);
  assert.equal(run.sent('Authorize').length, 0);
  assert.equal(run.sent('Heartbeat').length, 1, 'the next step ran');
  assert.equal(run.result.fleet.metrics.anomalies['scenario-crash'], undefined);
});

test('await takes a matching CALL (also one that came before it), the normal handler answers it; respond overrides an answer; a timeout is a failed check', async () => {
  const run = await runScenario(inline(yaml(
    'name: awaits',
    'steps:',
    '  - boot',
    '  - respond: { action: Reset, payload: { status: Rejected } }',
    '  - wait: 800ms',
    '  - await: { action: DataTransfer, match: { vendorId: acme }, timeout: 5s, save: { tag: data } }',
    '  - call: { action: Authorize, payload: { idTag: "{{vars.tag}}" } }',
    '  - await: { action: UnlockConnector, timeout: 300ms }',
    '  - call: { action: Heartbeat }',
  )), {
    until: (snap) => (snap.metrics.sent.Heartbeat ?? 0) > 0,
    during: async (fleet, gateway) => {
      await fleetReaches(fleet, (snap) => snap.everBooted === 1, 3000, 'the boot');
      assert.deepEqual(await gateway?.call('CP-001', 'Reset', { type: 'Soft' }), { status: 'Rejected' }, 'the respond override, no reset follows');
      assert.deepEqual(await gateway?.call('CP-001', 'DataTransfer', { vendorId: 'other', data: 'T-0' }), { status: 'UnknownVendorId' });
      assert.deepEqual(await gateway?.call('CP-001', 'DataTransfer', { vendorId: 'acme', data: 'T-9' }), { status: 'UnknownVendorId' }, 'the normal handler answers an awaited call');
    },
  });
  assert.equal(run.sent('Authorize')[0]?.idTag, 'T-9', 'the matching call, received before the await started, was taken and its data saved');
  assert.deepEqual(checksOf(run, KEY(6, 'await')), { checks: 1, failures: 0, details: [] });
  assert.deepEqual(checksOf(run, KEY(8, 'await')).details, ['await UnlockConnector: none received within 300 ms']);
  assert.equal(run.result.fleet.metrics.connects, 1, 'the Reset was answered Rejected: no reconnect');
});

test('an await that only sees calls that do not match says what it got when it times out', async () => {
  const run = await runScenario(inline(yaml(
    'name: mismatch',
    'steps:',
    '  - boot',
    '  - await: { action: DataTransfer, match: { vendorId: acme }, timeout: 1s }',
  )), {
    until: (snap) => (snap.metrics.steps[KEY(4, 'await')]?.checks ?? 0) > 0,
    during: async (fleet, gateway) => {
      await fleetReaches(fleet, (snap) => snap.everBooted === 1, 3000, 'the boot');
      await gateway?.call('CP-001', 'DataTransfer', { vendorId: 'other' });
    },
  });
  assert.deepEqual(checksOf(run, KEY(4, 'await')).details, ['await DataTransfer: none received within 1000 ms (last: DataTransfer {"vendorId":"other"} did not match: vendorId: expected "acme", got "other")']);
});

test('wait with a random range pauses within it; repeat by count and on a fixed grid for a while; forEach goes over the connectors', async () => {
  const run = await runScenario(inline(yaml(
    'name: flow',
    'chargePoint: { connectors: 2 }',
    'steps:',
    '  - boot',
    '  - forEach: connector',
    '    steps:',
    '      - statusNotification: { connector: "{{connector}}", status: Unavailable }',
    '      - call: { action: DataTransfer, payload: { vendorId: "v{{connector}}", messageId: "{{cp.id}}" } }',
    '  - call: { action: DataTransfer, payload: { vendorId: before-wait } }',
    '  - wait: { min: 200ms, max: 400ms }',
    '  - repeat: { count: 3, steps: [ { call: { action: Heartbeat } } ] }',
    '  - repeat:',
    '      every: 300ms',
    '      for: 1s',
    '      steps:',
    '        - call: { action: DataTransfer, payload: { vendorId: tick } }',
    '  - call: { action: DataTransfer, payload: { vendorId: done } }',
  )), { until: (snap) => (snap.metrics.steps[KEY(17, 'call')]?.checks ?? 0) > 0 });
  const statuses = run.sent('StatusNotification');
  assert.deepEqual(statuses.map((s) => [s.connectorId, s.status]), [[1, 'Unavailable'], [2, 'Unavailable']]);
  const vendors = run.sent('DataTransfer').map((p) => p.vendorId);
  assert.deepEqual(vendors.slice(0, 3), ['v1', 'v2', 'before-wait']);
  assert.equal(run.sent('DataTransfer')[0]?.messageId, 'CP-001');
  assert.equal(run.sent('Heartbeat').length, 3);
  const out = outCalls(run.frames);
  const beforeWait = out.find((f) => (f.frame[3] as { vendorId?: string }).vendorId === 'before-wait');
  const firstBeat = out.find((f) => f.frame[2] === 'Heartbeat');
  const paused = at(firstBeat) - at(beforeWait);
  assert.ok(paused >= 195 && paused < 600, `paused ${paused} ms for a wait of 200..400 ms`);
  const ticks = out.filter((f) => (f.frame[3] as { vendorId?: string }).vendorId === 'tick');
  assert.equal(ticks.length, 4, 'at 0, 300, 600 and 900 ms of a 1 s loop');
  const gaps = ticks.slice(1).map((f, i) => at(f) - at(ticks[i]));
  assert.ok(gaps.every((gap) => gap >= 250 && gap < 450), `ticks ${gaps.join(', ')} ms apart`);
  assert.equal(vendors.at(-1), 'done');
});

test('parallel branches run at once on one connection; repeat until ends on a condition another branch makes true', async () => {
  const run = await runScenario(inline(yaml(
    'name: parallel',
    'steps:',
    '  - boot',
    '  - parallel:',
    '      meter:',
    '        - repeat:',
    '            every: 100ms',
    '            for: 5s',
    '            until: { connector.transaction: true }',
    '            steps: [ meterValues ]',
    '      session:',
    '        - wait: 500ms',
    '        - startTransaction: { idTag: P-1 }',
    '  - call: { action: DataTransfer, payload: { vendorId: after } }',
  )), { until: (snap) => (snap.metrics.sent.DataTransfer ?? 0) > 0 });
  const meters = run.sent('MeterValues').length;
  assert.ok(meters >= 4 && meters <= 9, `${meters} MeterValues: every 100 ms until the transaction ran (about 0.5 s), not for 5 s`);
  const out = outCalls(run.frames).map((f) => f.frame[2]);
  const start = out.indexOf('StartTransaction');
  assert.ok(start > out.indexOf('MeterValues'), 'the branches interleave');
  assert.equal(out.at(-1), 'DataTransfer', 'the step after parallel runs once both branches are done');
});

test('startTransaction, meterValues and stopTransaction go through the protocol profile with one rising energy register', async () => {
  const run = await runScenario(inline(yaml(
    'name: session',
    'steps:',
    '  - boot',
    '  - startTransaction: { connector: 1, idTag: S-1 }',
    '  - wait: 1s',
    '  - meterValues: { connector: 1 }',
    '  - wait: 1s',
    '  - stopTransaction: { connector: 1, reason: Local }',
    '  - startTransaction: { connector: 1, idTag: S-2 }',
    '  - stopTransaction',
    '  - stopTransaction',
  )), { until: (snap) => (snap.metrics.steps[KEY(11, 'stopTransaction')]?.checks ?? 0) > 0 });
  const starts = run.sent('StartTransaction');
  const stops = run.sent('StopTransaction');
  const [meter] = run.sent('MeterValues');
  const reading = Number((meter?.meterValue as Array<{ sampledValue: Array<{ value: string }> }>)[0]?.sampledValue[0]?.value);
  assert.deepEqual(starts.map((s) => [s.idTag, s.meterStart]), [['S-1', 0], ['S-2', stops[0]?.meterStop]], 'the second session starts where the first stopped');
  assert.equal(meter?.transactionId, run.results('StartTransaction')[0]?.transactionId);
  assert.ok(reading >= 2 && reading <= 3, `about 2 Wh after 1 s at 7.4 kW, got ${reading}`);
  assert.ok(Number(stops[0]?.meterStop) >= reading + 2 && Number(stops[0]?.meterStop) <= reading + 3, `meterStop ${String(stops[0]?.meterStop)} after ${reading}`);
  assert.deepEqual(checksOf(run, KEY(11, 'stopTransaction')).details, ['stopTransaction: no transaction runs on connector 1']);
});

test('reconnect drops the link and carries on without booting; disconnect drops it and the scenario starts again from the top', async () => {
  const run = await runScenario(inline(yaml(
    'name: links',
    'steps:',
    '  - boot',
    '  - heartbeat',
    '  - call: { action: DataTransfer, payload: { vendorId: one } }',
    '  - reconnect',
    '  - call: { action: DataTransfer, payload: { vendorId: two } }',
    '  - disconnect',
  )), { gateway: { heartbeatIntervalSec: 1 }, until: (snap) => (snap.metrics.sent.BootNotification ?? 0) >= 2, maxMs: 6000 });
  const sequence = outCalls(run.frames).map((f) => (f.frame[2] === 'DataTransfer' ? (f.frame[3] as { vendorId: string }).vendorId : f.frame[2]));
  assert.deepEqual(sequence.filter((s) => s !== 'Heartbeat').slice(0, 4), ['BootNotification', 'one', 'two', 'BootNotification']);
  assert.ok(run.result.fleet.metrics.connects >= 3, `connects: ${run.result.fleet.metrics.connects}`);
  assert.deepEqual(checksOf(run, KEY(6, 'reconnect')), { checks: 1, failures: 0, details: [] });
});

test('after a reconnect the charge point is still Accepted and its heartbeat goes on', async () => {
  const run = await runScenario(inline(yaml(
    'name: relink',
    'steps:',
    '  - boot',
    '  - heartbeat',
    '  - reconnect',
  )), { gateway: { heartbeatIntervalSec: 1 }, until: (snap) => (snap.metrics.sent.Heartbeat ?? 0) >= 2 && snap.metrics.connects >= 2, maxMs: 6000 });
  const out = outCalls(run.frames);
  assert.equal(out.filter((f) => f.frame[2] === 'BootNotification').length, 1, 'no boot after the reconnect');
  assert.ok(out.filter((f) => f.frame[2] === 'Heartbeat').length >= 2);
  assert.equal(run.result.fleet.metrics.connects, 2);
});

test('the version-neutral steps run unchanged as OCPP 2.0.1, worded by the 2.0.1 profile', async (t) => {
  try {
    profileFor('ocpp2.0.1');
  } catch {
    t.skip('charge points do not speak 2.0.1 yet');
    return;
  }
  const run = await runScenario(inline(yaml(
    'name: neutral',
    'protocol: ocpp2.0.1',
    'chargePoint: { connectors: 2 }',
    'steps:',
    '  - boot',
    '  - statusNotification: { connector: all, status: Available }',
    '  - forEach: connector',
    '    steps:',
    '      - startTransaction: { idTag: "{{random.idTag}}" }',
    '      - wait: 300ms',
    '      - meterValues',
    '      - stopTransaction',
    '  - call: { action: Heartbeat }',
  )), { until: (snap) => (snap.metrics.steps[KEY(13, 'call')]?.checks ?? 0) > 0 });
  const failed = Object.entries(run.steps).filter(([, s]) => s.failures > 0);
  assert.deepEqual(failed, []);
  assert.deepEqual(run.sent('StatusNotification').slice(0, 2).map((s) => s.evseId), [1, 2], 'no status of connector 0 in 2.0.1');
  // In 2.0.1 a reading during a transaction is a TransactionEvent Updated, not a MeterValues.
  assert.deepEqual(run.sent('TransactionEvent').map((e) => e.eventType), ['Started', 'Updated', 'Ended', 'Started', 'Updated', 'Ended']);
  assert.deepEqual(run.sent('TransactionEvent').filter((e) => e.eventType === 'Updated').map((e) => (e.evse as { id: number }).id), [1, 2]);
  assert.deepEqual(run.sent('MeterValues'), []);
});
