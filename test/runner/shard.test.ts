import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueCount } from '../../src/runner/ramp.js';
import { parseShard, shardDue, shardIndices } from '../../src/runner/shard.js';

test('a shard K/N holds exactly the global indices that are K modulo N', () => {
  const table: Array<[number, { index: number; total: number }, number[]]> = [
    [10, { index: 0, total: 1 }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [10, { index: 0, total: 3 }, [0, 3, 6, 9]],
    [10, { index: 1, total: 3 }, [1, 4, 7]],
    [10, { index: 2, total: 3 }, [2, 5, 8]],
    [2, { index: 3, total: 4 }, []],
    [5, { index: 4, total: 5 }, [4]],
  ];
  for (const [count, shard, expected] of table) assert.deepEqual(shardIndices(count, shard), expected, `${shard.index}/${shard.total} of ${count}`);
});

test('the shards of a fleet partition it: every index once', () => {
  for (const total of [1, 2, 3, 7]) {
    const all = Array.from({ length: total }, (_, index) => shardIndices(23, { index, total })).flat().sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 23 }, (_, i) => i), `${total} shards`);
  }
});

test('a shard starts its charge points when the whole fleet\'s ramp reaches their global index', () => {
  for (const total of [2, 3]) {
    for (let index = 0; index < total; index++) {
      for (let ms = 0; ms <= 2000; ms += 50) {
        const globalDue = dueCount(ms, 20, 10);
        const expected = shardIndices(20, { index, total }).filter((i) => i < globalDue).length;
        assert.equal(Math.min(shardDue(globalDue, { index, total }), shardIndices(20, { index, total }).length), expected, `${index}/${total} at ${ms} ms`);
      }
    }
  }
});

test('--shard text parses as K/N with 0 <= K < N and anything else is refused with the reason', () => {
  assert.deepEqual(parseShard('0/4'), { index: 0, total: 4 });
  assert.deepEqual(parseShard(' 3 / 4 '), { index: 3, total: 4 });
  for (const [text, reason] of [['4/4', /below N/], ['1/0', /at least 1/], ['a/2', /K\/N/], ['1', /K\/N/], ['-1/2', /K\/N/]] as const) {
    assert.throws(() => parseShard(text), reason, text);
  }
});
