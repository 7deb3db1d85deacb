import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { OcppError, RpcError } from '../../src/protocol/errors.js';
import { Fleet } from '../../src/runner/fleet.js';
import type { RunOptions } from '../../src/runner/run.js';
import { fleetOptions, sent, startSettledFleet } from '../helpers/fleet-options.js';
import { sleep, waitUntil } from '../helpers/poll.js';
import { RecordingCsms } from '../helpers/recording-csms.js';

// Virtual charge points (the shipped scenario: 2 connectors) against the real embedded gateway
// on port 0, or against a recording central system where the frames themselves matter. Every
// central-system CALL goes over a real socket and is answered by the charge point's handlers.

const CP = 'CP-001';

/** A gateway on port 0 and a settled fleet of `count` charge points against it; `body` runs, then both close. */
async function withFleet(gatewayOptions: GatewayOptions, runOptions: Partial<RunOptions>, body: (gateway: Gateway, fleet: Fleet) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ port: 0, ...gatewayOptions });
  try {
    const fleet = await startSettledFleet(gateway.url, runOptions);
    try {
      await body(gateway, fleet);
    } finally {
      await fleet.stop();
    }
  } finally {
    await gateway.close();
  }
}

test('a charge point boots, reports connector 0 and each connector Available, then heartbeats at the interval of the boot answer', async () => {
  const csms = await RecordingCsms.start({ bootStatus: 'Accepted', interval: 1 });
  const fleet = new Fleet(fleetOptions(csms.url));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls(CP, 'Heartbeat').length >= 2, 4000, 'two heartbeats');
    const calls = csms.calls(CP);
    assert.deepEqual(calls.slice(0, 4).map((c) => c.frame[2]), ['BootNotification', 'StatusNotification', 'StatusNotification', 'StatusNotification']);
    assert.deepEqual(calls[0]?.frame[3], { chargePointVendor: 'ocpp-sim', chargePointModel: 'VirtualCP', firmwareVersion: '0.1.0' });
    const statuses = calls.slice(1, 4).map((c) => c.frame[3] as Record<string, unknown>);
    assert.deepEqual(statuses.map((s) => s.connectorId), [0, 1, 2]);
    assert.ok(statuses.every((s) => s.status === 'Available' && s.errorCode === 'NoError'), JSON.stringify(statuses));
    const beats = csms.calls(CP, 'Heartbeat');
    const lastStatus = calls[3] as (typeof calls)[number];
    const first = (beats[0]?.at ?? 0) - lastStatus.at;
    const gap = (beats[1]?.at ?? 0) - (beats[0]?.at ?? 0);
    // The scenario's default is 60 s: a heartbeat a second apart can only come from the answer's interval.
    assert.ok(first >= 900 && first < 1600, `first heartbeat ${first.toFixed(0)} ms after the last StatusNotification`);
    assert.ok(gap >= 900 && gap < 1600, `heartbeats ${gap.toFixed(0)} ms apart`);
    assert.deepEqual(calls.slice(4).map((c) => c.frame[2]), beats.map(() => 'Heartbeat'), 'nothing but heartbeats after the statuses');
  } finally {
    await fleet.stop();
    await csms.close();
  }
});

test('a fleet of three boots Accepted at the gateway and each charge point reports its three connectors', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, { count: 3 }, async (gateway, fleet) => {
    const snap = fleet.snapshot();
    assert.equal(snap.everBooted, 3);
    assert.equal(snap.states.accepted, 3);
    assert.equal(gateway.stats().boots.Accepted, 3);
    assert.equal(gateway.stats().connections, 3);
    assert.equal(sent(snap, 'BootNotification'), 3);
    assert.equal(sent(snap, 'StatusNotification'), 9);
    assert.deepEqual(snap.metrics.errors, {}, 'no errors');
  });
});

