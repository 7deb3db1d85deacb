import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OfflineQueue, type DropRule, type QueuedMessage, type TxRole } from '../../src/chargepoint/offline-queue.js';

// The offline queue is pure: messages in, order, bound and drop rule out. Each message is
// written `S1`/`U1`/`E1` (start/update/end of transaction 1); the tables read as the queue.

const ROLE: Record<string, TxRole> = { S: 'start', U: 'update', E: 'end' };
let seq = 0;
function msg(code: string, at = seq): QueuedMessage {
  const role = ROLE[code[0] as string] as TxRole;
  const tx = Number(code.slice(1, 2));
  seq = Math.max(seq, at) + 1;
  return { seq: at, action: code, payload: { transactionId: tx, code }, role, tx, madeAt: at };
}
const codes = (q: OfflineQueue): string[] => q.list().map((m) => m.action);

const DROPS: Array<{ rule: DropRule; ids: boolean; capacity: number; add: string[]; queue: string[]; dropped: string[] }> = [
  { rule: 'updates-first', ids: false, capacity: 3, add: ['S1', 'U1', 'U1b', 'E1'], queue: ['S1', 'U1b', 'E1'], dropped: ['U1'] },
  { rule: 'updates-first', ids: false, capacity: 2, add: ['S1', 'E1', 'S2'], queue: ['S1', 'E1'], dropped: ['S2'] },
  { rule: 'updates-first', ids: false, capacity: 2, add: ['S1', 'E1', 'U2'], queue: ['S1', 'E1'], dropped: ['U2'] },
  { rule: 'oldest', ids: false, capacity: 2, add: ['S1', 'U1', 'E1'], queue: ['U1', 'E1'], dropped: ['S1'] },
  { rule: 'newest', ids: false, capacity: 2, add: ['S1', 'U1', 'E1'], queue: ['S1', 'U1'], dropped: ['E1'] },
  // 1.6: a transaction whose start is gone cannot be named, so its other messages go with it.
  { rule: 'oldest', ids: true, capacity: 2, add: ['S1', 'U1', 'E1', 'U1c'], queue: [], dropped: ['S1', 'U1', 'E1', 'U1c'] },
  { rule: 'oldest', ids: true, capacity: 2, add: ['S1', 'E1', 'S2', 'E2'], queue: ['S2', 'E2'], dropped: ['S1', 'E1'] },
  { rule: 'oldest', ids: true, capacity: 4, add: ['S1', 'S2', 'U1', 'U2', 'E1'], queue: ['S2', 'U2'], dropped: ['S1', 'U1', 'E1'] },
];

for (const row of DROPS) {
  test(`${row.rule}${row.ids ? ' (ids from the central system)' : ''}, bound ${row.capacity}: ${row.add.join(' ')} keeps ${row.queue.join(' ') || 'nothing'}, drops ${row.dropped.join(' ')}`, () => {
    const q = new OfflineQueue({ capacity: row.capacity, drop: row.rule, idsFromCentralSystem: row.ids });
    const dropped: string[] = [];
    for (const code of row.add) dropped.push(...q.add(msg(code)).map((m) => m.action));
    assert.deepEqual(codes(q), row.queue);
    assert.deepEqual(dropped, row.dropped);
    assert.ok(q.size <= row.capacity);
  });
}

test('messages keep the order they were made in, whatever order they are added in (a message cut off in flight goes back to its place)', () => {
  const q = new OfflineQueue({ capacity: 10, drop: 'updates-first', idsFromCentralSystem: false });
  q.add(msg('U1', 5));
  q.add(msg('E1', 7));
  q.add(msg('S1', 2));
  q.add(msg('U1b', 6));
  assert.deepEqual(codes(q), ['S1', 'U1', 'U1b', 'E1']);
  assert.equal(q.shift()?.action, 'S1');
  assert.equal(q.head()?.action, 'U1');
});

test('the id the central system gives replaces the stand-in in every queued message of that transaction, and no other', () => {
  const q = new OfflineQueue({ capacity: 10, drop: 'updates-first', idsFromCentralSystem: true });
  const start = msg('S1');
  start.tx = -1;
  start.payload = { connectorId: 1 };
  const handedIn = { transactionId: -1 };
  const update = { ...msg('U1'), tx: -1, payload: handedIn };
  const other = { ...msg('E2'), tx: -2, payload: { transactionId: -2 } };
  for (const m of [start, update, other]) q.add(m);
  q.rename(-1, 41);
  assert.deepEqual(q.list().map((m) => [m.tx, m.payload.transactionId]), [[41, undefined], [41, 41], [-2, -2]]);
  assert.equal(handedIn.transactionId, -1, 'the payload object handed in is not changed');
});

test('a later message of a transaction whose start was dropped is dropped at once, and the memory of such transactions is bounded', () => {
  const q = new OfflineQueue({ capacity: 1, drop: 'oldest', idsFromCentralSystem: true });
  q.add(msg('S1'));
  q.add(msg('S2'));
  assert.equal(q.isLost(1), true);
  assert.deepEqual(q.add(msg('E1')).map((m) => m.action), ['E1']);
  assert.deepEqual(codes(q), ['S2']);
  q.add(msg('S3'));
  assert.equal(q.isLost(2), true);
  assert.equal(q.isLost(1), false, 'only `capacity` lost transactions are remembered');
});
