import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { describeStages, formatStages, MIN_TICK_MS, parseStages, stageAt, stagesDurationMs, stagesFromValue, stagesPeak, type Stage } from '../../src/runner/stages.js';

// The stage planner is pure: where a plan is at a given time, pinned by tables; the tick loop is
// driven by a manual clock, never by sleeping.

const PLAN = parseStages('30s:1000,5m:1000,30s:0');

test("k6's short form parses into stages of milliseconds and targets", () => {
  assert.deepEqual(PLAN, [{ durationMs: 30_000, target: 1000 }, { durationMs: 300_000, target: 1000 }, { durationMs: 30_000, target: 0 }]);
  assert.equal(stagesDurationMs(PLAN), 360_000);
  assert.equal(stagesPeak(PLAN), 1000);
  assert.equal(formatStages(PLAN), '30s:1000,300s:1000,30s:0');
  assert.equal(describeStages(PLAN), '0→1000 in 30s, hold 1000 for 5m00s, 1000→0 in 30s (6m00s)');
});

const AT: Array<[plan: string, elapsedMs: number, target: number, stage: number, nextInMs: number | undefined]> = [
  ['30s:1000,5m:1000,30s:0', 0, 0, 0, 30],
  ['30s:1000,5m:1000,30s:0', 29, 0, 0, 30],
  ['30s:1000,5m:1000,30s:0', 30, 1, 0, 30],
  ['30s:1000,5m:1000,30s:0', 15_000, 500, 0, 30],
  ['30s:1000,5m:1000,30s:0', 29_999, 999, 0, 1],
  ['30s:1000,5m:1000,30s:0', 30_000, 1000, 1, 300_000],
  ['30s:1000,5m:1000,30s:0', 100_000, 1000, 1, 230_000],
  ['30s:1000,5m:1000,30s:0', 330_000, 1000, 2, 30],
  ['30s:1000,5m:1000,30s:0', 330_001, 1000, 2, 30], // falling: stays until its whole place is gone
  ['30s:1000,5m:1000,30s:0', 330_030, 999, 2, 30],
  ['30s:1000,5m:1000,30s:0', 345_000, 500, 2, 30],
  ['30s:1000,5m:1000,30s:0', 360_000, 0, 3, undefined],
  ['30s:1000,5m:1000,30s:0', 999_999, 0, 3, undefined],
  ['30s:1000,5m:1000,30s:0', -5, 0, 0, 30],
  // Faster than the wheel: ticks every MIN_TICK_MS, several charge points a tick.
  ['1s:100000', 500, 50_000, 0, MIN_TICK_MS],
  // A stage of 0 ms jumps; the plan may end above 0 (the run stops them at its end).
  ['0s:50,10s:50', 0, 50, 1, 10_000],
  ['10s:10,0s:20,10s:20', 10_000, 20, 2, 10_000],
  ['10s:10,10s:30', 15_000, 20, 1, 500],
  ['10s:10', 10_000, 10, 1, undefined],
];

for (const [plan, elapsedMs, target, stage, nextInMs] of AT) {
  test(`plan ${plan} at ${elapsedMs} ms wants ${target} connected (stage ${stage}, next change in ${nextInMs ?? 'never'})`, () => {
    assert.deepEqual(stageAt(parseStages(plan), elapsedMs), { target, stage, nextInMs });
  });
}

const BAD: Array<[text: string, message: RegExp]> = [
  ['', /got nothing/],
  ['30s', /stage 1 must be DURATION:TARGET/],
  ['30s:1000,5x:0', /stage 2: '5x' is not a duration/],
  ['30s:-1', /stage 1: the target must be a whole number/],
  ['30s:1.5', /stage 1: the target must be a whole number/],
  ['30s:2000000', /from 0 to 1000000/],
  ['30s:0,10s:0', /every stage targets 0/],
  ['0s:10', /last 0 ms/],
];

for (const [text, message] of BAD) {
  test(`--stages '${text}' is refused with a message saying what is wrong`, () => {
    assert.throws(() => parseStages(text), message);
  });
}

test("a config file's stages may be k6's list form or its short form", () => {
  assert.deepEqual(stagesFromValue([{ duration: '30s', target: 10 }, { duration: '1m', target: 0 }]), [{ durationMs: 30_000, target: 10 }, { durationMs: 60_000, target: 0 }]);
  assert.deepEqual(stagesFromValue('1s:5'), [{ durationMs: 1000, target: 5 }]);
  assert.throws(() => stagesFromValue([{ duration: '30s' }]), /stage 1: the target/);
  assert.throws(() => stagesFromValue([7]), /stage 1 must be a mapping/);
  assert.throws(() => stagesFromValue(42), /must be a string/);
  assert.throws(() => stagesFromValue([]), /at least one stage/);
});

/** Runs the planner the way the fleet does, on a manual clock: tick, apply the target, wait nextInMs. */
function drive(stages: readonly Stage[]): { ticks: number; track: Array<[number, number]> } {
  const clock = new ManualScheduler();
  const track: Array<[number, number]> = [];
  let ticks = 0;
  const tick = (): void => {
    ticks++;
    const point = stageAt(stages, clock.now());
    if (track.at(-1)?.[1] !== point.target) track.push([clock.now(), point.target]);
    if (point.nextInMs !== undefined) clock.schedule(point.nextInMs, tick);
  };
  tick();
  clock.advance(stagesDurationMs(stages) + 1000);
  return { ticks, track };
}

test('driven on a clock, a ramp reaches every count in order and ends on time, with a bounded number of ticks', () => {
  const { ticks, track } = drive(parseStages('1s:100,2s:100,1s:0'));
  const rising = track.filter(([t]) => t < 1000).map(([, n]) => n);
  assert.deepEqual(rising, Array.from({ length: 100 }, (_, i) => i), 'one more every 10 ms');
  assert.deepEqual(track.find(([, n]) => n === 100), [1000, 100]);
  assert.deepEqual(track.at(-1), [4000, 0], 'the last one leaves as the plan ends');
  const falling = track.filter(([t]) => t > 3000).map(([, n]) => n);
  assert.deepEqual(falling, Array.from({ length: 100 }, (_, i) => 99 - i));
  // 100 + 1 + 100 changes, and the hold costs one tick, not one per 10 ms.
  assert.ok(ticks <= 205, `${ticks} ticks`);
});