test('a charge point answered Pending retries BootNotification after the interval and sends nothing else meanwhile', async () => {
  const gateway = await startGateway({ port: 0, bootStatus: 'Pending', heartbeatIntervalSec: 1 });
  const fleet = new Fleet(fleetOptions(gateway.url, { bootRetrySec: 30 }));
  try {
    fleet.start();
    await waitUntil(() => gateway.stats().boots.Pending >= 1, 2000, 'the first Pending boot');
    const firstAt = performance.now();
    await waitUntil(() => gateway.stats().boots.Pending >= 2, 2500, 'the second BootNotification');
    const retryMs = performance.now() - firstAt;
    assert.ok(retryMs >= 850 && retryMs < 1800, `BootNotification retried ${retryMs.toFixed(0)} ms after Pending (interval 1 s)`);
    await sleep(200);
    const stats = gateway.stats();
    assert.equal(stats.messagesReceived, stats.boots.Pending, 'every message the gateway received was a BootNotification');
    const snap = fleet.snapshot();
    assert.deepEqual(Object.keys(snap.metrics.sent), ['BootNotification']);
    assert.equal(snap.states.pending, 1);
    assert.equal(snap.everBooted, 0);
    assert.deepEqual(snap.metrics.errors, {}, 'a Pending answer is not an error');
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});

test('a charge point answered Rejected does not answer CALLs of the central system', async () => {
  const gateway = await startGateway({ port: 0, bootStatus: 'Rejected', heartbeatIntervalSec: 30, callTimeoutMs: 300 });
  const fleet = new Fleet(fleetOptions(gateway.url));
  try {
    fleet.start();
    await waitUntil(() => fleet.snapshot().states.rejected === 1, 2000, 'the charge point to be Rejected');
    await assert.rejects(gateway.call(CP, 'GetConfiguration', {}), (error: unknown) => error instanceof RpcError && error.code === 'E_CALL_TIMEOUT');
    await assert.rejects(gateway.call(CP, 'TriggerMessage', { requestedMessage: 'Heartbeat' }), (error: unknown) => error instanceof RpcError && error.code === 'E_CALL_TIMEOUT');
    const stats = gateway.stats();
    assert.equal(stats.boots.Rejected, 1);
    assert.equal(stats.messagesReceived, 1, 'the only message was the BootNotification: no CALLRESULT, no CALLERROR');
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});

test('GetConfiguration returns HeartbeatInterval as handed out by the gateway, and every key when none is asked for', async () => {
  await withFleet({ heartbeatIntervalSec: 7 }, {}, async (gateway) => {
    const one = await gateway.call(CP, 'GetConfiguration', { key: ['HeartbeatInterval', 'NoSuchKey'] });
    assert.deepEqual(one, { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '7' }], unknownKey: ['NoSuchKey'] });
    const all = await gateway.call(CP, 'GetConfiguration', {});
    const keys = (all.configurationKey as Array<{ key: string; value: string }>);
    assert.equal(keys.find((k) => k.key === 'HeartbeatInterval')?.value, '7');
    assert.equal(keys.find((k) => k.key === 'NumberOfConnectors')?.value, '2');
    assert.deepEqual(all.unknownKey, []);
  });
});

test('ChangeConfiguration HeartbeatInterval=1 is Accepted and the heartbeats speed up to one a second', async () => {
  await withFleet({ heartbeatIntervalSec: 30 }, {}, async (gateway, fleet) => {
    assert.equal(sent(fleet.snapshot(), 'Heartbeat'), 0, 'no heartbeat yet at a 30 s interval');
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: '1' }), { status: 'Accepted' });
    const changedAt = performance.now();
    await waitUntil(() => sent(fleet.snapshot(), 'Heartbeat') >= 2, 3500, 'two heartbeats at the new interval');
    const elapsed = performance.now() - changedAt;
    assert.ok(elapsed >= 1700 && elapsed < 3000, `two heartbeats ${elapsed.toFixed(0)} ms after the change`);
    const answer = await gateway.call(CP, 'GetConfiguration', { key: ['HeartbeatInterval'] });
    assert.deepEqual(answer.configurationKey, [{ key: 'HeartbeatInterval', readonly: false, value: '1' }]);
  });
});

test('ChangeConfiguration answers NotSupported for an unknown key and Rejected for a read-only key or a malformed value', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, {}, async (gateway) => {
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'FluxCapacitor', value: '1.21' }), { status: 'NotSupported' });
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' }), { status: 'Rejected' });
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'HeartbeatInterval', value: 'often' }), { status: 'Rejected' });
    const answer = await gateway.call(CP, 'GetConfiguration', { key: ['NumberOfConnectors', 'HeartbeatInterval'] });
    assert.deepEqual(answer.configurationKey, [
      { key: 'NumberOfConnectors', readonly: true, value: '2' },
      { key: 'HeartbeatInterval', readonly: false, value: '60' },
    ], 'refused changes leave the values as they were');
  });
});

test('Reset is Accepted, then the charge point disconnects, reconnects and boots again', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, {}, async (gateway, fleet) => {
    assert.deepEqual(await gateway.call(CP, 'Reset', { type: 'Soft' }), { status: 'Accepted' });
    await waitUntil(() => gateway.stats().boots.Accepted === 2 && fleet.snapshot().states.accepted === 1, 3000, 'the second boot');
    const snap = fleet.snapshot();
    assert.equal(snap.metrics.reconnects, 1);
    assert.deepEqual(snap.metrics.disconnects, {}, 'its own reboot is not a close by the peer');
    assert.deepEqual(snap.metrics.boots, { Accepted: 2 });
    assert.equal(snap.everBooted, 1, 'still one charge point');
    assert.equal(snap.open, 1);
    await waitUntil(() => sent(fleet.snapshot(), 'StatusNotification') === 6, 2000, 'the connectors reported again after the reboot');
  });
});

