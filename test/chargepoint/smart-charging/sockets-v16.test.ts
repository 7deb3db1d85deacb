import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatorFor } from '../../../src/protocol/validator.js';
import { eventually, Metered, OFFER_W, rateW } from './metered.js';

// A 1.6 charge point charging at 360 kW against the real gateway on port 0; the central system's
// smart-charging CALLs go through the gateway's HTTP call API (POST /connections/{id}/call).

const v16 = validatorFor('ocpp1.6');
const HALF_W = OFFER_W / 2;

const txProfile = (id: number, limit: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  chargingProfileId: id, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative',
  chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }, ...extra,
});

test('1.6: a TxProfile that halves the power halves the energy rate in MeterValues, and clearing it restores it', async () => {
  const m = await Metered.start('ocpp1.6');
  try {
    const full = await m.readingsAt(OFFER_W, 4);
    const set = await m.call('SetChargingProfile', { connectorId: 1, csChargingProfiles: txProfile(11, HALF_W) });
    assert.deepEqual(set, { status: 200, body: { result: { status: 'Accepted' } } });
    const half = await m.readingsAt(HALF_W, 4);
    const ratio = rateW(half) / rateW(full);
    assert.ok(Math.abs(ratio - 0.5) < 0.03, `energy rate at full power ${rateW(full).toFixed(0)} W, after the profile ${rateW(half).toFixed(0)} W (ratio ${ratio.toFixed(3)})`);
    assert.ok(Math.abs(rateW(full) - OFFER_W) / OFFER_W < 0.03, `the register follows the 360 kW offer: ${rateW(full).toFixed(0)} W`);

    const composite = await m.call('GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'A' });
    const result = composite.body.result as Record<string, unknown>;
    v16.validate('GetCompositeSchedule', 'conf', result);
    assert.equal(result.status, 'Accepted');
    assert.deepEqual((result.chargingSchedule as Record<string, unknown>).chargingSchedulePeriod, [{ startPeriod: 0, limit: 260.9, numberPhases: 3 }]);

    const cleared = await m.call('ClearChargingProfile', { id: 11 });
    assert.deepEqual(cleared.body.result, { status: 'Accepted' });
    const again = await m.readingsAt(OFFER_W, full.length + 3);
    assert.ok(Math.abs(rateW(again.slice(full.length)) / OFFER_W - 1) < 0.03, 'full power again after ClearChargingProfile');
    assert.deepEqual((await m.call('ClearChargingProfile', { id: 11 })).body.result, { status: 'Unknown' });
  } finally {
    await m.close();
  }
});

test('1.6: profiles are refused where the texts say, and the composite schedule stacks station max and defaults', async () => {
  const m = await Metered.start('ocpp1.6');
  try {
    await m.readingsAt(OFFER_W, 1);
    const status = async (connectorId: number, profile: Record<string, unknown>): Promise<unknown> =>
      (await m.call('SetChargingProfile', { connectorId, csChargingProfiles: profile })).body.result?.status;
    const stationMax = (limit: number): Record<string, unknown> => txProfile(1, limit, { chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0, chargingProfileKind: 'Absolute', chargingSchedule: { chargingRateUnit: 'W', startSchedule: '2020-01-01T00:00:00Z', chargingSchedulePeriod: [{ startPeriod: 0, limit }] } });
    assert.equal(await status(2, txProfile(2, 1000)), 'Rejected', 'a TxProfile without a transaction on the connector');
    assert.equal(await status(0, txProfile(2, 1000)), 'Rejected', 'a TxProfile on connector 0');
    assert.equal(await status(9, txProfile(2, 1000)), 'Rejected', 'an unknown connector');
    assert.equal(await status(1, txProfile(2, 1000, { transactionId: 999_999 })), 'Rejected', 'a TxProfile of another transaction');
    assert.equal(await status(1, stationMax(1000)), 'Rejected', 'a ChargePointMaxProfile not on connector 0');
    assert.equal(await status(1, txProfile(2, 1000, { stackLevel: 11 })), 'Rejected', 'above ChargeProfileMaxStackLevel');
    assert.equal(await status(0, stationMax(100_000)), 'Accepted');
    assert.equal(await status(0, txProfile(3, 50_000, { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 })), 'Accepted');
    assert.equal(await status(1, txProfile(4, 200_000, { stackLevel: 2 })), 'Accepted');
    await m.readingsAt(100_000, 2);
    const composite = async (connectorId: number): Promise<unknown> => {
      const answer = (await m.call('GetCompositeSchedule', { connectorId, duration: 60 })).body.result as Record<string, unknown>;
      v16.validate('GetCompositeSchedule', 'conf', answer);
      return answer.status === 'Accepted' ? (answer.chargingSchedule as Record<string, unknown>).chargingSchedulePeriod : answer.status;
    };
    assert.deepEqual(await composite(1), [{ startPeriod: 0, limit: 100_000 }], 'connector 1: the TxProfile (200 kW) capped by the station max');
    assert.deepEqual(await composite(2), [{ startPeriod: 0, limit: 50_000 }], 'connector 2: the TxDefaultProfile on 0, under the station max');
    assert.deepEqual(await composite(0), [{ startPeriod: 0, limit: 100_000 }], 'connector 0: the station max');
    assert.equal(await composite(7), 'Rejected');
    assert.deepEqual((await m.call('ClearChargingProfile', { chargingProfilePurpose: 'ChargePointMaxProfile' })).body.result, { status: 'Accepted' });
    assert.deepEqual(await composite(1), [{ startPeriod: 0, limit: 200_000 }]);

    // §5.11: a RemoteStartTransaction's chargingProfile must be a TxProfile, and governs the transaction it starts.
    const remote = async (chargingProfile: Record<string, unknown>): Promise<unknown> =>
      (await m.call('RemoteStartTransaction', { connectorId: 2, idTag: 'TAG-2', chargingProfile })).body.result?.status;
    assert.equal(await remote(txProfile(6, 1000, { chargingProfilePurpose: 'TxDefaultProfile' })), 'Rejected');
    assert.equal(await remote(txProfile(6, 12_000)), 'Accepted');
    await eventually(async () => JSON.stringify(await composite(2)) === JSON.stringify([{ startPeriod: 0, limit: 12_000 }]), 'connector 2 under the remote start\'s TxProfile');
  } finally {
    await m.close();
  }
});
