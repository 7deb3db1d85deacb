import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyStageReports, mergeStageReports } from '../../src/runner/stage-report.js';
import { parseStages } from '../../src/runner/stages.js';

const PLAN = parseStages('1s:10,2s:10,1s:0');

test('an empty report lists each stage with its end and nothing measured yet', () => {
  assert.deepEqual(emptyStageReports(PLAN), [
    { durationMs: 1000, target: 10, endsAtMs: 1000, connected: null, accepted: null },
    { durationMs: 2000, target: 10, endsAtMs: 3000, connected: null, accepted: null },
    { durationMs: 1000, target: 0, endsAtMs: 4000, connected: null, accepted: null },
  ]);
});

test("the shards' counts at each stage end are summed; a stage a shard did not reach stays unknown", () => {
  const a = emptyStageReports(PLAN).map((s, i) => ({ ...s, connected: [4, 5, 0][i] as number, accepted: [3, 5, 0][i] as number }));
  const b = emptyStageReports(PLAN).map((s, i) => (i < 2 ? { ...s, connected: 5, accepted: 5 } : s));
  assert.deepEqual(mergeStageReports([a, b]).map((s) => [s.connected, s.accepted]), [[9, 8], [10, 10], [null, null]]);
  assert.deepEqual(mergeStageReports([]), []);
  assert.throws(() => mergeStageReports([a, a.slice(1)]), /different plans/);
});
