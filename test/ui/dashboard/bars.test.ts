import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bar } from '../../../src/ui/dashboard/bars.js';

test('a bar is exactly as wide as asked, in eighths of a cell, padded with the track', () => {
  const cases: Array<[fraction: number, width: number, track: string | undefined, out: string]> = [
    [0, 4, undefined, '    '],
    [1, 4, undefined, '████'],
    [0.5, 4, undefined, '██  '],
    [0.5, 3, undefined, '█▌ '],
    [0.25, 1, undefined, '▎'],
    [1 / 16, 4, '░', '▎░░░'],
    [0.001, 4, undefined, '▏   '],
    [1.7, 3, undefined, '███'],
    [-1, 3, '·', '···'],
    [NaN, 2, undefined, '  '],
    [0.5, 0, undefined, ''],
  ];
  for (const [fraction, width, track, out] of cases) {
    const drawn = bar(fraction, width, track);
    assert.equal(drawn, out, `bar(${fraction}, ${width})`);
    assert.equal(drawn.length, Math.max(0, width));
  }
});

test('any non-zero share shows at least a sliver, so it reads without colour', () => {
  assert.notEqual(bar(1 / 5000, 56).trim(), '');
  assert.equal(bar(0, 56).trim(), '');
});
