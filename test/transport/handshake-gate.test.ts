import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handshakeGate } from '../../src/transport/handshake-gate.js';

// The fleet's bound on handshakes in flight: pure promise logic, driven step by step by the test
// (each handshake is a promise the test settles, the gate's deferred refill is run by the test),
// no sockets and no clock.

/** A handshake the test settles by hand; `started` is set when the gate runs it. */
interface Handshake {
  name: string;
  started: boolean;
  fn: () => Promise<string>;
  succeed(): void;
  fail(): void;
}

function handshake(name: string, log: string[], throwAtStart = false): Handshake {
  let settle: { resolve: (v: string) => void; reject: (e: Error) => void } | undefined;
  const h: Handshake = {
    name, started: false,
    fn: () => {
      h.started = true;
      log.push(`start ${name}`);
      if (throwAtStart) throw new Error(`${name} threw`);
      return new Promise<string>((resolve, reject) => { settle = { resolve, reject }; });
    },
    succeed: () => settle?.resolve(name),
    fail: () => settle?.reject(new Error(`${name} failed`)),
  };
  return h;
}

/** Lets every pending promise reaction run. */
const reactions = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The gate's `defer` by hand: calls wait in `due` until the test runs them. */
function manualDefer(): { defer: (fn: () => void) => void; due: Array<() => void>; run: () => void } {
  const due: Array<() => void> = [];
  return { defer: (fn) => { due.push(fn); }, due, run: () => { for (const fn of due.splice(0)) fn(); } };
}

type Step =
  | ['succeed' | 'fail' | 'arrive', string] // settle a started handshake; a new caller comes to the gate
  | ['refill'] // run the gate's deferred refill (the fleet's next turn of the event loop)
  | ['expect', string[]] // the handshakes started so far, in order
  | ['deferred', number]; // refills waiting to run

const TABLE: Array<{ name: string; concurrency: number; handshakes: string[]; throwing?: string[]; steps: Step[] }> = [
  {
    name: 'one slot: strictly one after the other, in the order they came, each at the refill after the last settled',
    concurrency: 1, handshakes: ['a', 'b', 'c'],
    steps: [
      ['expect', ['start a']], ['succeed', 'a'], ['expect', ['start a']], ['deferred', 1], ['refill'], ['expect', ['start a', 'start b']],
      ['succeed', 'b'], ['refill'], ['expect', ['start a', 'start b', 'start c']],
    ],
  },
  {
    name: 'two slots: the first two start at once, the third when either settles',
    concurrency: 2, handshakes: ['a', 'b', 'c', 'd'],
    steps: [
      ['expect', ['start a', 'start b']], ['succeed', 'b'], ['refill'], ['expect', ['start a', 'start b', 'start c']],
      ['succeed', 'a'], ['refill'], ['expect', ['start a', 'start b', 'start c', 'start d']],
    ],
  },
  {
    name: 'slots freed in the same turn are refilled together by one deferred call, in the order the waiters came',
    concurrency: 3, handshakes: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    steps: [
      ['succeed', 'c'], ['fail', 'a'], ['succeed', 'b'], ['deferred', 1], ['expect', ['start a', 'start b', 'start c']],
      ['refill'], ['deferred', 0], ['expect', ['start a', 'start b', 'start c', 'start d', 'start e', 'start f']],
    ],
  },
  {
    name: 'a newcomer while a refill is due waits behind the queue',
    concurrency: 1, handshakes: ['a', 'b'],
    steps: [
      ['succeed', 'a'], ['arrive', 'c'], ['expect', ['start a']], ['refill'], ['expect', ['start a', 'start b']],
      ['succeed', 'b'], ['refill'], ['expect', ['start a', 'start b', 'start c']],
    ],
  },
  {
    name: 'a free slot with nobody waiting is taken at once, with no refill',
    concurrency: 1, handshakes: ['a'],
    steps: [['succeed', 'a'], ['deferred', 0], ['arrive', 'b'], ['expect', ['start a', 'start b']]],
  },
  {
    name: 'a failed handshake frees its slot like a successful one',
    concurrency: 1, handshakes: ['a', 'b'],
    steps: [['fail', 'a'], ['refill'], ['expect', ['start a', 'start b']]],
  },
  {
    name: 'a handshake that throws as it starts is a rejection and frees its slot',
    concurrency: 1, handshakes: ['a', 'b', 'c'], throwing: ['a'],
    steps: [['expect', ['start a']], ['refill'], ['expect', ['start a', 'start b']], ['succeed', 'b'], ['refill'], ['expect', ['start a', 'start b', 'start c']]],
  },
  {
    name: 'more slots than handshakes: all start at once',
    concurrency: 200, handshakes: ['a', 'b', 'c'],
    steps: [['expect', ['start a', 'start b', 'start c']]],
  },
];

for (const row of TABLE) {
  test(`handshake gate: ${row.name}`, async () => {
    const log: string[] = [];
    const deferred = manualDefer();
    const gate = handshakeGate(row.concurrency, deferred.defer);
    const all: Handshake[] = [];
    const outcomes = new Map<string, string>();
    const results: Array<Promise<void>> = [];
    const arrive = (name: string): void => {
      const h = handshake(name, log, row.throwing?.includes(name));
      all.push(h);
      results.push(gate(h.fn).then((value) => { outcomes.set(h.name, `ok ${value}`); }, (error: Error) => { outcomes.set(h.name, error.message); }));
    };
    for (const name of row.handshakes) arrive(name);
    for (const step of row.steps) {
      await reactions();
      if (step[0] === 'expect') assert.deepEqual(log, step[1]);
      else if (step[0] === 'deferred') assert.equal(deferred.due.length, step[1]);
      else if (step[0] === 'refill') deferred.run();
      else if (step[0] === 'arrive') arrive(step[1]);
      else {
        const target = all.find((h) => h.name === step[1]) as Handshake;
        if (step[0] === 'succeed') target.succeed();
        else target.fail();
      }
    }
    // The rest through to the end: every one started, each caller given its own handshake's outcome.
    for (let round = 0; round < all.length && outcomes.size < all.length; round++) {
      for (const h of all) h.succeed();
      await reactions();
      deferred.run();
      await reactions();
    }
    await Promise.all(results);
    for (const h of all) {
      const expected = row.throwing?.includes(h.name) ? `${h.name} threw` : row.steps.some((s) => s[0] === 'fail' && s[1] === h.name) ? `${h.name} failed` : `ok ${h.name}`;
      assert.equal(outcomes.get(h.name), expected, h.name);
    }
  });
}

test('handshake gate: never more running than the concurrency, 10,000 handshakes through 200 slots', async () => {
  const gate = handshakeGate(200);
  let running = 0;
  let most = 0;
  let done = 0;
  const results = Array.from({ length: 10_000 }, (_, i) => gate(async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => (i % 3 === 0 ? setImmediate(resolve) : queueMicrotask(() => resolve(undefined))));
    running--;
    done++;
    return i;
  }));
  const values = await Promise.all(results);
  assert.equal(done, 10_000);
  assert.equal(most, 200);
  assert.deepEqual(values.slice(0, 3), [0, 1, 2]);
});

test('handshake gate: a concurrency that is not a positive integer is refused at once', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => handshakeGate(bad), RangeError, String(bad));
});
