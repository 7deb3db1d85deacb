import { test } from 'node:test';
import assert from 'node:assert/strict';
import { supersedes, type Holder } from '../../../src/gateway/cluster/newest-wins.js';

// Which of two connections of one charge point id, on two gateway workers, survives.

test('the newest connection wins; in the same millisecond the higher worker index wins', () => {
  const cases: Array<[name: string, a: Holder, b: Holder, aWins: boolean]> = [
    ['a accepted later', { at: 1_001, worker: 1 }, { at: 1_000, worker: 2 }, true],
    ['a accepted earlier', { at: 1_000, worker: 2 }, { at: 1_001, worker: 1 }, false],
    ['same millisecond, a on the higher worker', { at: 1_000, worker: 3 }, { at: 1_000, worker: 2 }, true],
    ['same millisecond, a on the lower worker', { at: 1_000, worker: 1 }, { at: 1_000, worker: 2 }, false],
  ];
  for (const [name, a, b, aWins] of cases) assert.equal(supersedes(a, b), aWins, name);
});

test('of two connections on different workers exactly one survives, whichever worker decides', () => {
  // Each worker closes its own connection when the other's supersedes it; never both, never neither.
  for (const at of [999, 1_000, 1_001]) {
    for (const worker of [1, 2, 3]) {
      const mine: Holder = { at: 1_000, worker: 2 };
      const theirs: Holder = { at, worker };
      if (worker === mine.worker) continue;
      const closed = [supersedes(theirs, mine), supersedes(mine, theirs)].filter(Boolean).length;
      assert.equal(closed, 1, `theirs at ${at} on worker ${worker}`);
    }
  }
});
