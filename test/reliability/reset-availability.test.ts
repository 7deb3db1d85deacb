import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { sleep } from '../helpers/poll.js';
import { ScriptedCsms, type ScriptedFrame } from '../helpers/scripted-csms.js';

// Reset and ChangeAvailability from the central system while a transaction runs, OCPP 1.6 on
// real sockets. Reset (§5.14): Accepted, then StopTransaction with reason SoftReset/HardReset
// before the connection goes, then a new BootNotification after the reconnect.
// ChangeAvailability Inoperative on a connector with a transaction (§5.2): Scheduled, applied
// when the transaction has ended.

const ID = 'CP-001';

/** Payload of a recorded CALL frame. */
const payloadOf = (f: ScriptedFrame | undefined): Record<string, unknown> => ((f?.frame as unknown[] | undefined)?.[3] ?? {}) as Record<string, unknown>;

/** Boots one charge point against `csms`, starts a transaction on connector 1 by RemoteStartTransaction and waits for Charging. */
async function chargingFleet(csms: ScriptedCsms): Promise<Fleet> {
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1 }));
  fleet.start();
  await csms.waitFor(() => csms.calls('StatusNotification').length >= 3, 3000, 'the charge point to boot and report its connectors');
  const answer = await csms.call(ID, 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG-1' });
  assert.deepEqual(answer[2], { status: 'Accepted' });
  await csms.waitFor(() => csms.calls('StatusNotification').some((f) => payloadOf(f).status === 'Charging'), 2000, 'the connector to be Charging');
  assert.equal(csms.calls('StartTransaction').length, 1);
  return fleet;
}

for (const type of ['Soft', 'Hard'] as const) {
  test(`a ${type} Reset during a transaction: Accepted, StopTransaction with reason ${type}Reset on the old connection, then a new BootNotification after the reconnect`, async () => {
    const csms = await ScriptedCsms.start();
    const fleet = await chargingFleet(csms);
    try {
      const answer = await csms.call(ID, 'Reset', { type });
      assert.deepEqual(answer[2], { status: 'Accepted' });
      await csms.waitFor(() => csms.calls('BootNotification').some((f) => f.conn === 2), 3000, 'a BootNotification on a new connection');
      // The central system has seen the boot; wait for the charge point to have its answer too.
      await csms.waitFor(() => fleet.snapshot().metrics.boots.Accepted === 2, 3000, 'the charge point to take the second boot answer');
    } finally {
      await fleet.stop();
      await csms.close();
    }
    const stops = csms.calls('StopTransaction');
    assert.equal(stops.length, 1, 'the running transaction is stopped once');
    const stop = stops[0] as ScriptedFrame;
    assert.equal(stop.conn, 1, 'StopTransaction goes out before the connection is dropped');
    assert.equal(payloadOf(stop).reason, `${type}Reset`);
    assert.equal(payloadOf(stop).transactionId, 4242, 'the id the central system gave');
    const first = csms.connections[0];
    assert.ok(first?.closedAt !== undefined && stop.at <= first.closedAt, 'stopped, then disconnected');
    const reboot = csms.calls('BootNotification').find((f) => f.conn === 2) as ScriptedFrame;
    assert.ok(reboot.at > (first?.closedAt ?? Infinity), 'booted again after the reconnect');
    assert.equal(fleet.snapshot().metrics.boots.Accepted, 2);
  });
}

test('ChangeAvailability Inoperative on a connector with a transaction is Scheduled; the other connector changes at once', async () => {
  const csms = await ScriptedCsms.start();
  const fleet = await chargingFleet(csms);
  try {
    const busy = await csms.call(ID, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
    assert.deepEqual(busy[2], { status: 'Scheduled' });
    const whole = await csms.call(ID, 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' });
    assert.deepEqual(whole[2], { status: 'Scheduled' }, 'connector 0 covers the busy connector too');
    const idle = await csms.call(ID, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' });
    assert.deepEqual(idle[2], { status: 'Accepted' });
    await csms.waitFor(() => csms.calls('StatusNotification').some((f) => payloadOf(f).connectorId === 2 && payloadOf(f).status === 'Unavailable'), 2000, 'connector 2 to report Unavailable');
    assert.ok(!csms.calls('StatusNotification').some((f) => payloadOf(f).connectorId === 1 && payloadOf(f).status === 'Unavailable'), 'connector 1 keeps charging');
    assert.equal(csms.calls('StopTransaction').length, 0, 'the transaction is not stopped by the change');
  } finally {
    await fleet.stop();
    await csms.close();
  }
});

test('a Scheduled ChangeAvailability Inoperative is applied when the transaction ends: the connector reports Unavailable, not Available', async () => {
  const csms = await ScriptedCsms.start();
  const fleet = await chargingFleet(csms);
  try {
    const busy = await csms.call(ID, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
    assert.deepEqual(busy[2], { status: 'Scheduled' });
    const stop = await csms.call(ID, 'RemoteStopTransaction', { transactionId: 4242 });
    assert.deepEqual(stop[2], { status: 'Accepted' });
    await csms.waitFor(() => csms.calls('StopTransaction').length === 1, 2000, 'StopTransaction');
    const connector1 = (): unknown[] => csms.calls('StatusNotification').filter((f) => payloadOf(f).connectorId === 1).map((f) => payloadOf(f).status);
    // Finishing, then (straight or after Available) Unavailable; give the last status time to arrive.
    await csms.waitFor(() => connector1().slice(3).includes('Unavailable'), 1000, 'connector 1 to report Unavailable').catch(() => {});
    await sleep(50);
    const after = connector1();
    assert.equal(after.at(-1), 'Unavailable', `connector 1 ends Unavailable (statuses: ${after.join(' → ')})`);
  } finally {
    await fleet.stop();
    await csms.close();
  }
});
