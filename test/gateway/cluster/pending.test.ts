import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../src/gateway/errors.js';
import { PendingRequests } from '../../../src/gateway/cluster/pending.js';

// Requests between the cluster's processes: an id each, settled once, never waiting forever.

test('a request settles with its answer, once; ids are fresh', async () => {
  const pending = new PendingRequests();
  const a = pending.open<string>(1, 1000, 'worker 1');
  const b = pending.open<string>(2, 1000, 'worker 2');
  assert.notEqual(a.id, b.id);
  pending.settle(a.id, 'yes');
  pending.settle(a.id, 'again');
  pending.settle(b.id, 'no');
  assert.deepEqual(await Promise.all([a.answer, b.answer]), ['yes', 'no']);
  assert.equal(pending.size, 0);
});

test('a request not answered in time rejects with E_WORKER_UNAVAILABLE naming who did not answer', async () => {
  const pending = new PendingRequests();
  const { answer } = pending.open(3, 20, 'worker 3');
  await assert.rejects(answer, (error: unknown) => error instanceof GatewayError && error.code === 'E_WORKER_UNAVAILABLE' && /worker 3 did not answer within 20 ms/.test(error.message));
  assert.equal(pending.size, 0);
});

test("a worker's exit fails what it owed at once and nothing else", async () => {
  const pending = new PendingRequests();
  const owed = pending.open(1, 10_000, 'worker 1');
  const other = pending.open(2, 10_000, 'worker 2');
  pending.failOwner(1, 'worker 1 exited while answering');
  await assert.rejects(owed.answer, /worker 1 exited while answering/);
  assert.equal(pending.size, 1);
  pending.failOwner(undefined, 'closed');
  await assert.rejects(other.answer, /closed/);
  assert.equal(pending.size, 0);
});
