import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { Payload } from '../../src/protocol/frame.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import { csmsLog, type LoggedCall } from '../helpers/csms-log.js';
import { defaultScenario, fleetOptions, statusCount } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';

// Reservations and the local authorization list of simulated charge points, driven by the
// real embedded gateway's CALLs on port 0; what the charge points send is read from its hook.

const CP = 'CP-001';
type Seen = LoggedCall[];

async function setUp(protocol: OcppVersion): Promise<{ gateway: Gateway; seen: Seen; close(): Promise<void> }> {
  const log = csmsLog();
  const seen = log.calls;
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, onMessage: log.onMessage });
  const scenario: Scenario = { ...defaultScenario(), protocol };
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario }));
  fleet.start();
  const reports = protocol === 'ocpp1.6' ? statusCount(scenario) : scenario.chargePoint.connectors;
  await waitUntil(() => fleet.snapshot().everBooted === 1 && (fleet.snapshot().metrics.received.StatusNotification ?? 0) >= reports, 5000, 'the charge point to boot and report');
  return { gateway, seen, async close() { await fleet.stop(); await gateway.close(); } };
}

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();

/** The statuses connector/EVSE 1 reported, in order, in 1.6 or 2.0.1 words. */
const statusesOf1 = (seen: Seen): string[] => seen
  .filter((c) => c.action === 'StatusNotification' && (c.payload.connectorId === 1 && c.payload.evseId === undefined || c.payload.evseId === 1))
  .map((c) => String(c.payload.status ?? c.payload.connectorStatus));

test('a 1.6 reservation makes the connector Reserved and refuses other id tags until it expires; then anyone may start', async () => {
  const { gateway, seen, close } = await setUp('ocpp1.6');
  try {
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { connectorId: 1, expiryDate: inSeconds(5), idTag: 'HOLDER', reservationId: 7 }), { status: 'Accepted' });
    await waitUntil(() => statusesOf1(seen).at(-1) === 'Reserved', 5000, 'connector 1 Reserved');
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { connectorId: 1, expiryDate: inSeconds(5), idTag: 'OTHER', reservationId: 8 }), { status: 'Occupied' });
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 1, idTag: 'OTHER' }), { status: 'Rejected' });
    await waitUntil(() => statusesOf1(seen).at(-1) === 'Available', 8000, 'connector 1 Available after the expiry');
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 1, idTag: 'OTHER' }), { status: 'Accepted' });
    await waitUntil(() => seen.some((c) => c.action === 'StartTransaction'), 5000, 'StartTransaction');
    assert.equal(seen.find((c) => c.action === 'StartTransaction')?.payload.reservationId, undefined);
  } finally {
    await close();
  }
});

test('the holder of a 1.6 reservation starts on it (StartTransaction carries the reservationId); CancelReservation frees a connector', async () => {
  const { gateway, seen, close } = await setUp('ocpp1.6');
  try {
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { connectorId: 1, expiryDate: inSeconds(60), idTag: 'holder', reservationId: 3 }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 1, idTag: 'HOLDER' }), { status: 'Accepted' });
    await waitUntil(() => seen.some((c) => c.action === 'StartTransaction'), 5000, 'StartTransaction');
    assert.equal(seen.find((c) => c.action === 'StartTransaction')?.payload.reservationId, 3);
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { connectorId: 2, expiryDate: inSeconds(60), idTag: 'B', reservationId: 4 }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { connectorId: 0, expiryDate: inSeconds(60), idTag: 'B', reservationId: 5 }), { status: 'Rejected' });
    assert.deepEqual(await gateway.call(CP, 'CancelReservation', { reservationId: 4 }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'CancelReservation', { reservationId: 4 }), { status: 'Rejected' });
    await waitUntil(() => seen.filter((c) => c.action === 'StatusNotification' && c.payload.connectorId === 2).map((c) => c.payload.status).join() === 'Available,Reserved,Available', 5000, 'connector 2 Reserved, then Available');
  } finally {
    await close();
  }
});

