import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError, type CallErrorKind } from '../../src/protocol/errors.js';
import type { Payload } from '../../src/protocol/frame.js';
import { validatorFor, type Direction } from '../../src/protocol/validator.js';
import { loadVersions, type OcppVersion } from '../../src/protocol/versions.js';

// The 2.1 schemas are an ES module: loaded before anything asks for them, as run, gateway and loader do.
await loadVersions(['ocpp2.1']);
const boot16 = { chargePointVendor: 'VendorX', chargePointModel: 'SingleSocketCharger' };

function profile(limit: number): Payload {
  return {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
    },
  };
}

interface Case {
  name: string;
  version: OcppVersion;
  action: string;
  direction: Direction;
  payload: Payload;
  /** undefined: the payload is valid. */
  kind?: CallErrorKind;
}

const CASES: Case[] = [
  { name: 'a valid 1.6 BootNotification request', version: 'ocpp1.6', action: 'BootNotification', direction: 'req', payload: boot16 },
  {
    name: 'a valid 1.6 BootNotification response', version: 'ocpp1.6', action: 'BootNotification', direction: 'conf',
    payload: { status: 'Accepted', currentTime: '2024-01-01T00:00:00Z', interval: 300 },
  },
  { name: 'a valid 1.6 Heartbeat request', version: 'ocpp1.6', action: 'Heartbeat', direction: 'req', payload: {} },
  { name: 'a ChargingProfile limit of 21.4 (a multiple of 0.1 despite floating point)', version: 'ocpp1.6', action: 'SetChargingProfile', direction: 'req', payload: profile(21.4) },
  { name: 'a ChargingProfile limit of 0.3', version: 'ocpp1.6', action: 'SetChargingProfile', direction: 'req', payload: profile(0.3) },
  { name: 'a ChargingProfile limit of 32', version: 'ocpp1.6', action: 'SetChargingProfile', direction: 'req', payload: profile(32) },
  { name: 'a ChargingProfile limit of 21.45', version: 'ocpp1.6', action: 'SetChargingProfile', direction: 'req', payload: profile(21.45), kind: 'PropertyConstraintViolation' },
  { name: 'a BootNotification without chargePointModel', version: 'ocpp1.6', action: 'BootNotification', direction: 'req', payload: { chargePointVendor: 'VendorX' }, kind: 'OccurrenceConstraintViolation' },
  { name: 'a BootNotification whose vendor is a number', version: 'ocpp1.6', action: 'BootNotification', direction: 'req', payload: { ...boot16, chargePointVendor: 42 }, kind: 'TypeConstraintViolation' },
  { name: 'a BootNotification vendor longer than 20 characters', version: 'ocpp1.6', action: 'BootNotification', direction: 'req', payload: { ...boot16, chargePointVendor: 'v'.repeat(21) }, kind: 'PropertyConstraintViolation' },
  { name: 'a BootNotification with an extra property', version: 'ocpp1.6', action: 'BootNotification', direction: 'req', payload: { ...boot16, colour: 'red' }, kind: 'FormatViolation' },
  {
    name: 'a BootNotification response whose status is not in the enum', version: 'ocpp1.6', action: 'BootNotification', direction: 'conf',
    payload: { status: 'Maybe', currentTime: '2024-01-01T00:00:00Z', interval: 300 }, kind: 'PropertyConstraintViolation',
  },
  {
    name: 'a StatusNotification whose status is not in the enum', version: 'ocpp1.6', action: 'StatusNotification', direction: 'req',
    payload: { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }, kind: 'PropertyConstraintViolation',
  },
  { name: 'a Heartbeat request with a property', version: 'ocpp1.6', action: 'Heartbeat', direction: 'req', payload: { x: 1 }, kind: 'FormatViolation' },
  { name: 'an action 1.6 does not know', version: 'ocpp1.6', action: 'FooBar', direction: 'req', payload: {}, kind: 'NotImplemented' },
  { name: 'a 2.0.1 action on a 1.6 validator', version: 'ocpp1.6', action: 'TransactionEvent', direction: 'req', payload: {}, kind: 'NotImplemented' },
  {
    name: 'a valid 2.0.1 BootNotification request', version: 'ocpp2.0.1', action: 'BootNotification', direction: 'req',
    payload: { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'VendorX' } },
  },
  { name: 'a 2.0.1 BootNotification without a reason', version: 'ocpp2.0.1', action: 'BootNotification', direction: 'req', payload: { chargingStation: { model: 'M1', vendorName: 'VendorX' } }, kind: 'OccurrenceConstraintViolation' },
  { name: 'a 1.6-only action on a 2.0.1 validator', version: 'ocpp2.0.1', action: 'StartTransaction', direction: 'req', payload: {}, kind: 'NotImplemented' },
  // 2.1: the schemas of typed-ocpp, the codes of OCPP-J 2.1 (as 2.0.1 §4.3 Table 8).
  {
    name: 'a valid 2.1 BootNotification request', version: 'ocpp2.1', action: 'BootNotification', direction: 'req',
    payload: { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'VendorX' } },
  },
  {
    name: 'a valid 2.1 NotifyPeriodicEventStream (a SEND)', version: 'ocpp2.1', action: 'NotifyPeriodicEventStream', direction: 'req',
    payload: { id: 1, pending: 0, basetime: '2025-01-01T00:00:00Z', data: [{ t: 0.5, v: '230.1' }] },
  },
  { name: 'a 2.1 BootNotification without a reason', version: 'ocpp2.1', action: 'BootNotification', direction: 'req', payload: { chargingStation: { model: 'M1', vendorName: 'VendorX' } }, kind: 'OccurrenceConstraintViolation' },
  { name: 'a 2.1 BootNotification with an extra property', version: 'ocpp2.1', action: 'BootNotification', direction: 'req', payload: { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'VendorX' }, colour: 'red' }, kind: 'FormatViolation' },
  { name: 'a 2.1 BootNotification whose reason is not in the enum', version: 'ocpp2.1', action: 'BootNotification', direction: 'req', payload: { reason: 'Bored', chargingStation: { model: 'M1', vendorName: 'VendorX' } }, kind: 'PropertyConstraintViolation' },
  { name: 'a 2.1 OpenPeriodicEventStream whose id is a string', version: 'ocpp2.1', action: 'OpenPeriodicEventStream', direction: 'req', payload: { constantStreamData: { id: '1', variableMonitoringId: 1, params: {} } }, kind: 'TypeConstraintViolation' },
  { name: 'a NotifyPeriodicEventStream without data', version: 'ocpp2.1', action: 'NotifyPeriodicEventStream', direction: 'req', payload: { id: 1, pending: 0, basetime: '2025-01-01T00:00:00Z', data: [] }, kind: 'OccurrenceConstraintViolation' },
  { name: 'a 1.6-only action on a 2.1 validator', version: 'ocpp2.1', action: 'StartTransaction', direction: 'req', payload: {}, kind: 'NotImplemented' },
];

