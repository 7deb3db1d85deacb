import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../../src/clock/manual-scheduler.js';
import { AcceptedBatch, type Accepted } from '../../../src/gateway/cluster/accepted-batch.js';

// A gateway worker tells the primary the ids it accepted in batches, not one IPC message per
// connection: a batch goes maxMs after its first id, or at once when full. Injected clock.

type Step = [atMs: number, id: string | 'send'];
const CASES: Array<[name: string, steps: Step[], untilMs: number, batches: Array<[sentAtMs: number, ids: string[]]>]> = [
  ['one id goes 20 ms after it came', [[0, 'A']], 100, [[20, ['A']]]],
  ['ids within 20 ms of the first go together, in order', [[0, 'B'], [19, 'A']], 100, [[20, ['B', 'A']]]],
  ['an id after a batch left starts the next one', [[0, 'A'], [25, 'B'], [30, 'C']], 100, [[20, ['A']], [45, ['B', 'C']]]],
  ['a full batch (3 here) goes at once, the rest on time', [[0, 'A'], [1, 'B'], [2, 'C'], [3, 'D']], 100, [[2, ['A', 'B', 'C']], [23, ['D']]]],
  ['send() hands over what is held, and the timer no longer fires', [[0, 'A'], [4, 'send']], 100, [[4, ['A']]]],
  ['send() with nothing held sends nothing', [[0, 'send']], 100, []],
  ['nothing accepted, nothing sent', [], 100, []],
];

for (const [name, steps, untilMs, expected] of CASES) {
  test(`accepted ids in batches: ${name}`, () => {
    const clock = new ManualScheduler();
    const sent: Array<[number, string[]]> = [];
    const batch = new AcceptedBatch(clock, (list: Accepted[]) => sent.push([clock.now(), list.map(([id]) => id)]), 20, 3);
    for (const [at, id] of steps) {
      clock.advance(at - clock.now());
      if (id === 'send') batch.send();
      else batch.add(id, 1_000 + at);
    }
    clock.advance(untilMs - clock.now());
    assert.deepEqual(sent, expected);
  });
}

test('each accepted id keeps its own time', () => {
  const clock = new ManualScheduler();
  const sent: Accepted[][] = [];
  const batch = new AcceptedBatch(clock, (list) => sent.push(list), 20, 10);
  batch.add('A', 111);
  batch.add('B', 222);
  clock.advance(20);
  assert.deepEqual(sent, [[['A', 111], ['B', 222]]]);
});