test('a 2.0.1 reservation blocks EVSE 1 for other tokens until it expires, then ReservationStatusUpdate Expired', async () => {
  const { gateway, seen, close } = await setUp('ocpp2.0.1');
  try {
    const idToken = (id: string): Payload => ({ idToken: id, type: 'ISO14443' });
    assert.deepEqual(await gateway.call(CP, 'ReserveNow', { id: 11, expiryDateTime: inSeconds(5), idToken: idToken('HOLDER'), evseId: 1 }), { status: 'Accepted' });
    await waitUntil(() => statusesOf1(seen).at(-1) === 'Reserved', 5000, 'EVSE 1 Reserved');
    assert.deepEqual(await gateway.call(CP, 'RequestStartTransaction', { idToken: idToken('OTHER'), remoteStartId: 1, evseId: 1 }), { status: 'Rejected' });
    await waitUntil(() => seen.some((c) => c.action === 'ReservationStatusUpdate'), 8000, 'ReservationStatusUpdate');
    assert.deepEqual(seen.find((c) => c.action === 'ReservationStatusUpdate')?.payload, { reservationId: 11, reservationUpdateStatus: 'Expired' });
    await waitUntil(() => statusesOf1(seen).at(-1) === 'Available', 5000, 'EVSE 1 Available');
    assert.deepEqual(await gateway.call(CP, 'RequestStartTransaction', { idToken: idToken('OTHER'), remoteStartId: 2, evseId: 1 }), { status: 'Accepted' });
  } finally {
    await close();
  }
});

test('SendLocalList and GetLocalListVersion follow the version rules in 1.6 and 2.0.1', async () => {
  const v16 = await setUp('ocpp1.6');
  try {
    const call = (action: string, payload: Payload): Promise<Payload> => v16.gateway.call(CP, action, payload);
    assert.deepEqual(await call('GetLocalListVersion', {}), { listVersion: 0 });
    assert.deepEqual(await call('SendLocalList', { listVersion: 5, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] }), { status: 'Accepted' });
    assert.deepEqual(await call('SendLocalList', { listVersion: 5, updateType: 'Differential', localAuthorizationList: [{ idTag: 'B', idTagInfo: { status: 'Accepted' } }] }), { status: 'VersionMismatch' });
    assert.deepEqual(await call('SendLocalList', { listVersion: 6, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }] }), { status: 'Accepted' });
    assert.deepEqual(await call('GetLocalListVersion', {}), { listVersion: 6 });
    assert.deepEqual(await call('ChangeConfiguration', { key: 'LocalAuthListEnabled', value: 'false' }), { status: 'Accepted' });
    assert.deepEqual(await call('SendLocalList', { listVersion: 7, updateType: 'Full' }), { status: 'NotSupported' });
    assert.deepEqual(await call('GetLocalListVersion', {}), { listVersion: -1 });
  } finally {
    await v16.close();
  }
  const v201 = await setUp('ocpp2.0.1');
  try {
    const call = (action: string, payload: Payload): Promise<Payload> => v201.gateway.call(CP, action, payload);
    const entry = (id: string, status?: string): Payload => (status ? { idToken: { idToken: id, type: 'ISO14443' }, idTokenInfo: { status } } : { idToken: { idToken: id, type: 'ISO14443' } });
    assert.deepEqual(await call('SendLocalList', { versionNumber: 2, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted'), entry('B', 'Blocked')] }), { status: 'Accepted' });
    assert.deepEqual(await call('SendLocalList', { versionNumber: 1, updateType: 'Differential', localAuthorizationList: [entry('C', 'Accepted')] }), { status: 'VersionMismatch' });
    assert.deepEqual(await call('SendLocalList', { versionNumber: 3, updateType: 'Differential', localAuthorizationList: [entry('A', 'Accepted'), entry('A')] }), { status: 'Failed' });
    assert.deepEqual(await call('GetLocalListVersion', {}), { versionNumber: 2 });
    const entries = await call('GetVariables', { getVariableData: [{ component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'Entries' } }] });
    assert.equal((entries.getVariableResult as Payload[])[0]?.attributeValue, '2');
  } finally {
    await v201.close();
  }
});