for (const { name, version, action, direction, payload, kind } of CASES) {
  test(`the ${version} validator ${kind ? `rejects ${name} as ${kind}` : `accepts ${name}`}`, () => {
    const validator = validatorFor(version);
    if (kind === undefined) {
      assert.doesNotThrow(() => validator.validate(action, direction, payload));
      return;
    }
    assert.throws(() => validator.validate(action, direction, payload), (error: unknown) => {
      assert.ok(error instanceof OcppError, 'throws an OcppError');
      assert.equal(error.kind, kind);
      assert.ok(error.message.length > 0 && error.message.length <= 255, 'the description fits a CALLERROR');
      return true;
    });
  });
}

test('a schema failure names the failing keyword and the path in its details', () => {
  try {
    validatorFor('ocpp1.6').validate('BootNotification', 'req', { ...boot16, chargePointVendor: 42 });
    assert.fail('must throw');
  } catch (error) {
    assert.ok(error instanceof OcppError);
    assert.equal(error.details['keyword'], 'type');
    assert.equal(error.details['path'], '/chargePointVendor');
  }
});

test('validatorFor returns one shared validator per version, knowing the actions of that version', () => {
  const v16 = validatorFor('ocpp1.6');
  const v201 = validatorFor('ocpp2.0.1');
  assert.equal(validatorFor('ocpp1.6'), v16);
  assert.equal(validatorFor('ocpp2.0.1'), v201);
  assert.equal(v16.version, 'ocpp1.6');
  assert.equal(v201.version, 'ocpp2.0.1');
  for (const action of ['BootNotification', 'Heartbeat', 'StartTransaction', 'StopTransaction', 'RemoteStartTransaction', 'SetChargingProfile']) {
    assert.ok(v16.actions.has(action), `1.6 knows ${action}`);
  }
  for (const action of ['BootNotification', 'Heartbeat', 'TransactionEvent', 'RequestStartTransaction', 'SetVariables']) {
    assert.ok(v201.actions.has(action), `2.0.1 knows ${action}`);
  }
  assert.ok(!v16.actions.has('TransactionEvent'));
  assert.ok(!v201.actions.has('StartTransaction'));
});

test('the 2.1 validator knows the 90 actions of OCPP 2.1 and NotifyPeriodicEventStream, 2.0.1 knows none of the new ones', () => {
  const v21 = validatorFor('ocpp2.1');
  assert.equal(v21.actions.size, 91);
  for (const action of ['OpenPeriodicEventStream', 'AdjustPeriodicEventStream', 'ClosePeriodicEventStream', 'NotifyPeriodicEventStream', 'SetDERControl', 'TransactionEvent']) {
    assert.ok(v21.actions.has(action), `2.1 knows ${action}`);
  }
  assert.ok(!validatorFor('ocpp2.0.1').actions.has('OpenPeriodicEventStream'));
});
