import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PowerFollow, powerReadingOf } from '../../src/cli/selftest/power-follow.js';
import type { Payload } from '../../src/protocol/frame.js';

// The selftest's check that a charge point's register rises by the power its readings report:
// readings as 1.6 MeterValues and 2.0.1 TransactionEvent payloads, their timestamps chosen.

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const v16 = (transactionId: number, s: number, wh: number, w?: number): Payload => ({
  connectorId: 1, transactionId,
  meterValue: [{ timestamp: new Date(T0 + s * 1000).toISOString(), sampledValue: [
    { value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
    ...(w === undefined ? [] : [{ value: String(w), measurand: 'Power.Active.Import', unit: 'W' }]),
  ] }],
});

const v201 = (transactionId: string, s: number, wh: number, w: number): Payload => ({
  eventType: 'Updated', transactionInfo: { transactionId },
  meterValue: [{ timestamp: new Date(T0 + s * 1000).toISOString(), sampledValue: [
    { value: wh, measurand: 'Energy.Active.Import.Register' }, { value: w, measurand: 'Power.Active.Import' },
  ] }],
});

test('a reading is taken only when it carries the register, the power, a timestamp and a transaction', () => {
  const cases: Array<[string, string, unknown, unknown]> = [
    ['1.6 MeterValues', 'MeterValues', v16(3, 2, 12, 22_080), { transaction: '3', reading: { at: T0 + 2000, wh: 12, w: 22_080 } }],
    ['2.0.1 TransactionEvent', 'TransactionEvent', v201('tx-1', 0, 5, 11_040), { transaction: 'tx-1', reading: { at: T0, wh: 5, w: 11_040 } }],
    ['no power (a begin reading)', 'MeterValues', v16(3, 2, 12), undefined],
    ['no transaction', 'MeterValues', { ...v16(3, 2, 12, 100), transactionId: undefined }, undefined],
    ['another action', 'StatusNotification', v16(3, 2, 12, 100), undefined],
    ['not an object', 'MeterValues', null, undefined],
    ['a value that is no number', 'MeterValues', v16(3, 2, Number.NaN, 100), undefined],
    ['no timestamp', 'TransactionEvent', { ...v201('t', 0, 1, 1), meterValue: [{ sampledValue: [] }] }, undefined],
  ];
  for (const [name, action, payload, expected] of cases) assert.deepEqual(powerReadingOf(action, payload as Payload), expected, name);
});

test('pairs at the same power in one transaction are checked; a lower power twice in a row counts the charge point as limited', () => {
  const follow = new PowerFollow();
  // 22,080 W for 2 s is 12.27 Wh; 11,040 W for 2 s is 6.13 Wh (registers are whole Wh).
  const readings: Array<[string, Payload]> = [
    ['CP-1', v16(1, 0, 0, 22_080)], ['CP-1', v16(1, 2, 12, 22_080)], ['CP-1', v16(1, 4, 21, 11_040)],
    ['CP-1', v16(1, 6, 27, 11_040)], ['CP-1', v16(1, 8, 34, 11_040)],
    ['CP-2', v16(1, 0, 0, 22_080)], ['CP-2', v16(1, 2, 12, 22_080)], ['CP-2', v16(1, 4, 24, 22_080)],
  ];
  for (const [id, payload] of readings) follow.observe(id, 'MeterValues', payload);
  assert.deepEqual(follow.figures, { limited: 1, followed: 5, strayed: 0, straySamples: [] });
});

test('a register that does not follow the power is a stray, and a new transaction is not paired with the last', () => {
  const follow = new PowerFollow();
  follow.observe('CP-1', 'TransactionEvent', v201('a', 0, 0, 11_040));
  follow.observe('CP-1', 'TransactionEvent', v201('a', 2, 12, 11_040));
  follow.observe('CP-1', 'TransactionEvent', v201('b', 30, 12, 11_040));
  follow.observe('CP-1', 'TransactionEvent', v201('b', 32, 18, 11_040));
  assert.equal(follow.figures.strayed, 1);
  assert.equal(follow.figures.followed, 1);
  assert.deepEqual(follow.figures.straySamples, ['CP-1: 12 Wh in 2000 ms at 11040 W, expected 6.1 Wh']);
  assert.equal(follow.figures.limited, 0, 'the power never dropped');
});
