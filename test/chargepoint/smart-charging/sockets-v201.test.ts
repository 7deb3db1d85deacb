import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Payload } from '../../../src/protocol/frame.js';
import { validatorFor } from '../../../src/protocol/validator.js';
import { waitUntil } from '../../helpers/poll.js';
import { eventually, Metered, OFFER_W, rateW } from './metered.js';

// A 2.0.1 station charging at 360 kW against the real gateway on port 0: its readings travel in
// TransactionEvent Updated; the CSMS's CALLs go through the gateway's HTTP call API.

const v201 = validatorFor('ocpp2.0.1');
const HALF_W = OFFER_W / 2;

const profile = (id: number, purpose: string, limit: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id, stackLevel: 0, chargingProfilePurpose: purpose, chargingProfileKind: 'Relative',
  chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }], ...extra,
});

test('2.0.1: a TxProfile that halves the power halves the energy rate in TransactionEvent meter values', async () => {
  const m = await Metered.start('ocpp2.0.1');
  try {
    const full = await m.readingsAt(OFFER_W, 4);
    const transactionId = ((m.calls('TransactionEvent')[0] as Payload).transactionInfo as { transactionId: string }).transactionId;
    const set = await m.call('SetChargingProfile', { evseId: 1, chargingProfile: profile(21, 'TxProfile', HALF_W, { transactionId }) });
    assert.deepEqual(set, { status: 200, body: { result: { status: 'Accepted' } } });
    const half = await m.readingsAt(HALF_W, 4);
    const ratio = rateW(half) / rateW(full);
    assert.ok(Math.abs(ratio - 0.5) < 0.03, `energy rate ${rateW(full).toFixed(0)} W, then ${rateW(half).toFixed(0)} W (ratio ${ratio.toFixed(3)})`);
    const composite = (await m.call('GetCompositeSchedule', { evseId: 1, duration: 300 })).body.result as Payload;
    v201.validate('GetCompositeSchedule', 'conf', composite);
    assert.equal(composite.status, 'Accepted');
    assert.deepEqual((composite.schedule as Payload).chargingSchedulePeriod, [{ startPeriod: 0, limit: HALF_W }]);
  } finally {
    await m.close();
  }
});

