import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitInForce, profileChanges } from '../../../src/chargepoint/smart-charging/schedule.js';
import { HOUR, SEC, T0, profile } from './fixtures.js';

const DAY = 24 * HOUR;

test('a profile has a limit only inside its validity, its schedule and its periods', () => {
  const periods = [{ startPeriod: 0, limit: 10 }, { startPeriod: 600, limit: 20 }, { startPeriod: 1200, limit: 30 }];
  const cases: Array<[string, Parameters<typeof profile>[0], number, number | undefined, number | undefined]> = [
    ['Absolute, first period', { periods }, T0, undefined, 10],
    ['Absolute, second period at its first second', { periods }, T0 + 600 * SEC, undefined, 20],
    ['Absolute, just before the third', { periods }, T0 + 1199 * SEC, undefined, 20],
    ['Absolute, before startSchedule', { periods }, T0 - SEC, undefined, undefined],
    ['Absolute, past duration', { periods, duration: 900 }, T0 + 900 * SEC, undefined, undefined],
    ['Absolute, last second of duration', { periods, duration: 900 }, T0 + 899 * SEC, undefined, 20],
    ['before validFrom', { periods, validFrom: T0 + HOUR }, T0 + 10 * SEC, undefined, undefined],
    ['at validTo (excluded)', { periods, validTo: T0 + HOUR }, T0 + HOUR, undefined, undefined],
    ['just before validTo', { periods, validTo: T0 + HOUR }, T0 + HOUR - 1, undefined, 30],
    ['first period starting late (1.6 allows it)', { periods: [{ startPeriod: 60, limit: 5 }] }, T0 + 30 * SEC, undefined, undefined],
    ['Relative starts with the transaction', { kind: 'Relative', periods }, T0 + 700 * SEC, T0 + 500 * SEC, 10],
    ['Relative without a transaction', { kind: 'Relative', periods }, T0 + 700 * SEC, undefined, undefined],
    ['Absolute without startSchedule starts with the transaction', { periods, startSchedule: null }, T0 + 700 * SEC, T0 + 100 * SEC, 20],
    ['Daily recurrence, the next day', { kind: 'Recurring', recurrency: 'Daily', periods }, T0 + DAY + 650 * SEC, undefined, 20],
    ['Daily recurrence, before startSchedule repeats backwards', { kind: 'Recurring', recurrency: 'Daily', periods }, T0 - DAY + 5 * SEC, undefined, 10],
    ['Weekly recurrence, six days on', { kind: 'Recurring', recurrency: 'Weekly', periods, duration: 1800 }, T0 + 6 * DAY, undefined, undefined],
    ['Weekly recurrence, a week on', { kind: 'Recurring', recurrency: 'Weekly', periods, duration: 1800 }, T0 + 7 * DAY + 1300 * SEC, undefined, 30],
  ];
  for (const [name, fields, at, txStart, expected] of cases) {
    assert.equal(limitInForce(profile(fields), at, txStart)?.limit, expected, name);
  }
});

test('the moments a profile may change are its bounds, starts and period starts inside the window', () => {
  const p = profile({ periods: [{ startPeriod: 0, limit: 10 }, { startPeriod: 600, limit: 20 }], duration: 1800, validTo: T0 + HOUR });
  assert.deepEqual(profileChanges(p, T0 - HOUR, T0 + 2 * HOUR, undefined, 100).moments,
    [T0, T0 + 600 * SEC, T0 + 1800 * SEC, T0 + HOUR]);
  const daily = profile({ kind: 'Recurring', recurrency: 'Daily', duration: 3600 });
  assert.deepEqual(profileChanges(daily, T0 + HOUR, T0 + 3 * DAY, undefined, 100).moments,
    [T0 + HOUR, T0 + DAY, T0 + DAY + HOUR, T0 + 2 * DAY, T0 + 2 * DAY + HOUR], 'the end of the run covering the window start counts');
  const long = profileChanges(daily, T0, T0 + 10_000 * DAY, undefined, 50);
  assert.equal(long.moments.length, 50, 'bounded for long windows');
  assert.equal(long.until, T0 + 25 * DAY, 'complete up to the first moment left out');
});
