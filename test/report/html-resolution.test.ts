import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolutionOf } from '../../src/report/html/page.js';
import { buildSummaryDocument } from '../../src/report/summary-document.js';
import { runResult, smallSamples } from './run-results.js';

test('the HTML report names its resolution: report html --interval, else the run\'s --interval, else the spacing of its intervals', () => {
  const doc = (config: Record<string, unknown>) => buildSummaryDocument(runResult({ samples: smallSamples(1) }), { config, thresholds: [], toolVersion: '0.0.1' });
  // [what, the run's settings, report html --interval (s), interval end times (s), expected]
  const cases: Array<[string, Record<string, unknown>, number | undefined, number[], string]> = [
    ['the run\'s 1s intervals, the first a little long', { interval: '1s' }, undefined, [1, 2.1, 3.1], 'intervals of 1s'],
    ['100 ms intervals (they read "0 s" once)', { interval: '100ms' }, undefined, [0.1, 0.2, 0.3], 'intervals of 100ms'],
    ['merged into minutes by report html', { interval: '1s' }, 60, [60, 120], 'intervals of 1m00s'],
    ['an unreachable run: one interval, its setting', { interval: '10s' }, undefined, [0], 'intervals of 10s'],
    ['a summary without the setting', {}, undefined, [10, 20, 30], 'intervals of 10s'],
    ['a summary without the setting, one interval', {}, undefined, [0], 'one interval'],
  ];
  for (const [what, config, intervalSeconds, t, expected] of cases) assert.equal(resolutionOf(doc(config), intervalSeconds, t), expected, what);
});
