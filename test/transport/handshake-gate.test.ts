import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handshakeGate } from '../../src/transport/handshake-gate.js';

// The fleet's bound on handshakes in flight: pure promise logic, driven step by step by the test
// (each handshake is a promise the test settles), no sockets and no clock.

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
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type Step = ['succeed' | 'fail', string] | ['expect', string[]];

const TABLE: Array<{ name: string; concurrency: number; handshakes: string[]; throwing?: string[]; steps: Step[] }> = [
  {
    name: 'one slot: strictly one after the other, in the order they came',
    concurrency: 1, handshakes: ['a', 'b', 'c'],
    steps: [['expect', ['start a']], ['succeed', 'a'], ['expect', ['start a', 'start b']], ['succeed', 'b'], ['expect', ['start a', 'start b', 'start c']]],
  },
  {
    name: 'two slots: the first two start at once, the third when either settles',
    concurrency: 2, handshakes: ['a', 'b', 'c', 'd'],
    steps: [['expect', ['start a', 'start b']], ['succeed', 'b'], ['expect', ['start a', 'start b', 'start c']], ['succeed', 'a'], ['expect', ['start a', 'start b', 'start c', 'start d']]],
  },
  {
    name: 'a failed handshake frees its slot like a successful one',
    concurrency: 1, handshakes: ['a', 'b'],
    steps: [['fail', 'a'], ['expect', ['start a', 'start b']]],
  },
  {
    name: 'a handshake that throws as it starts is a rejection and frees its slot',
    concurrency: 1, handshakes: ['a', 'b', 'c'], throwing: ['a'],
    steps: [['expect', ['start a', 'start b']], ['succeed', 'b'], ['expect', ['start a', 'start b', 'start c']]],
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
    const gate = handshakeGate(row.concurrency);
    const all = row.handshakes.map((name) => handshake(name, log, row.throwing?.includes(name)));
    const outcomes = new Map<string, string>();
    const results = all.map((h) => gate(h.fn).then((value) => { outcomes.set(h.name, `ok ${value}`); }, (error: Error) => { outcomes.set(h.name, error.message); }));
    for (const step of row.steps) {
      await turn();
      if (step[0] === 'expect') assert.deepEqual(log, step[1]);
      else {
        const target = all.find((h) => h.name === step[1]) as Handshake;
        if (step[0] === 'succeed') target.succeed();
        else target.fail();
      }
    }
    for (const h of all) h.succeed();
    await turn();
    for (const h of all) h.succeed();
    await Promise.all(results);
    // Every caller got its own handshake's outcome.
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
