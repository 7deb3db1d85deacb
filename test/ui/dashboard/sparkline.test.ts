import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sparkline } from '../../../src/ui/dashboard/sparkline.js';

test('a sparkline draws one tick per value, scaled to the largest', () => {
  const cases: Array<[values: Array<number | undefined>, max: number | undefined, out: string]> = [
    [[0, 1, 2, 3, 4, 5, 6, 7], undefined, '▁▂▃▄▅▆▇█'],
    [[0, 0, 0], undefined, '▁▁▁'],
    [[undefined, undefined, 5, 10], undefined, '  ▅█'],
    [[1, 1000], undefined, '▂█'],
    [[5, 10], 20, '▃▅'],
    [[50], 10, '█'],
    [[], undefined, ''],
  ];
  for (const [values, max, out] of cases) assert.equal(sparkline(values, max), out, JSON.stringify(values));
});