test('TriggerMessage Heartbeat is Accepted and a Heartbeat follows', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, {}, async (gateway, fleet) => {
    const before = gateway.stats().messagesReceived;
    assert.deepEqual(await gateway.call(CP, 'TriggerMessage', { requestedMessage: 'Heartbeat' }), { status: 'Accepted' });
    await waitUntil(() => (fleet.snapshot().metrics.received.Heartbeat ?? 0) === 1, 2000, 'the triggered Heartbeat to be answered');
    // The CALLRESULT of TriggerMessage, then the Heartbeat CALL.
    assert.equal(gateway.stats().messagesReceived, before + 2);
  });
});

test('RemoteStartTransaction is Accepted and a StartTransaction follows; RemoteStopTransaction with its id brings the StopTransaction', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, {}, async (gateway, fleet) => {
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { idTag: 'TAG-1' }), { status: 'Accepted' });
    await waitUntil(() => (fleet.snapshot().metrics.received.StartTransaction ?? 0) === 1 && sent(fleet.snapshot(), 'StatusNotification') === 5,
      2000, 'StartTransaction answered and the connector Charging');
    // A fresh gateway hands out transaction id 1 first.
    assert.deepEqual(await gateway.call(CP, 'RemoteStopTransaction', { transactionId: 999 }), { status: 'Rejected' }, 'an unknown id is Rejected');
    assert.deepEqual(await gateway.call(CP, 'RemoteStopTransaction', { transactionId: 1 }), { status: 'Accepted' });
    await waitUntil(() => (fleet.snapshot().metrics.received.StopTransaction ?? 0) === 1 && sent(fleet.snapshot(), 'StatusNotification') === 7,
      2000, 'StopTransaction answered and the connector Available again');
    assert.deepEqual(fleet.snapshot().metrics.errors, {});
  });
});

test('the StopTransaction carries the id the central system gave in its StartTransaction answer, with reason Remote', async () => {
  const csms = await RecordingCsms.start({ interval: 60, transactionId: 4242 });
  const fleet = new Fleet(fleetOptions(csms.url));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls(CP, 'StatusNotification').length === 3, 2000, 'the boot statuses');
    assert.deepEqual((await csms.call(CP, 'RemoteStartTransaction', { idTag: 'TAG-9', connectorId: 2 }))[2], { status: 'Accepted' });
    await csms.waitFor(() => csms.calls(CP, 'StatusNotification').length === 5, 2000, 'Preparing and Charging');
    const start = csms.calls(CP, 'StartTransaction')[0]?.frame[3] as Record<string, unknown>;
    assert.equal(start.connectorId, 2);
    assert.equal(start.idTag, 'TAG-9');
    assert.equal(typeof start.meterStart, 'number');
    assert.deepEqual(csms.calls(CP, 'StatusNotification').slice(3).map((c) => (c.frame[3] as Record<string, unknown>).status), ['Preparing', 'Charging']);
    assert.deepEqual((await csms.call(CP, 'RemoteStopTransaction', { transactionId: 4242 }))[2], { status: 'Accepted' });
    await csms.waitFor(() => csms.calls(CP, 'StatusNotification').length === 7, 2000, 'Finishing and Available');
    const stop = csms.calls(CP, 'StopTransaction')[0]?.frame[3] as Record<string, unknown>;
    assert.equal(stop.transactionId, 4242);
    assert.equal(stop.reason, 'Remote');
    assert.ok((stop.meterStop as number) >= (start.meterStart as number));
  } finally {
    await fleet.stop();
    await csms.close();
  }
});

test('an action the charge point has never heard of gets a NotImplemented CALLERROR', async () => {
  // The gateway's own validation would refuse to send an unknown action: turn it off.
  await withFleet({ heartbeatIntervalSec: 60, validate: false }, {}, async (gateway) => {
    await assert.rejects(gateway.call(CP, 'FlyToTheMoon', {}), (error: unknown) => error instanceof OcppError && error.kind === 'NotImplemented');
    await assert.rejects(gateway.call(CP, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: 'PEM' }),
      (error: unknown) => error instanceof OcppError && error.kind === 'NotSupported', 'a 1.6 action without a handler is NotSupported');
  });
});

test('UnlockConnector answers NotSupported for a connector the charge point does not have and Unlocked for one it has', async () => {
  await withFleet({ heartbeatIntervalSec: 60 }, {}, async (gateway) => {
    assert.deepEqual(await gateway.call(CP, 'UnlockConnector', { connectorId: 3 }), { status: 'NotSupported' });
    assert.deepEqual(await gateway.call(CP, 'UnlockConnector', { connectorId: 0 }), { status: 'NotSupported' });
    assert.deepEqual(await gateway.call(CP, 'UnlockConnector', { connectorId: 2 }), { status: 'Unlocked' });
  });
});
