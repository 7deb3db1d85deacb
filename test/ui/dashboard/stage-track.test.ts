import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStages } from '../../../src/runner/stages.js';
import { observedColumns, plannedColumns, STAGE_BUCKETS, StageTrack } from '../../../src/ui/dashboard/stage-track.js';

// 0→100 in 10 s, hold 100 for 10 s, 100→0 in 10 s: 30 s in all.
const PLAN = parseStages('10s:100,10s:100,10s:0');
const seen = (open: number, accepted = open) => ({ open, accepted });

test('the plan clock follows the dashboard clock less the time the ramp was paused (from the first paused poll to the first running one)', () => {
  const track = new StageTrack(PLAN);
  // [elapsed ms, paused, expected plan ms, expected stage, expected planned]
  const polls: Array<[number, boolean, number, number, number]> = [
    [0, false, 0, 0, 0],
    [5_000, false, 5_000, 0, 50],
    [6_000, true, 6_000, 0, 60],
    [9_000, true, 6_000, 0, 60],
    [10_000, false, 6_000, 0, 60],
    [15_000, false, 11_000, 1, 100],
    [27_000, false, 23_000, 2, 70],
    [40_000, false, 36_000, 3, 0],
  ];
  for (const [elapsed, paused, planMs, stage, planned] of polls) {
    const view = track.observe(elapsed, paused, seen(1));
    assert.deepEqual({ planMs: view.planMs, stage: view.stage, planned: view.planned }, { planMs, stage, planned }, `poll at ${elapsed} ms${paused ? ' (paused)' : ''}`);
  }
});

test('each stage end keeps the first poll at or after it; later polls do not overwrite it', () => {
  const track = new StageTrack(PLAN);
  track.observe(9_500, false, seen(95));
  let view = track.observe(10_200, false, seen(99, 97));
  assert.deepEqual(view.ends, [seen(99, 97), null, null]);
  view = track.observe(10_700, false, seen(100));
  assert.deepEqual(view.ends[0], seen(99, 97));
  view = track.observe(31_000, false, seen(0));
  assert.deepEqual(view.ends, [seen(99, 97), seen(0), seen(0)], 'one late poll closes every stage it passed');
  assert.equal(view.stage, 3);
});

test('memory is bounded: STAGE_BUCKETS slices whatever the number of polls', () => {
  const track = new StageTrack(parseStages('1h:10000'));
  let view = track.observe(0, false, seen(0));
  for (let ms = 0; ms <= 3_600_000; ms += 250) view = track.observe(ms, false, seen(Math.floor(ms / 360)));
  assert.equal(view.buckets.length, STAGE_BUCKETS);
  assert.ok(view.buckets.every((b) => b !== undefined));
});

test('planned columns follow the plan; observed columns hold what was seen, carried over short slices, blank ahead of now', () => {
  assert.deepEqual(plannedColumns({ stages: PLAN, totalMs: 30_000 }, 6), [50, 100, 100, 100, 50, 0]);
  const track = new StageTrack(PLAN);
  track.observe(1_000, false, seen(9));
  track.observe(4_000, false, seen(38));
  const view = track.observe(12_000, false, seen(100));
  // 6 columns of 5 s: the first holds the latest poll in it (4 s), the second none (carried), the third the 12 s poll.
  assert.deepEqual(observedColumns(view, 6, (o) => o.open), [38, 38, 100, undefined, undefined, undefined]);
  assert.deepEqual(observedColumns(view, 0, (o) => o.open), []);
});
