import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChargePoint, Transaction } from '../../../src/chargepoint/charge-point.js';
import { meterNow, powerNow } from '../../../src/chargepoint/meter.js';
import { changeProfiles, installedProfiles } from '../../../src/chargepoint/smart-charging/charge-point-state.js';
import { ManualScheduler } from '../../../src/clock/manual-scheduler.js';
import { on, profile } from './fixtures.js';

// The meter of one charge point on a manual clock: only what meter.ts reads of a ChargePoint is
// there (its scheduler, connectors, transactions, register, scenario's electrical model).

const MINUTE = 60_000;

function chargePoint(power?: { voltage?: number; phases?: number; maxPowerW?: number }): { cp: ChargePoint; clock: ManualScheduler; start(id: number): Transaction; stop(): void } {
  const clock = new ManualScheduler(1_000_000);
  const cp = {
    ctx: { scheduler: clock }, connectorStatus: ['Available', 'Available', 'Available'], transactions: [] as Array<Transaction | undefined>, meterWh: [0, 0, 0],
    scenario: { chargePoint: { vendor: 'v', model: 'm', connectors: 2, ...(power ? { power } : {}) } },
  } as unknown as ChargePoint;
  return {
    cp, clock,
    start: (id) => {
      const tx = { id, idTag: 'T', startedAt: clock.now(), meterStartWh: meterNow(cp, 1) };
      (cp.transactions as Array<Transaction | undefined>)[1] = tx;
      return tx;
    },
    stop: () => {
      (cp.meterWh as number[])[1] = meterNow(cp, 1);
      (cp.transactions as Array<Transaction | undefined>)[1] = undefined;
    },
  };
}

test('a profile set mid-transaction applies from then on, never to the energy before it; clearing it restores the offer', () => {
  const { cp, clock, start } = chargePoint();
  start(7);
  clock.advance(30 * MINUTE);
  assert.equal(meterNow(cp, 1), 3700, '30 min at 7.4 kW');
  changeProfiles(cp, (installed) => [...installed, on(1, profile({ id: 1, kind: 'Relative', purpose: 'Tx', limit: 3700 }), 7)]);
  assert.equal(meterNow(cp, 1), 3700, 'a Relative TxProfile from the transaction start does not rewrite the past');
  assert.deepEqual(powerNow(cp, 1), { powerW: 3700, currentA: 16.1 });
  clock.advance(30 * MINUTE);
  assert.equal(meterNow(cp, 1), 3700 + 1850);
  changeProfiles(cp, () => []);
  clock.advance(30 * MINUTE);
  assert.equal(meterNow(cp, 1), 3700 + 1850 + 3700);
  assert.equal(powerNow(cp, 2), undefined, 'no transaction, no power reading');
});

test('amperes follow the electrical model: 16 A on three phases of 400 V is 19.2 kW under a 22 kW offer', () => {
  const { cp, clock, start } = chargePoint({ voltage: 400, phases: 3, maxPowerW: 22_000 });
  start(1);
  changeProfiles(cp, (installed) => [...installed, on(0, profile({ id: 1, purpose: 'StationMax', unit: 'A', limit: 16 }))]);
  clock.advance(60 * MINUTE);
  assert.equal(Math.round(meterNow(cp, 1)), 19_200);
  assert.deepEqual(powerNow(cp, 1), { powerW: 19_200, currentA: 16 });
});

test('a TxProfile ends with its transaction; the register carries on from where it stopped', () => {
  const { cp, clock, start, stop } = chargePoint();
  start(7);
  changeProfiles(cp, (installed) => [...installed, on(1, profile({ id: 1, kind: 'Relative', purpose: 'Tx', limit: 1000 }), 7), on(0, profile({ id: 2, kind: 'Relative', limit: 2000 }))]);
  clock.advance(60 * MINUTE);
  stop();
  assert.equal(meterNow(cp, 1), 1000);
  assert.deepEqual(installedProfiles(cp).map((e) => e.profile.id), [2], 'the TxProfile is gone, the TxDefaultProfile stays');
  start(8);
  clock.advance(60 * MINUTE);
  assert.equal(meterNow(cp, 1), 1000 + 2000, 'the next transaction charges under the TxDefaultProfile');
});

test('readings in a long transaction integrate only since the last one, and add up to the whole', () => {
  const { cp, clock, start } = chargePoint();
  start(1);
  const periods = Array.from({ length: 48 }, (_, i) => ({ startPeriod: i * 1800, limit: i % 2 === 0 ? 1000 : 2000 }));
  changeProfiles(cp, (installed) => [...installed, on(0, profile({ id: 1, kind: 'Recurring', recurrency: 'Daily', periods, startSchedule: Date.now() - 3_600_000 * 24 * 10 }))]);
  let last = 0;
  for (let day = 0; day < 60; day++) {
    clock.advance(24 * 60 * MINUTE);
    const now = meterNow(cp, 1);
    assert.ok(Math.abs(now - last - 36_000) < 1e-6, `day ${day}: ${now - last} Wh`);
    last = now;
  }
});
