import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimerWheel } from '../../src/clock/timer-wheel.js';
import { deferred, withTimeout } from '../helpers/wait.js';

// The wheel wraps setTimeout, so these tests wait for real, each well under 100 ms.

test('the wheel clock is monotonic milliseconds', () => {
  const wheel = new TimerWheel();
  const a = wheel.now();
  const b = wheel.now();
  assert.ok(b >= a);
  assert.ok(Math.abs(a - performance.now()) < 50);
});

test('callbacks fire no earlier than their delay, and at most about one resolution late', async () => {
  const wheel = new TimerWheel(5);
  const fired: Array<{ name: string; late: number }> = [];
  const all = deferred();
  // Delays at least two resolutions apart, so each lands in its own bucket (order within one is not promised).
  const delays: Array<[string, number]> = [['a', 36], ['b', 12], ['c', 0], ['d', 24]];
  for (const [name, delay] of delays) {
    const due = wheel.now() + delay;
    wheel.schedule(delay, () => {
      fired.push({ name, late: wheel.now() - due });
      if (fired.length === delays.length) all.resolve();
    });
  }
  try {
    await withTimeout(all.promise, 1000, 'all callbacks');
  } finally {
    wheel.clear();
  }
  assert.deepEqual(fired.map((f) => f.name), ['c', 'b', 'd', 'a'], 'in time order');
  for (const { name, late } of fired) {
    assert.ok(late >= 0, `${name} fired ${-late} ms early`);
    // Generous bound: resolution plus event-loop slack on a busy CI machine.
    assert.ok(late < 5 + 80, `${name} fired ${late} ms late`);
  }
  assert.equal(wheel.pending, 0);
});

test('a cancelled callback never fires and pending counts only live entries', async () => {
  const wheel = new TimerWheel(5);
  const fired: string[] = [];
  const done = deferred();
  const cancelA = wheel.schedule(10, () => fired.push('a'));
  wheel.schedule(15, () => fired.push('b'));
  const cancelC = wheel.schedule(20, () => fired.push('c'));
  wheel.schedule(40, () => { fired.push('d'); done.resolve(); });
  assert.equal(wheel.pending, 4);
  cancelA.cancel();
  assert.equal(wheel.pending, 3);
  cancelA.cancel();
  assert.equal(wheel.pending, 3, 'cancelling twice counts once');
  cancelC.cancel();
  assert.equal(wheel.pending, 2);
  try {
    await withTimeout(done.promise, 1000, 'the last callback');
  } finally {
    wheel.clear();
  }
  assert.deepEqual(fired, ['b', 'd']);
  assert.equal(wheel.pending, 0);
});

test('cancelling every entry leaves no timer armed', async () => {
  const wheel = new TimerWheel(5);
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const cancels = [wheel.schedule(20, () => assert.fail('cancelled')), wheel.schedule(30, () => assert.fail('cancelled'))];
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before + 1, 'one timer for many entries');
  for (const timer of cancels) timer.cancel();
  assert.equal(wheel.pending, 0);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before);
});

test('clear() drops every entry and the timer, so nothing fires and nothing keeps the process alive', async () => {
  const wheel = new TimerWheel(5);
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  let fired = 0;
  for (let i = 0; i < 100; i++) wheel.schedule(5 + (i % 20), () => { fired++; });
  assert.equal(wheel.pending, 100);
  wheel.clear();
  assert.equal(wheel.pending, 0);
  assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, before, 'no timer left');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(fired, 0);
});

test('a callback may schedule another, which fires later', async () => {
  const wheel = new TimerWheel(5);
  const done = deferred<number>();
  const start = wheel.now();
  wheel.schedule(10, () => { wheel.schedule(10, () => done.resolve(wheel.now() - start)); });
  try {
    const elapsed = await withTimeout(done.promise, 1000, 'the chained callback');
    assert.ok(elapsed >= 20, `fired after ${elapsed} ms, expected at least 20`);
  } finally {
    wheel.clear();
  }
});

test('calls whose timeout checks are all cancelled before they are due leave nothing behind, round after round', () => {
  // The gateway's pattern: a batch of CALLs each schedules a 30 s check; every one is answered
  // (the check cancelled) long before it is due, so the wheel never fires.
  const wheel = new TimerWheel(10);
  for (let round = 0; round < 50; round++) {
    const checks = Array.from({ length: 100 }, () => wheel.schedule(30_000, () => {}));
    for (const check of checks) check.cancel();
  }
  assert.equal(wheel.pending, 0);
  assert.equal(wheel.held, 0, 'no cancelled entry is kept once none is live');
});

test('cancelled entries behind a live one are held only until their bucket is due', async () => {
  const wheel = new TimerWheel(10);
  let fired = 0;
  wheel.schedule(60_000, () => {});
  for (let i = 0; i < 100; i++) wheel.schedule(20, () => {}).cancel();
  wheel.schedule(30, () => { fired++; });
  assert.equal(wheel.held, 102);
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(fired, 1);
  assert.equal(wheel.held, 1, 'only the live 60 s entry is left');
  wheel.clear();
});

test('a delay beyond setTimeout\'s 24.8 days neither fires early nor wakes the wheel every millisecond', async () => {
  // Node turns a longer setTimeout into 1 ms, warning each time: the wheel would re-arm in a loop.
  const overflows: Error[] = [];
  const onWarning = (warning: Error): void => { if (warning.name === 'TimeoutOverflowWarning') overflows.push(warning); };
  process.on('warning', onWarning);
  const wheel = new TimerWheel(5);
  let fired = false;
  const far = wheel.schedule(30 * 86_400_000, () => { fired = true; });
  const near = deferred();
  wheel.schedule(60, () => near.resolve());
  try {
    await withTimeout(near.promise, 10_000, 'the near timer never fired');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fired, false);
    assert.deepEqual(overflows.map((w) => w.message), []);
  } finally {
    far.cancel();
    process.off('warning', onWarning);
  }
});
