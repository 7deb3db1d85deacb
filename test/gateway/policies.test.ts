import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXP_CAP_FACTOR, bootPicker, parseBootPolicy, parseDelaySpec, sampleDelay } from '../../src/gateway/policies.js';
import { createRandom } from '../../src/gateway/prng.js';

test('boot policies parse from a status or weights; anything else is a problem naming the text', () => {
  assert.equal(parseBootPolicy('Pending'), 'Pending');
  assert.deepEqual(parseBootPolicy('Accepted:90,Pending:10'), { Accepted: 90, Pending: 10 });
  assert.deepEqual(parseBootPolicy(' Accepted : 1 , Rejected:2.5 '), { Accepted: 1, Rejected: 2.5 });
  for (const bad of ['accepted', 'Accepted:', 'Accepted:-1', 'Maybe:3', 'Accepted:0,Pending:0', '']) {
    const parsed = parseBootPolicy(bad);
    assert.ok(typeof parsed === 'string' && !['Accepted', 'Pending', 'Rejected'].includes(parsed), bad);
  }
});

test('delays parse as fixed, uniform or exponential', () => {
  const cases: Array<[string, unknown]> = [
    ['250ms', { kind: 'fixed', ms: 250 }],
    ['fixed:2s', { kind: 'fixed', ms: 2000 }],
    ['uniform:100ms-500ms', { kind: 'uniform', minMs: 100, maxMs: 500 }],
    ['exp:200ms', { kind: 'exp', meanMs: 200 }],
  ];
  for (const [text, spec] of cases) assert.deepEqual(parseDelaySpec(text), spec, text);
  for (const bad of ['uniform:500ms-100ms', 'uniform:100ms', 'normal:1s', 'exp:', 'soon']) assert.equal(typeof parseDelaySpec(bad), 'string', bad);
});

test('a seeded PRNG replays its sequence; weighted boots and exponential delays follow their parameters', () => {
  const a = createRandom(5);
  const b = createRandom(5);
  const seqA = Array.from({ length: 5 }, a);
  assert.deepEqual(Array.from({ length: 5 }, b), seqA);
  assert.notDeepEqual(Array.from({ length: 5 }, createRandom(6)), seqA);
  const pick = bootPicker({ Accepted: 9, Rejected: 1 }, createRandom(1));
  const picks = Array.from({ length: 10_000 }, pick);
  const rejected = picks.filter((s) => s === 'Rejected').length;
  assert.ok(rejected > 800 && rejected < 1200, `${rejected} Rejected of 10000`);
  assert.ok(!picks.includes('Pending'));
  const random = createRandom(2);
  const delays = Array.from({ length: 10_000 }, () => sampleDelay({ kind: 'exp', meanMs: 100 }, random));
  const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
  assert.ok(mean > 90 && mean < 110, `mean ${mean.toFixed(1)} ms`);
  assert.ok(Math.max(...delays) <= EXP_CAP_FACTOR * 100);
});
