import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Payload } from '../../../src/protocol/frame.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { startIndependentCsms } from '../../helpers/ocpp-rpc-csms.js';
import { waitUntil } from '../../helpers/poll.js';
import { meteredScenario, OFFER_W, rateW, readingsOf, type Reading } from './metered.js';

// Stacking against a central system ocpp-sim did not write (ocpp-rpc strict mode, which validates
// every CALL and answer against its own copy of the official schemas): profiles of every purpose
// and two stack levels are set and cleared one after the other through its trigger API, and after
// each step the readings the CSMS received (power and energy register, one a second) and its
// GetCompositeSchedule answer show the effective limit the texts define: the highest stack level
// of a purpose prevails, a TxProfile overrides the TxDefaultProfiles, the max profile caps both.

type Answer = { status: number; result?: Payload; error?: string };

const fraction = (f: number): number => Math.round(OFFER_W * f);

interface Version {
  version: 'ocpp1.6' | 'ocpp2.0.1';
  /** SetChargingProfile's payload: `purpose` at `stackLevel` on connector/EVSE `on`, limiting to `limit` W. */
  set(id: number, on: number, purpose: 'TxDefault' | 'Tx' | 'Max', stackLevel: number, limit: number, transactionId: unknown): Payload;
  clearById(id: number): Payload;
  composite: Payload;
  /** The first period's limit of a GetCompositeSchedule answer. */
  limitOf(result: Payload): unknown;
}

const V16: Version = {
  version: 'ocpp1.6',
  set: (id, on, purpose, stackLevel, limit) => ({
    connectorId: on,
    csChargingProfiles: {
      chargingProfileId: id, stackLevel,
      chargingProfilePurpose: { TxDefault: 'TxDefaultProfile', Tx: 'TxProfile', Max: 'ChargePointMaxProfile' }[purpose],
      chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'W', startSchedule: '2020-01-01T00:00:00Z', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
    },
  }),
  clearById: (id) => ({ id }),
  composite: { connectorId: 1, duration: 60, chargingRateUnit: 'W' },
  limitOf: (result) => ((result.chargingSchedule as Payload | undefined)?.chargingSchedulePeriod as Payload[] | undefined)?.[0]?.limit,
};

const V201: Version = {
  version: 'ocpp2.0.1',
  set: (id, on, purpose, stackLevel, limit, transactionId) => ({
    evseId: on,
    chargingProfile: {
      id, stackLevel,
      chargingProfilePurpose: { TxDefault: 'TxDefaultProfile', Tx: 'TxProfile', Max: 'ChargingStationMaxProfile' }[purpose],
      chargingProfileKind: 'Absolute',
      ...(purpose === 'Tx' ? { transactionId } : {}),
      chargingSchedule: [{ id: 1, chargingRateUnit: 'W', startSchedule: '2020-01-01T00:00:00Z', chargingSchedulePeriod: [{ startPeriod: 0, limit }] }],
    },
  }),
  clearById: (id) => ({ chargingProfileId: id }),
  composite: { evseId: 1, duration: 60, chargingRateUnit: 'W' },
  limitOf: (result) => ((result.schedule as Payload | undefined)?.chargingSchedulePeriod as Payload[] | undefined)?.[0]?.limit,
};

for (const v of [V16, V201]) {
  test(`${v.version}: against a strict ocpp-rpc CSMS, power, energy register and composite schedule follow stack levels, TxDefault/Tx and the max profile`, { timeout: 150_000 }, async () => {
    const payloads: Payload[] = [];
    let transactionId: unknown;
    const csms = await startIndependentCsms(['TAG-1'], undefined, {
      onCall: (_id, action, params) => {
        if (action !== 'MeterValues' && action !== 'TransactionEvent') return;
        payloads.push(params);
        transactionId ??= params.transactionId ?? (params.transactionInfo as Payload | undefined)?.transactionId;
      },
    });
    const fleet = new Fleet(fleetOptions(csms.url, { scenario: meteredScenario(v.version), durationMs: 140_000 }));
    fleet.start();
    const call = async (action: string, payload: Payload): Promise<Answer> => {
      const response = await fetch(`${csms.triggerUrl}/api/octt/${v.version}/CP-001/${action}`, { method: 'POST', body: JSON.stringify(payload) });
      return { status: response.status, ...((await response.json()) as { result?: Payload; error?: string }) };
    };
    const received = (): Reading[] => readingsOf(payloads);
    /** Waits for four readings at `watts` after the first `since`; checks their energy rate and the composite schedule. */
    const charging = async (watts: number, why: string, since: number): Promise<void> => {
      await waitUntil(() => received().slice(since).filter((r) => r.w === watts).length >= 4, 30_000, `four readings at ${watts} W (${why})`, 50);
      const at = received().slice(since).filter((r) => r.w === watts);
      assert.ok(Math.abs(rateW(at) / watts - 1) < 0.03, `${why}: energy rate ${rateW(at).toFixed(0)} W at a reported ${watts} W`);
      const composite = await call('get-composite-schedule', v.composite);
      assert.equal(composite.status, 200, `the strict CSMS took the GetCompositeSchedule answer: ${composite.error ?? ''}`);
      assert.equal(v.limitOf(composite.result as Payload), watts, `${why}: the composite schedule says ${watts} W: ${JSON.stringify(composite.result)}`);
    };
    const step = async (action: string, payload: Payload, watts: number, why: string): Promise<void> => {
      const since = received().length;
      const answer = await call(action, payload);
      assert.deepEqual([answer.status, answer.result?.status], [200, 'Accepted'], `${why}: ${JSON.stringify(answer)}`);
      await charging(watts, why, since);
    };
    try {
      await charging(OFFER_W, 'no profile: the offer', 0);
      await step('set-charging-profile', v.set(1, 0, 'TxDefault', 0, fraction(1 / 2), undefined), fraction(1 / 2), 'a TxDefaultProfile on 0');
      await step('set-charging-profile', v.set(2, 0, 'TxDefault', 1, fraction(3 / 4), undefined), fraction(3 / 4), 'a higher stack level prevails, though its limit is higher');
      await step('set-charging-profile', v.set(3, 0, 'Max', 0, fraction(1 / 4), undefined), fraction(1 / 4), 'the max profile caps the TxDefaultProfile');
      assert.notEqual(transactionId, undefined, 'the transaction id the CSMS saw');
      await step('set-charging-profile', v.set(4, 1, 'Tx', 0, fraction(1 / 5), transactionId), fraction(1 / 5), 'the TxProfile overrides the TxDefaultProfiles, under the max');
      await step('clear-charging-profile', v.clearById(4), fraction(1 / 4), 'without the TxProfile, the capped TxDefaultProfile again');
      await step('clear-charging-profile', v.clearById(3), fraction(3 / 4), 'without the max profile, the stack level 1 TxDefaultProfile');
      const snap = fleet.snapshot();
      assert.equal(snap.metrics.callErrors, 0, 'the strict CSMS refused nothing the charge point sent');
    } finally {
      await fleet.stop();
      await csms.close();
    }
  });
}
