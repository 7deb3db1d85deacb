import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedKeys, MAX_KEY_LENGTH, MAX_KEYS, OTHER_KEY, nullRecord } from '../../src/metrics/bounded-keys.js';
import { Recorder } from '../../src/metrics/recorder.js';

const cases: Array<{ name: string; held: string[]; value: string; key: string }> = [
  { name: 'a new short name while there is room', held: [], value: 'Heartbeat', key: 'Heartbeat' },
  { name: 'a name already held, even when full', held: ['A', 'B'], value: 'B', key: 'B' },
  { name: 'a new name once the count cap is reached', held: ['A', 'B'], value: 'C', key: OTHER_KEY },
  { name: `a name of exactly the length cap`, held: [], value: 'x'.repeat(10), key: 'x'.repeat(10) },
  { name: 'a name one character past the length cap', held: [], value: 'x'.repeat(11), key: OTHER_KEY },
  { name: 'toString', held: [], value: 'toString', key: OTHER_KEY },
  { name: 'constructor', held: [], value: 'constructor', key: OTHER_KEY },
  { name: '__proto__', held: [], value: '__proto__', key: OTHER_KEY },
  { name: 'hasOwnProperty', held: [], value: 'hasOwnProperty', key: OTHER_KEY },
  { name: 'the other key itself', held: [], value: OTHER_KEY, key: OTHER_KEY },
  { name: 'an empty name', held: [], value: '', key: '' },
];

for (const { name, held, value, key } of cases) {
  test(`BoundedKeys (2 keys of at most 10 characters) counts ${name} under ${JSON.stringify(key)}`, () => {
    const keys = new BoundedKeys(2, 10);
    for (const h of held) keys.key(h);
    assert.equal(keys.key(value), key);
    assert.ok(keys.size <= 2);
  });
}

test('BoundedKeys defaults to MAX_KEYS names of MAX_KEY_LENGTH characters', () => {
  const keys = new BoundedKeys();
  assert.equal(keys.maxKeys, MAX_KEYS);
  assert.equal(keys.maxKeyLength, MAX_KEY_LENGTH);
});

test('a null record reads no inherited property and takes __proto__ as a plain key', () => {
  const record = nullRecord<number>();
  assert.equal(record.toString, undefined);
  record['__proto__'] = 1;
  assert.deepEqual(Object.keys(record), ['__proto__']);
});

test('the recorder counts a peer\'s prototype names and 20,000 made-up actions in at most MAX_KEYS keys, totals exact', () => {
  const recorder = new Recorder();
  const names = ['toString', 'constructor', '__proto__', 'A'.repeat(65_536), ...Array.from({ length: 20_000 }, (_, i) => `Action${i}`)];
  for (const action of names) {
    recorder.callReceived(action);
    recorder.callSent(action);
    recorder.callSettled(action, 'error', 5, `Code${action.slice(0, 20)}`);
  }
  recorder.disconnected(4999);
  const snap = recorder.snapshot();
  for (const counts of [snap.sent, snap.received, snap.inbound, snap.latency]) {
    assert.ok(Object.keys(counts).length <= MAX_KEYS + 1, 'MAX_KEYS names and the other bucket');
    assert.ok(Object.keys(counts).every((key) => key.length <= MAX_KEY_LENGTH));
    assert.ok(!Object.hasOwn(counts, 'toString') && !Object.hasOwn(counts, '__proto__'));
  }
  const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(total(snap.sent), names.length);
  assert.equal(total(snap.received), names.length, 'answers received');
  assert.equal(total(snap.inbound), names.length, 'CALLs received');
  // The 3 prototype names and the long one, then every name after the first MAX_KEYS.
  assert.equal(snap.sent[OTHER_KEY], 4 + 20_000 - MAX_KEYS);
  assert.equal(Object.values(snap.latency).reduce((sum, p) => sum + p.count, 0), names.length);
  assert.equal(snap.sent['Action0'], 1, 'names seen first keep their own key');
  assert.ok(Object.keys(snap.errors).length <= MAX_KEYS + 1);
  assert.equal(total(snap.errors), names.length);
  assert.deepEqual(JSON.parse(JSON.stringify(snap.disconnects)), { 4999: 1 });
});
