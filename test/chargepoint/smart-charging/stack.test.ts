import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitAtW, powerAtW, wattsOf } from '../../../src/chargepoint/smart-charging/stack.js';
import type { Installed } from '../../../src/chargepoint/smart-charging/types.js';
import { ONE_PHASE, SEC, T0, on, profile } from './fixtures.js';

const TX = { startedAt: T0, transactionId: 7 };

test('a limit in A becomes W with the voltage and the phases both the period and the charger have', () => {
  const cases: Array<[string, number, number | undefined, number, number]> = [
    ['16 A, period says nothing (3 assumed), 1-phase charger', 16, undefined, 1, 16 * 230],
    ['16 A on 3 phases, 3-phase charger', 16, 3, 3, 16 * 230 * 3],
    ['16 A, period 3 phases assumed, 3-phase charger', 16, undefined, 3, 16 * 230 * 3],
    ['10 A on 1 phase, 3-phase charger', 10, 1, 3, 2300],
  ];
  for (const [name, limit, numberPhases, phases, watts] of cases) {
    assert.equal(wattsOf({ startPeriod: 0, limit, unit: 'A', ...(numberPhases ? { numberPhases } : {}) }, { ...ONE_PHASE, phases }), watts, name);
  }
  assert.equal(wattsOf({ startPeriod: 0, limit: 5000, unit: 'W' }, ONE_PHASE), 5000);
});

test('purposes and stack levels combine as the texts say', () => {
  const cases: Array<[string, Installed[], number, typeof TX | undefined, number | undefined]> = [
    ['nothing installed', [], 1, TX, undefined],
    ['TxDefault on 0 applies to every connector', [on(0, profile({ limit: 5000 }))], 2, TX, 5000],
    ['TxDefault on the connector beats the one on 0', [on(0, profile({ id: 1, limit: 5000 })), on(1, profile({ id: 2, limit: 6000 }))], 1, TX, 6000],
    ['higher stack level wins within a purpose', [on(1, profile({ id: 1, stackLevel: 1, limit: 3000 })), on(1, profile({ id: 2, stackLevel: 2, limit: 4000 }))], 1, TX, 4000],
    ['a higher level that has ended lets the lower through', [on(1, profile({ id: 1, stackLevel: 1, limit: 3000 })), on(1, profile({ id: 2, stackLevel: 2, limit: 4000, duration: 10 }))], 1, TX, 3000],
    ['TxProfile overrides TxDefault even at a lower level', [on(1, profile({ id: 1, stackLevel: 5, limit: 3000 })), on(1, profile({ id: 2, stackLevel: 0, purpose: 'Tx', limit: 6000 }), 7)], 1, TX, 6000],
    ['a TxProfile of another transaction does not apply', [on(1, profile({ id: 2, purpose: 'Tx', limit: 1000 }), 8)], 1, TX, undefined],
    ['a TxProfile without a transaction does not apply', [on(1, profile({ id: 2, purpose: 'Tx', limit: 1000 }), 7)], 1, undefined, undefined],
    ['the station max caps the tx limit', [on(0, profile({ id: 1, purpose: 'StationMax', limit: 2000 })), on(1, profile({ id: 2, purpose: 'Tx', limit: 6000 }), 7)], 1, TX, 2000],
    ['the tx limit is lower than the station max', [on(0, profile({ id: 1, purpose: 'StationMax', limit: 9000 })), on(1, profile({ id: 2, purpose: 'Tx', limit: 6000 }), 7)], 1, TX, 6000],
    ['connector 0 is the station max only', [on(0, profile({ id: 1, purpose: 'StationMax', limit: 9000 })), on(0, profile({ id: 2, limit: 100 }))], 0, undefined, 9000],
    ['another connector\'s profile does not apply', [on(2, profile({ limit: 100 }))], 1, TX, undefined],
    ['A and W mix: 10 A on one phase is 2300 W', [on(0, profile({ id: 1, purpose: 'StationMax', unit: 'A', limit: 10 })), on(1, profile({ id: 2, limit: 6000 }))], 1, TX, 2300],
  ];
  for (const [name, installed, connectorId, tx, expected] of cases) {
    assert.equal(limitAtW(installed, connectorId, T0 + 30 * SEC, tx, ONE_PHASE), expected, name);
  }
});

test('the power drawn is the charger offer capped by the limit, never negative', () => {
  assert.equal(powerAtW([], 1, T0, TX, ONE_PHASE), 7400);
  assert.equal(powerAtW([on(1, profile({ limit: 20_000 }))], 1, T0, TX, ONE_PHASE), 7400);
  assert.equal(powerAtW([on(1, profile({ limit: 3700 }))], 1, T0, TX, ONE_PHASE), 3700);
  assert.equal(powerAtW([on(1, profile({ limit: 0 }))], 1, T0, TX, ONE_PHASE), 0);
});
