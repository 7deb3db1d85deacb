import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionInfo } from '../../../src/gateway/charge-point-connection.js';
import { GatewayError } from '../../../src/gateway/errors.js';
import type { Answers, Query } from '../../../src/gateway/cluster/messages.js';
import { answerForAll, unionConnections, type WorkerLink } from '../../../src/gateway/cluster/primary-router.js';

// The primary's answer for the whole gateway, from plain in-memory workers (the real cluster is
// in cluster.test.ts): sums, unions, and a call routed to the worker holding the charge point.

const row = (connectedAt: string, remote: string): ConnectionInfo => ({
  last_activity: connectedAt, connected_at: connectedAt, remote_addr: remote, protocol: 'ocpp1.6', subprotocol: 'ocpp1.6', boot_status: 'Accepted', last_message: null,
});

/** A worker holding `rows`, answering calls with its own index, recording what it was asked. */
function worker(index: number, rows: Record<string, ConnectionInfo>, asked: string[] = []): WorkerLink {
  const answers = (query: Query): unknown => {
    asked.push(`${index}:${query.kind}`);
    switch (query.kind) {
      case 'health': return { connections: Object.keys(rows).length, startedAt: 0 };
      case 'connections': return rows;
      case 'metrics': return `# TYPE x counter\nx ${Object.keys(rows).length}\n`;
      case 'locate': return rows[query.chargePointId] ? Date.parse(rows[query.chargePointId]?.connected_at as string) : null;
      case 'call': return { status: 200, body: { result: { worker: index } } };
      case 'broadcast': return Object.fromEntries(Object.keys(rows).map((id) => [id, { result: { worker: index } }]));
    }
  };
  return { index, ask: <Q extends Query>(query: Q) => Promise.resolve(answers(query) as Answers[Q['kind']]) };
}

const one = { 'CP-1': row('2024-01-01T00:00:01.000Z', '127.0.0.1:1'), 'CP-2': row('2024-01-01T00:00:02.000Z', '127.0.0.1:2') };
const two = { 'CP-3': row('2024-01-01T00:00:03.000Z', '127.0.0.1:3'), 'CP-1': row('2024-01-01T00:00:09.000Z', '127.0.0.1:9') };
const facts = { startedAt: 42, total: 3 };

test('health sums the connections and says how many workers run of how many started', async () => {
  assert.deepEqual(await answerForAll({ kind: 'health' }, [worker(1, one), worker(2, two)], facts), { connections: 4, startedAt: 42, workers: { running: 2, total: 3 } });
});

test('connections are united; an id on two workers shows its newest connection', async () => {
  const rows = await answerForAll({ kind: 'connections' }, [worker(1, one), worker(2, two)], facts) as Record<string, ConnectionInfo>;
  assert.deepEqual(Object.keys(rows).sort(), ['CP-1', 'CP-2', 'CP-3']);
  assert.equal(rows['CP-1']?.remote_addr, '127.0.0.1:9');
  assert.deepEqual(unionConnections([two, one])['CP-1']?.remote_addr, '127.0.0.1:9', 'whatever the order');
});

test('metrics are summed', async () => {
  assert.equal(await answerForAll({ kind: 'metrics' }, [worker(1, one), worker(2, two)], facts), '# TYPE x counter\nx 4\n');
});

test('a call goes to the worker holding the newest connection of that id only', async () => {
  const asked: string[] = [];
  const outcome = await answerForAll({ kind: 'call', chargePointId: 'CP-1', action: 'Reset', payload: { type: 'Soft' } }, [worker(1, one, asked), worker(2, two, asked)], facts);
  assert.deepEqual(outcome, { status: 200, body: { result: { worker: 2 } } });
  assert.deepEqual(asked.filter((a) => a.endsWith(':call')), ['2:call']);
});

test('a call to an id two workers accepted in the same millisecond goes to the higher worker index, the one eviction keeps', async () => {
  const same = { 'CP-1': row('2024-01-01T00:00:05.000Z', '127.0.0.1:5') };
  for (const order of [[1, 2], [2, 1]]) {
    const asked: string[] = [];
    const outcome = await answerForAll({ kind: 'call', chargePointId: 'CP-1', action: 'Reset', payload: {} }, order.map((index) => worker(index, same, asked)), facts);
    assert.deepEqual(outcome, { status: 200, body: { result: { worker: 2 } } }, `workers in order ${order.join(',')}`);
  }
});

test('a call to an id no worker holds answers 404 E_UNKNOWN_CHARGE_POINT without calling anyone', async () => {
  const asked: string[] = [];
  const outcome = await answerForAll({ kind: 'call', chargePointId: 'CP-9', action: 'Reset', payload: {} }, [worker(1, one, asked), worker(2, two, asked)], facts);
  assert.deepEqual(outcome, { status: 404, body: { error: { code: 'E_UNKNOWN_CHARGE_POINT', description: "cannot send Reset: no charge point 'CP-9' is connected" } } });
  assert.ok(!asked.some((a) => a.endsWith(':call')));
});

test('a broadcast reaches every worker and unites their results', async () => {
  const results = await answerForAll({ kind: 'broadcast', action: 'ClearCache', payload: {}, prefix: undefined }, [worker(1, one), worker(2, { 'CP-3': two['CP-3'] })], facts);
  assert.deepEqual(results, { 'CP-1': { result: { worker: 1 } }, 'CP-2': { result: { worker: 1 } }, 'CP-3': { result: { worker: 2 } } });
});

test('a worker that does not answer fails a read (no partial sum), but not a call another worker can serve', async () => {
  const silent: WorkerLink = { index: 3, ask: () => Promise.reject(new GatewayError('E_WORKER_UNAVAILABLE', 'worker 3 did not answer within 5000 ms')) };
  await assert.rejects(answerForAll({ kind: 'metrics' }, [worker(1, one), silent], facts), /worker 3 did not answer/);
  assert.deepEqual(await answerForAll({ kind: 'call', chargePointId: 'CP-2', action: 'Reset', payload: {} }, [worker(1, one), silent], facts), { status: 200, body: { result: { worker: 1 } } });
  await assert.rejects(answerForAll({ kind: 'call', chargePointId: 'CP-9', action: 'Reset', payload: {} }, [worker(1, one), silent], facts), /worker 3 did not answer/,
    'not found anywhere that answered: the silent worker may hold it');
});
