import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import formatsModule from 'ajv-formats/dist/formats.js';
import { fastDateTime } from '../../src/protocol/date-time-format.js';
import { validatorFor } from '../../src/protocol/validator.js';

// The validator's date-time check gives ajv-formats' full RFC 3339 answer for every string; only
// canonical UTC timestamps take the allocation-free path.

const full = (formatsModule.fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;
let fullCalls = 0;
const check = fastDateTime((value) => { fullCalls++; return full(value); });

const TABLE: Array<[value: string, valid: boolean, fast: boolean]> = [
  ['2026-12-07T06:18:39.123Z', true, true],
  ['2026-12-07T06:18:39Z', true, true],
  ['2024-02-29T00:00:00Z', true, true], // leap year
  ['2023-02-29T00:00:00Z', false, false], // not a leap year: decided by the full check
  ['2000-02-29T23:59:59.999999Z', true, true],
  ['1900-02-29T00:00:00Z', false, false],
  ['2026-04-31T00:00:00Z', false, false],
  ['2026-13-01T00:00:00Z', false, false],
  ['2026-00-10T00:00:00Z', false, false],
  ['2026-01-00T00:00:00Z', false, false],
  ['2026-01-01T24:00:00Z', false, false],
  ['2026-01-01T23:60:00Z', false, false],
  ['2016-12-31T23:59:60Z', true, false], // leap second: the full check's rule
  ['2026-01-01T00:00:00+02:00', true, false], // offsets: full check
  ['2026-01-01t00:00:00z', true, false],
  ['2026-01-01 00:00:00Z', true, false],
  ['2026-01-01T00:00:00', false, false], // no time zone
  ['2026-01-01T00:00:00.Z', false, false],
  ['', false, false],
  ['not a date', false, false],
];

test('a table of timestamps: the same answer as the full check, canonical UTC ones without calling it', () => {
  for (const [value, valid, fast] of TABLE) {
    fullCalls = 0;
    assert.equal(check(value), valid, value);
    assert.equal(full(value), valid, `${value} (full check)`);
    assert.equal(fullCalls === 0, fast, `${value}: ${fast ? 'fast path' : 'full check'}`);
  }
});

test('property: for generated timestamps and near-misses the answer is always the full check\'s', () => {
  const two = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
  const stamp = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(19), two(39), two(29), two(69), two(69),
    fc.option(fc.stringMatching(/^\.\d{1,9}$/), { nil: '' }), fc.constantFrom('Z', 'z', '+01:00', '-23:59', '+24:00', '', 'Z ', '+0100'), fc.constantFrom('T', 't', ' ', 'X'))
    .map(([y, mo, d, h, mi, s, frac, zone, sep]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${zone}`);
  fc.assert(fc.property(fc.oneof(stamp, fc.string()), (value) => check(value) === full(value)), { numRuns: 20_000 });
});

test('the validator uses it: a Heartbeat answer with a canonical or an impossible time', () => {
  const v = validatorFor('ocpp1.6');
  assert.doesNotThrow(() => v.validate('Heartbeat', 'conf', { currentTime: '2026-12-07T06:18:39.123Z' }));
  assert.throws(() => v.validate('Heartbeat', 'conf', { currentTime: '2023-02-29T00:00:00Z' }), /date-time/);
  assert.doesNotThrow(() => v.validate('Heartbeat', 'conf', { currentTime: '2026-12-07T07:18:39+01:00' }));
});
