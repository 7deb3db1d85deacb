import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSummaries, type Verdict } from '../../src/report/compare.js';
import { buildSummaryDocument, type SummaryDocument } from '../../src/report/summary-document.js';
import { latencies, runResult, smallSamples } from './run-results.js';

// Documents built from really recorded samples: Heartbeat round trips of `n` samples at a scale.
function doc(n: number, seed: number, scaleMs: number): SummaryDocument {
  const samples = { ...smallSamples(seed), latency: { Heartbeat: latencies(n, seed, scaleMs) } };
  return buildSummaryDocument(runResult({ samples }), { config: {}, thresholds: [], toolVersion: '0.0.1' });
}

function verdicts(base: SummaryDocument, current: SummaryDocument): Record<string, Verdict> {
  const rows = compareSummaries(base, current).actions.find((a) => a.action === 'Heartbeat')?.rows ?? [];
  return Object.fromEntries(rows.filter((r) => r.label.startsWith('p')).map((r) => [r.label, r.verdict]));
}

test('compare marks a percentile only when its 95 % intervals part: a p99 of a few samples stays unmarked, however it moved', () => {
  // [what, BASE (n, seed, scale), NEW (n, seed, scale), expected verdicts of p50, p90, p95, p99]
  const cases: Array<[string, [number, number, number], [number, number, number], [Verdict, Verdict, Verdict, Verdict]]> = [
    ['20 samples, three times slower: the p90, p95 and p99 intervals are open above', [20, 1, 5], [20, 2, 15], ['worse', 'same', 'same', 'same']],
    ['2,000 samples, three times slower', [2000, 1, 5], [2000, 2, 15], ['worse', 'worse', 'worse', 'worse']],
    ['2,000 samples, three times faster', [2000, 1, 15], [2000, 2, 5], ['better', 'better', 'better', 'better']],
    ['2,000 samples of one distribution', [2000, 1, 5], [2000, 2, 5], ['same', 'same', 'same', 'same']],
  ];
  for (const [what, [bn, bs, bscale], [cn, cs, cscale], [p50, p90, p95, p99]] of cases) {
    assert.deepEqual(verdicts(doc(bn, bs, bscale), doc(cn, cs, cscale)), { p50, p90, p95, p99 }, what);
  }
});
