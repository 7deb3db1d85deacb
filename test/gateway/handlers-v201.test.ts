import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { GatewayState } from '../../src/gateway/gateway-state.js';
import { createV201Handlers } from '../../src/gateway/v201/handlers.js';
import { startGateway } from '../../src/gateway/server.js';
import { validatorFor } from '../../src/protocol/validator.js';
import { Fleet, type FleetOptions } from '../../src/runner/fleet.js';
import { waitUntil } from '../helpers/poll.js';
import { OcppTestClient, closeWebSocket, getJson } from './ocpp-test-client.js';

const v201 = validatorFor('ocpp2.0.1');
const now = new Date().toISOString();
const ID_TOKEN = { idToken: 'TAG-1', type: 'ISO14443' };
const SCHEDULE = { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }] };

/** One minimal valid request of every station-initiated 2.0.1 action (the CSMS side of OCPP 2.0.1 Part 2). */
const REQUESTS: Record<string, Record<string, unknown>> = {
  BootNotification: { reason: 'PowerUp', chargingStation: { model: 'Sim-1', vendorName: 'Acme' } },
  Heartbeat: {},
  StatusNotification: { timestamp: now, connectorStatus: 'Available', evseId: 1, connectorId: 1 },
  Authorize: { idToken: ID_TOKEN },
  TransactionEvent: {
    eventType: 'Started', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-1' },
    idToken: ID_TOKEN, evse: { id: 1, connectorId: 1 },
  },
  MeterValues: { evseId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: 1200 }] }] },
  NotifyReport: {
    requestId: 1, generatedAt: now, seqNo: 0,
    reportData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ value: '60' }] }],
  },
  NotifyEvent: {
    generatedAt: now, seqNo: 0,
    eventData: [{
      eventId: 1, timestamp: now, trigger: 'Delta', actualValue: 'Faulted', eventNotificationType: 'HardWiredNotification',
      component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' },
    }],
  },
  NotifyMonitoringReport: { requestId: 1, seqNo: 0, generatedAt: now },
  NotifyChargingLimit: { chargingLimit: { chargingLimitSource: 'EMS' } },
  ClearedChargingLimit: { chargingLimitSource: 'EMS' },
  NotifyCustomerInformation: { data: 'nothing stored', seqNo: 0, generatedAt: now, requestId: 1 },
  NotifyDisplayMessages: { requestId: 1 },
  NotifyEVChargingNeeds: { evseId: 1, chargingNeeds: { requestedEnergyTransfer: 'AC_single_phase' } },
  NotifyEVChargingSchedule: { timeBase: now, evseId: 1, chargingSchedule: SCHEDULE },
  ReportChargingProfiles: {
    requestId: 1, chargingLimitSource: 'CSO', evseId: 1,
    chargingProfile: [{ id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute', chargingSchedule: [SCHEDULE] }],
  },
  ReservationStatusUpdate: { reservationId: 1, reservationUpdateStatus: 'Expired' },
  SecurityEventNotification: { type: 'StartupOfTheDevice', timestamp: now },
  FirmwareStatusNotification: { status: 'Installed' },
  PublishFirmwareStatusNotification: { status: 'Idle' },
  LogStatusNotification: { status: 'Uploaded', requestId: 1 },
  DataTransfer: { vendorId: 'com.example' },
  SignCertificate: { csr: '-----BEGIN CERTIFICATE REQUEST-----' },
  GetCertificateStatus: {
    ocspRequestData: { hashAlgorithm: 'SHA256', issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: '01', responderURL: 'http://ocsp.example' },
  },
  Get15118EVCertificate: { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AA==' },
};

test('the 2.0.1 handler table answers exactly the station-initiated actions of the table below', () => {
  const table = createV201Handlers({ chooseBootStatus: () => 'Accepted', heartbeatIntervalSec: 60, state: new GatewayState() });
  assert.deepEqual(Object.keys(table).sort(), Object.keys(REQUESTS).sort());
  for (const action of Object.keys(REQUESTS)) assert.ok(v201.actions.has(action), `${action} is a 2.0.1 action`);
});

test('every station-initiated 2.0.1 action gets a CALLRESULT valid against its schema, over a compressed connection', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-all', ['ocpp2.0.1']);
  try {
    assert.equal(client.ws.protocol, 'ocpp2.0.1');
    // OCPP-J 2.0.1 §3.3: permessage-deflate is required of the CSMS (the `ws` client offers it).
    assert.match(client.ws.extensions, /permessage-deflate/);
    for (const [action, payload] of Object.entries(REQUESTS)) {
      v201.validate(action, 'req', payload);
      const reply = await client.call(action, payload);
      assert.equal(reply[0], 3, `${action} answered ${JSON.stringify(reply)}`);
      assert.doesNotThrow(() => v201.validate(action, 'conf', reply[2] as Record<string, unknown>), action);
    }
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('the 2.0.1 answers: boot status and interval from the options, idTokenInfo only for an idToken, no vendor, no PKI', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 42 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-answers', ['ocpp2.0.1']);
  try {
    const boot = (await client.call('BootNotification', REQUESTS.BootNotification as Record<string, unknown>))[2] as Record<string, unknown>;
    assert.equal(boot.status, 'Accepted');
    assert.equal(boot.interval, 42);
    assert.match(String(boot.currentTime), /Z$/);
    assert.deepEqual((await client.call('Authorize', { idToken: ID_TOKEN }))[2], { idTokenInfo: { status: 'Accepted' } });
    assert.deepEqual((await client.call('TransactionEvent', REQUESTS.TransactionEvent as Record<string, unknown>))[2], { idTokenInfo: { status: 'Accepted' } });
    const updated: Record<string, unknown> = { ...REQUESTS.TransactionEvent, eventType: 'Updated', seqNo: 1, triggerReason: 'MeterValuePeriodic' };
    delete updated.idToken;
    assert.deepEqual((await client.call('TransactionEvent', updated))[2], {});
    assert.deepEqual((await client.call('DataTransfer', { vendorId: 'com.example', messageId: 'x' }))[2], { status: 'UnknownVendorId' });
    assert.deepEqual((await client.call('SignCertificate', REQUESTS.SignCertificate as Record<string, unknown>))[2], { status: 'Rejected' });
    assert.equal(gateway.stats().boots.Accepted, 1);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('after a Pending boot a 2.0.1 station gets SecurityError for anything but BootNotification (B02.FR.09)', async () => {
  const gateway = await startGateway({ port: 0, bootStatus: 'Pending', heartbeatIntervalSec: 5 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-pending', ['ocpp2.0.1']);
  try {
    const boot = (await client.call('BootNotification', REQUESTS.BootNotification as Record<string, unknown>))[2] as Record<string, unknown>;
    assert.deepEqual([boot.status, boot.interval], ['Pending', 5]);
    const refused = await client.call('Heartbeat', {});
    assert.deepEqual(refused.slice(0, 3), [4, refused[1], 'SecurityError']);
    assert.equal((await client.call('BootNotification', REQUESTS.BootNotification as Record<string, unknown>))[0], 3);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('bad 2.0.1 CALLs to the gateway get CALLERRORs spelt the 2.0.1 way', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-bad', ['ocpp2.0.1']);
  try {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['BootNotification', { chargingStation: { model: 'M', vendorName: 'V' } }, 'OccurrenceConstraintViolation'],
      ['Heartbeat', { extra: true }, 'FormatViolation'],
      ['StatusNotification', { ...(REQUESTS.StatusNotification as Record<string, unknown>), evseId: 'one' }, 'TypeConstraintViolation'],
      ['StatusNotification', { ...(REQUESTS.StatusNotification as Record<string, unknown>), connectorStatus: 'Charging' }, 'PropertyConstraintViolation'],
      ['FooBar', {}, 'NotImplemented'],
      // A CSMS-to-station action is known to the 2.0.1 schema set but not answered by a CSMS.
      ['Reset', { type: 'Immediate' }, 'NotSupported'],
    ];
    for (const [action, payload, code] of cases) {
      const reply = await client.call(action, payload);
      assert.deepEqual(reply.slice(0, 3), [4, reply[1], code], `${action} ${JSON.stringify(payload)}`);
    }
  } finally {
    await client.close();
    await gateway.close();
  }
});

function fleetOf(url: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', idPrefix: string): Fleet {
  const scenario: Scenario = {
    name: protocol, file: `${protocol}-inline.yaml`, protocol,
    chargePoint: { vendor: 'ocpp-sim', model: 'VirtualCP', connectors: 1 },
    steps: [
      { type: 'boot', line: 1 },
      { type: 'statusNotification', line: 2, connector: 1, status: 'Available', errorCode: 'NoError' },
      { type: 'heartbeat', line: 3 },
    ],
  };
  const options: FleetOptions = {
    url, count: 1, ratePerSec: 0, concurrency: 5, idPrefix, scenario, callTimeoutMs: 2000, handshakeTimeoutMs: 2000,
    maxPayload: 65_536, validate: 'all', backoff: { initialMs: 50, maxMs: 200, factor: 2 }, bootRetrySec: 1,
    defaultHeartbeatSec: 60, random: () => 0.5,
  };
  return new Fleet(options);
}

test('one gateway serves a 1.6 charge point and a 2.0.1 station side by side, each in its own version', async () => {
  const gateway = await startGateway({ port: 0 });
  const old = fleetOf(gateway.url, 'ocpp1.6', 'OLD-');
  const modern = fleetOf(gateway.url, 'ocpp2.0.1', 'NEW-');
  // A plain 1.6 client that offers no compression, as the simulator's transport does not.
  const plain = new WebSocket(`${gateway.url}/PLAIN-16`, ['ocpp1.6'], { perMessageDeflate: false });
  const plainOpen = new Promise<void>((resolve, reject) => { plain.once('open', () => resolve()); plain.once('error', reject); });
  try {
    old.start();
    modern.start();
    await waitUntil(() => old.snapshot().everBooted === 1 && modern.snapshot().everBooted === 1
      && (old.snapshot().metrics.received.StatusNotification ?? 0) === 1 && (modern.snapshot().metrics.received.StatusNotification ?? 0) === 1,
    3000, 'both to boot and report a status');
    await plainOpen;
    assert.equal(plain.protocol, 'ocpp1.6');
    assert.equal(plain.extensions, '', 'no compression was negotiated for a client that offered none');
    const answer = new Promise<unknown[]>((resolve) => plain.once('message', (data) => resolve(JSON.parse(data.toString()) as unknown[])));
    plain.send(JSON.stringify([2, 'p1', 'BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Plain' }]));
    assert.equal(((await answer)[2] as Record<string, unknown>).status, 'Accepted');

    const { body } = await getJson(gateway.port, '/connections');
    const connections = body.connections as Record<string, { subprotocol: string; boot_status: string }>;
    assert.equal(connections['OLD-001']?.subprotocol, 'ocpp1.6');
    assert.equal(connections['NEW-001']?.subprotocol, 'ocpp2.0.1');
    assert.equal(connections['PLAIN-16']?.subprotocol, 'ocpp1.6');
    assert.equal(gateway.stats().boots.Accepted, 3);
    assert.deepEqual(old.snapshot().metrics.errors, {});
    assert.deepEqual(modern.snapshot().metrics.errors, {});
    // Each side's CALLs reach the other in its own version's words.
    assert.equal((await gateway.call('OLD-001', 'GetConfiguration', { key: ['HeartbeatInterval'] })).unknownKey instanceof Array, true);
    const got = await gateway.call('NEW-001', 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    assert.equal((got.getVariableResult as Array<Record<string, unknown>>)[0]?.attributeValue, '60');
  } finally {
    await old.stop();
    await modern.stop();
    await closeWebSocket(plain);
    await gateway.close();
  }
});

test('a client offering both versions gets the gateway\'s preference, ocpp2.0.1', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-both', ['ocpp1.6', 'ocpp2.0.1']);
  try {
    assert.equal(client.ws.protocol, 'ocpp2.0.1');
    const boot = (await client.call('BootNotification', REQUESTS.BootNotification as Record<string, unknown>))[2] as Record<string, unknown>;
    assert.equal(boot.status, 'Accepted');
  } finally {
    await client.close();
    await gateway.close();
  }
});
