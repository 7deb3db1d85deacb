import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoAt, nowIso } from '../../src/clock/now-iso.js';

// The stamp of a millisecond is made once and reused while the millisecond lasts; every stamp is
// exactly what Date#toISOString gives for that millisecond. Times are given, not read from a clock.

const CASES: Array<{ name: string; ms: number; iso: string }> = [
  { name: 'the epoch', ms: 0, iso: '1970-01-01T00:00:00.000Z' },
  { name: 'the last millisecond of a year', ms: Date.UTC(2026, 11, 31, 23, 59, 59, 999), iso: '2026-12-31T23:59:59.999Z' },
  { name: 'the first millisecond of the next', ms: Date.UTC(2027, 0, 1), iso: '2027-01-01T00:00:00.000Z' },
  { name: 'a leap day', ms: Date.UTC(2028, 1, 29, 12, 0, 0, 5), iso: '2028-02-29T12:00:00.005Z' },
  { name: 'the same millisecond again after another', ms: Date.UTC(2026, 11, 31, 23, 59, 59, 999), iso: '2026-12-31T23:59:59.999Z' },
];

for (const { name, ms, iso } of CASES) {
  test(`isoAt of ${name} is ${iso}, the same as Date#toISOString`, () => {
    assert.equal(isoAt(ms), iso);
    assert.equal(isoAt(ms), new Date(ms).toISOString());
  });
}

test('within one millisecond the stamp is the one string made for it; the next millisecond gets its own', () => {
  const ms = Date.UTC(2026, 11, 8, 10, 0, 0, 123);
  const first = isoAt(ms);
  assert.equal(first, '2026-12-08T10:00:00.123Z');
  assert.equal(isoAt(ms), first);
  assert.equal(isoAt(ms + 1), '2026-12-08T10:00:00.124Z', 'a millisecond later is not served the old stamp');
  assert.equal(isoAt(ms), first, 'and going back gives the right stamp again');
});

test('without a time it stamps now', () => {
  const before = Date.now();
  const stamp = Date.parse(nowIso());
  assert.ok(stamp >= before && stamp <= Date.now(), `${stamp} within [${before}, now]`);
});
