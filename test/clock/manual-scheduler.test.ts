import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import type { Timer } from '../../src/clock/scheduler.js';

test('the manual clock starts where told and moves only when advanced', () => {
  const clock = new ManualScheduler(1000);
  assert.equal(clock.now(), 1000);
  clock.advance(250);
  assert.equal(clock.now(), 1250);
  assert.equal(new ManualScheduler().now(), 0);
});

test('callbacks run in time order, ties in the order they were scheduled, each at its own time', () => {
  const clock = new ManualScheduler(0);
  const ran: Array<[string, number]> = [];
  const at = (name: string) => () => { ran.push([name, clock.now()]); };
  clock.schedule(30, at('c'));
  clock.schedule(10, at('a'));
  clock.schedule(20, at('b1'));
  clock.schedule(20, at('b2'));
  clock.schedule(0, at('zero'));
  clock.schedule(-5, at('negative'));
  clock.advance(25);
  assert.deepEqual(ran, [['zero', 0], ['negative', 0], ['a', 10], ['b1', 20], ['b2', 20]]);
  assert.equal(clock.now(), 25);
  assert.equal(clock.pending, 1);
  clock.advance(5);
  assert.deepEqual(ran.at(-1), ['c', 30]);
  assert.equal(clock.pending, 0);
});

test('a callback does not run before its time', () => {
  const clock = new ManualScheduler(0);
  let ran = false;
  clock.schedule(100, () => { ran = true; });
  clock.advance(99);
  assert.equal(ran, false);
  clock.advance(1);
  assert.equal(ran, true);
});

test('cancel prevents a callback from running and calling it after the run does nothing', () => {
  const clock = new ManualScheduler(0);
  const ran: string[] = [];
  const cancelA = clock.schedule(10, () => ran.push('a'));
  const cancelB = clock.schedule(20, () => ran.push('b'));
  cancelA.cancel();
  assert.equal(clock.pending, 1);
  clock.advance(50);
  assert.deepEqual(ran, ['b']);
  cancelB.cancel();
  cancelA.cancel();
  assert.equal(clock.pending, 0);
});

test('callbacks scheduled while advancing run in the same advance when due within it', () => {
  const clock = new ManualScheduler(0);
  const ran: Array<[string, number]> = [];
  clock.schedule(10, () => {
    ran.push(['outer', clock.now()]);
    clock.schedule(5, () => ran.push(['inner', clock.now()]));
    clock.schedule(100, () => ran.push(['later', clock.now()]));
  });
  clock.schedule(12, () => ran.push(['twelve', clock.now()]));
  clock.advance(20);
  assert.deepEqual(ran, [['outer', 10], ['twelve', 12], ['inner', 15]]);
  clock.advance(100);
  assert.deepEqual(ran.at(-1), ['later', 110]);
});

test('a callback can cancel one due later in the same advance', () => {
  const clock = new ManualScheduler(0);
  const ran: string[] = [];
  let cancelLater: Timer | undefined;
  clock.schedule(5, () => { ran.push('first'); cancelLater?.cancel(); });
  cancelLater = clock.schedule(6, () => ran.push('cancelled'));
  clock.advance(10);
  assert.deepEqual(ran, ['first']);
});
