import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compositeSchedule, energyWh, MAX_COMPOSITE_PERIODS } from '../../../src/chargepoint/smart-charging/composite.js';
import { HOUR, ONE_PHASE, SEC, T0, on, profile } from './fixtures.js';

const TX = { startedAt: T0, transactionId: 7 };

test('the composite schedule merges the station max and the transaction limit period by period', () => {
  const installed = [
    on(0, profile({ id: 1, purpose: 'StationMax', periods: [{ startPeriod: 0, limit: 6000 }, { startPeriod: 1800, limit: 3000 }] })),
    on(1, profile({ id: 2, kind: 'Relative', purpose: 'Tx', periods: [{ startPeriod: 0, limit: 5000 }, { startPeriod: 600, limit: 7000 }], duration: 3000 }), 7),
  ];
  const composite = compositeSchedule(installed, 1, T0, 3600, 'W', TX, ONE_PHASE, 7400);
  assert.deepEqual(composite, {
    duration: 3600, chargingRateUnit: 'W',
    periods: [{ startPeriod: 0, limit: 5000 }, { startPeriod: 600, limit: 6000 }, { startPeriod: 1800, limit: 3000 }],
  });
});

test('where no profile applies the charger maximum stands; in A it is per phase with numberPhases', () => {
  const installed = [on(1, profile({ limit: 2300, validFrom: T0 + 60 * SEC, validTo: T0 + 120 * SEC }))];
  assert.deepEqual(compositeSchedule(installed, 1, T0, 300, 'A', TX, ONE_PHASE, 7400).periods, [
    { startPeriod: 0, limit: 32.2, numberPhases: 1 }, { startPeriod: 60, limit: 10, numberPhases: 1 }, { startPeriod: 120, limit: 32.2, numberPhases: 1 },
  ]);
  assert.deepEqual(compositeSchedule([], 0, T0, 60, 'W', undefined, ONE_PHASE, 14_800).periods, [{ startPeriod: 0, limit: 14_800 }]);
});

test('without a transaction, Relative schedules are shown as if charging started now; TxProfiles do not apply', () => {
  const installed = [
    on(0, profile({ id: 1, kind: 'Relative', periods: [{ startPeriod: 0, limit: 1000 }, { startPeriod: 60, limit: 2000 }] })),
    on(1, profile({ id: 2, kind: 'Relative', purpose: 'Tx', limit: 500 }), 7),
  ];
  assert.deepEqual(compositeSchedule(installed, 1, T0 + HOUR, 120, 'W', undefined, ONE_PHASE, 7400).periods, [{ startPeriod: 0, limit: 1000 }, { startPeriod: 60, limit: 2000 }]);
});

test('changes inside a second start the next whole second; a zero duration still has one period', () => {
  const installed = [on(1, profile({ limit: 1000, startSchedule: T0 + 1500 }))];
  assert.deepEqual(compositeSchedule(installed, 1, T0, 10, 'W', TX, ONE_PHASE, 7400).periods, [{ startPeriod: 0, limit: 7400 }, { startPeriod: 2, limit: 1000 }]);
  assert.deepEqual(compositeSchedule(installed, 1, T0, 0, 'W', TX, ONE_PHASE, 7400).periods, [{ startPeriod: 0, limit: 7400 }]);
});

test('a composite longer than the period bound is cut at the bound and says so in its duration', () => {
  const periods = Array.from({ length: 48 }, (_, i) => ({ startPeriod: i * 1800, limit: 1000 + (i % 2) * 1000 }));
  const installed = [on(1, profile({ kind: 'Recurring', recurrency: 'Daily', periods }))];
  const composite = compositeSchedule(installed, 1, T0, 30 * 86_400, 'W', TX, ONE_PHASE, 7400);
  assert.equal(composite.periods.length, MAX_COMPOSITE_PERIODS);
  assert.equal(composite.duration, MAX_COMPOSITE_PERIODS * 1800);
  assert.equal(energyWh(installed, 1, T0, T0 + 30 * 24 * HOUR, TX, ONE_PHASE), 30 * 24 * 1500, 'energy goes on past the bound');
});

test('energy integrates the power piece by piece: a profile halving the power halves the energy rate', () => {
  assert.equal(energyWh([], 1, T0, T0 + HOUR, TX, ONE_PHASE), 7400);
  const half = [on(1, profile({ kind: 'Relative', purpose: 'Tx', limit: 3700 }), 7)];
  assert.equal(energyWh(half, 1, T0, T0 + HOUR, TX, ONE_PHASE), 3700);
  const later = [on(1, profile({ limit: 3700, startSchedule: T0 + HOUR / 2 }))];
  assert.equal(energyWh(later, 1, T0, T0 + HOUR, TX, ONE_PHASE), 3700 + 1850);
  assert.equal(energyWh(later, 1, T0 + HOUR, T0, TX, ONE_PHASE), 0);
});
