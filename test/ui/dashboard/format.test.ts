import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, fit, formatBytes, formatClock, formatCount, formatMs, formatRate, packItems, titleLine, wrap } from '../../../src/ui/dashboard/format.js';

// Pure formatting: fixed inputs, fixed text, and bounded widths so panels line up at 80 columns.

test('counts are grouped by thousands up to 999,999, then compact in at most 7 characters', () => {
  const cases: Array<[number, string]> = [
    [0, '0'], [7, '7'], [999, '999'], [1000, '1,000'], [12_345, '12,345'], [999_999, '999,999'],
    [1_000_000, '1.00M'], [1_234_567, '1.23M'], [12_345_678, '12.3M'], [123_456_789, '123M'], [2_500_000_000, '2.50G'], [NaN, '-'],
  ];
  for (const [n, text] of cases) {
    assert.equal(formatCount(n), text, `formatCount(${n})`);
    assert.ok(text.length <= 7);
  }
});

test('rates keep one decimal below 10 per second and stay within 6 characters', () => {
  const cases: Array<[number, string]> = [
    [0, '0'], [-3, '0'], [0.25, '0.3'], [4.5, '4.5'], [10, '10'], [1234.4, '1,234'], [99_999, '99,999'], [123_456, '123k'], [2_345_678, '2.3M'],
  ];
  for (const [n, text] of cases) {
    assert.equal(formatRate(n), text, `formatRate(${n})`);
    assert.ok(text.length <= 6);
  }
});

test('latencies pick their unit and precision so they never exceed 6 characters', () => {
  const cases: Array<[number, string]> = [
    [0, '0µs'], [0.45, '450µs'], [1, '1.00ms'], [4.5, '4.50ms'], [9.999, '10.0ms'], [45.64, '45.6ms'], [99.96, '100ms'],
    [456.4, '456ms'], [999.6, '1.00s'], [4560, '4.56s'], [45_600, '45.6s'], [125_000, '2m05s'], [-1, '-'], [Infinity, '-'],
  ];
  for (const [ms, text] of cases) {
    assert.equal(formatMs(ms), text, `formatMs(${ms})`);
    assert.ok(text.length <= 6);
  }
});

test('bytes are shown in binary units with about three significant digits', () => {
  const cases: Array<[number, string]> = [
    [0, '0 B'], [512, '512 B'], [2048, '2.00 KiB'], [9.5 * 1024 * 1024, '9.50 MiB'], [150 * 1024 * 1024, '150 MiB'], [1.25 * 1024 ** 3, '1.25 GiB'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, `formatBytes(${bytes})`);
});

test('elapsed time is m:ss, and h:mm:ss from an hour on', () => {
  const cases: Array<[number, string]> = [[-5, '0:00'], [0, '0:00'], [999, '0:00'], [12_500, '0:12'], [65_000, '1:05'], [3_600_000, '1:00:00'], [3_725_000, '1:02:05']];
  for (const [ms, text] of cases) assert.equal(formatClock(ms), text, `formatClock(${ms})`);
});

test('fit pads or cuts to the exact width, marking a cut with …; clip only cuts', () => {
  const cases: Array<[string, number, string]> = [['abc', 5, 'abc  '], ['abcdef', 4, 'abc…'], ['abc', 3, 'abc'], ['abc', 1, '…'], ['abc', 0, '']];
  for (const [text, width, out] of cases) assert.equal(fit(text, width), out, `fit(${text}, ${width})`);
  assert.equal(clip('abc', 5), 'abc');
  assert.equal(clip('abcdef', 4), 'abc…');
});

test('a title line fills its width with ─ after the title', () => {
  assert.equal(titleLine('Fleet', 14), '── Fleet ─────');
  assert.equal(titleLine('A very long title', 10), '── A very…');
  assert.equal(titleLine('Fleet', 80).length, 80);
});

test('wrap breaks between words and cuts a word longer than the width', () => {
  assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('  spaced   out  ', 20), ['spaced out']);
  assert.deepEqual(wrap('abcdefghijkl x', 5), ['abcd…', 'x']);
  assert.deepEqual(wrap('', 5), []);
});

test('packItems fills lines two spaces apart and counts what does not fit as "+N more"', () => {
  const items = ['alpha ×1', 'beta ×2', 'gamma ×3', 'delta ×4'];
  const cases: Array<[number, number, string[]]> = [
    [80, 2, ['alpha ×1  beta ×2  gamma ×3  delta ×4']],
    [20, 2, ['alpha ×1  beta ×2', 'gamma ×3  delta ×4']],
    [20, 1, ['alpha ×1  +3 more']],
    [17, 1, ['alpha ×1  +3 more']],
    [12, 1, ['+4 more']],
    [10, 3, ['alpha ×1', 'beta ×2', '+2 more']],
  ];
  for (const [width, maxLines, lines] of cases) {
    const packed = packItems(items, width, maxLines);
    assert.deepEqual(packed, lines, `width ${width}, ${maxLines} lines`);
    assert.ok(packed.every((l) => l.length <= width));
  }
  assert.deepEqual(packItems([], 20, 2), []);
});