test('2.0.1: K01 refusals carry a reason; GetChargingProfiles reports per EVSE with ReportChargingProfiles; ClearChargingProfile by criteria', async () => {
  const m = await Metered.start('ocpp2.0.1');
  try {
    await m.readingsAt(OFFER_W, 1);
    const transactionId = ((m.calls('TransactionEvent')[0] as Payload).transactionInfo as { transactionId: string }).transactionId;
    const set = async (evseId: number, chargingProfile: Record<string, unknown>): Promise<Payload> => {
      const answer = (await m.call('SetChargingProfile', { evseId, chargingProfile })).body.result as Payload;
      v201.validate('SetChargingProfile', 'conf', answer);
      return answer;
    };
    const reasonOf = async (evseId: number, p: Record<string, unknown>): Promise<unknown> => {
      const answer = await set(evseId, p);
      return answer.status === 'Accepted' ? 'Accepted' : (answer.statusInfo as Payload).reasonCode;
    };
    const stationMax = profile(1, 'ChargingStationMaxProfile', 100_000, { chargingProfileKind: 'Absolute', chargingSchedule: [{ id: 1, startSchedule: '2020-01-01T00:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 100_000 }] }] });
    assert.equal(await reasonOf(2, profile(2, 'TxProfile', 1000, { transactionId: 'nope' })), 'TxNotFound', 'K01.FR.09: no transaction on the EVSE');
    assert.equal(await reasonOf(1, profile(2, 'TxProfile', 1000)), 'InvalidValue', 'K01.FR.03: no transactionId');
    assert.equal(await reasonOf(1, profile(2, 'TxProfile', 1000, { transactionId: 'other' })), 'TxNotFound', 'K01.FR.33: another transaction');
    assert.equal(await reasonOf(5, profile(2, 'TxDefaultProfile', 1000)), 'UnknownEVSE', 'K01.FR.28');
    assert.equal(await reasonOf(0, { ...stationMax, chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 1 }] }] }), 'InvalidValue', 'K01.FR.38');
    assert.equal(await reasonOf(0, stationMax), 'Accepted');
    assert.equal(await reasonOf(0, profile(3, 'TxDefaultProfile', 50_000)), 'Accepted');
    assert.equal(await reasonOf(0, profile(4, 'TxDefaultProfile', 40_000)), 'DuplicateProfile', 'K01.FR.06: same purpose and stack level on the EVSE');
    assert.equal(await reasonOf(1, profile(5, 'TxProfile', 80_000, { transactionId, stackLevel: 1 })), 'Accepted');
    await m.readingsAt(80_000, 2);

    const get = (await m.call('GetChargingProfiles', { requestId: 42, chargingProfile: {} })).body.result as Payload;
    assert.deepEqual(get, { status: 'Accepted' });
    await waitUntil(() => m.calls('ReportChargingProfiles').length >= 2, 10_000, 'two ReportChargingProfiles');
    const reports = m.calls('ReportChargingProfiles');
    for (const report of reports) v201.validate('ReportChargingProfiles', 'req', report);
    assert.deepEqual(reports.map((r) => [r.requestId, r.evseId, r.tbc, r.chargingLimitSource, (r.chargingProfile as Payload[]).map((p) => p.id)]),
      [[42, 0, true, 'CSO', [1, 3]], [42, 1, false, 'CSO', [5]]]);
    const none = (await m.call('GetChargingProfiles', { requestId: 43, chargingProfile: { chargingLimitSource: ['EMS'] } })).body.result;
    assert.deepEqual(none, { status: 'NoProfiles' });

    const composite = async (evseId: number): Promise<unknown> => {
      const answer = (await m.call('GetCompositeSchedule', { evseId, duration: 60, chargingRateUnit: 'W' })).body.result as Payload;
      v201.validate('GetCompositeSchedule', 'conf', answer);
      return answer.status === 'Accepted' ? (answer.schedule as Payload).chargingSchedulePeriod : answer.status;
    };
    assert.deepEqual(await composite(1), [{ startPeriod: 0, limit: 80_000 }], 'EVSE 1: its TxProfile, under the station max');
    assert.deepEqual(await composite(2), [{ startPeriod: 0, limit: 50_000 }], 'EVSE 2: the TxDefaultProfile of EVSE 0');
    assert.deepEqual(await composite(0), [{ startPeriod: 0, limit: 100_000 }]);
    assert.equal(await composite(3), 'Rejected');
    const clear = (await m.call('ClearChargingProfile', { chargingProfileCriteria: { evseId: 0, chargingProfilePurpose: 'TxDefaultProfile' } })).body.result;
    assert.deepEqual(clear, { status: 'Accepted' });
    assert.deepEqual(await composite(2), [{ startPeriod: 0, limit: 100_000 }], 'EVSE 2: only the station max is left');
    assert.deepEqual((await m.call('ClearChargingProfile', { chargingProfileId: 99 })).body.result, { status: 'Unknown' });

    // F01/K05: a RequestStartTransaction's chargingProfile must be a TxProfile without a transactionId; it governs the transaction started.
    const remote = async (chargingProfile: Record<string, unknown>, remoteStartId: number): Promise<unknown> =>
      ((await m.call('RequestStartTransaction', { idToken: { idToken: 'TAG-2', type: 'Central' }, remoteStartId, evseId: 2, chargingProfile })).body.result as Payload).status;
    assert.equal(await remote(profile(7, 'TxProfile', 12_000, { transactionId: 'x' }), 1), 'Rejected');
    assert.equal(await remote(profile(7, 'TxProfile', 12_000), 2), 'Accepted');
    await eventually(async () => JSON.stringify(await composite(2)) === JSON.stringify([{ startPeriod: 0, limit: 12_000 }]), 'EVSE 2 under the remote start\'s TxProfile');
  } finally {
    await m.close();
  }
});
