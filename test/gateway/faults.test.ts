import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../../src/gateway/prng.js';
import { startGateway, type GatewayOptions } from '../../src/gateway/server.js';
import { sleep } from '../helpers/poll.js';
import { OcppTestClient, closedEvent } from './ocpp-test-client.js';

// Each CALL draws three numbers from the seeded PRNG, in order: drop, no reply, CallError.
function expectedDraws(seed: number, calls: number): Array<[number, number, number]> {
  const random = createRandom(seed);
  return Array.from({ length: calls }, () => [random(), random(), random()]);
}

async function withClient(options: GatewayOptions, fn: (client: OcppTestClient) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ port: 0, ...options });
  const client = await OcppTestClient.connect(gateway.url, 'CP-F');
  try {
    await fn(client);
  } finally {
    await client.close();
    await gateway.close();
  }
}

/** Sends `n` Heartbeats at once and collects the replies that arrive within `quietMs` of the last one. */
async function burst(client: OcppTestClient, n: number, quietMs = 150): Promise<Map<string, unknown[]>> {
  const replies = new Map<string, unknown[]>();
  client.ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as unknown[];
    replies.set(frame[1] as string, frame);
  });
  for (let i = 0; i < n; i++) client.send([2, `h${i}`, 'Heartbeat', {}]);
  let seen = -1;
  while (seen !== replies.size) {
    seen = replies.size;
    await sleep(quietMs);
  }
  return replies;
}

test('callErrorRatio with a seed answers exactly the calls its PRNG picks with CALLERROR InternalError', () => withClient({ callErrorRatio: 0.5, seed: 42 }, async (client) => {
  const draws = expectedDraws(42, 20);
  const replies = await burst(client, 20);
  const failed = [...replies.values()].filter((f) => f[0] === 4).map((f) => f[1]).sort();
  const expected = draws.flatMap(([, , fail], i) => (fail < 0.5 ? [`h${i}`] : [])).sort();
  assert.deepEqual(failed, expected);
  assert.ok(expected.length > 3 && expected.length < 17, `${expected.length} of 20 failed`);
  assert.equal([...replies.values()].find((f) => f[0] === 4)?.[2], 'InternalError');
}));

test('unansweredRatio with a seed leaves exactly the calls its PRNG picks unanswered', () => withClient({ unansweredRatio: 0.3, seed: 7 }, async (client) => {
  const draws = expectedDraws(7, 20);
  const replies = await burst(client, 20);
  const silent = draws.flatMap(([, quiet], i) => (quiet < 0.3 ? [`h${i}`] : []));
  assert.ok(silent.length > 0 && silent.length < 20, `${silent.length} silent`);
  assert.deepEqual([...replies.keys()].sort(), draws.map((_, i) => `h${i}`).filter((id) => !silent.includes(id)).sort());
}));

test('dropRatio with a seed cuts the TCP connection on the first call its PRNG picks', () => withClient({ dropRatio: 0.25, seed: 3 }, async (client) => {
  const first = expectedDraws(3, 50).findIndex(([drop]) => drop < 0.25);
  const closed = closedEvent(client.ws);
  for (let i = 0; i < first; i++) assert.equal((await client.call('Heartbeat', {}))[0], 3, `call ${i} is answered`);
  client.send([2, 'cut', 'Heartbeat', {}]);
  assert.equal((await closed).code, 1006, 'no closing handshake');
}));

test('a seeded boot ratio answers the same sequence every run, drawing both statuses', async () => {
  const sequence = async (seed: number): Promise<string[]> => {
    const statuses: string[] = [];
    await withClient({ bootStatus: { Accepted: 50, Pending: 50 }, seed }, async (client) => {
      for (let i = 0; i < 12; i++) statuses.push((await client.boot()).status as string);
    });
    return statuses;
  };
  const first = await sequence(11);
  assert.deepEqual(await sequence(11), first);
  assert.ok(first.includes('Accepted') && first.includes('Pending'), first.join(','));
  assert.ok(!first.includes('Rejected'));
});

test('a uniform response delay puts every answer between its bounds', () => withClient({ responseDelay: { kind: 'uniform', minMs: 80, maxMs: 160 }, seed: 1 }, async (client) => {
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    await client.call('Heartbeat', {});
    const ms = performance.now() - t0;
    assert.ok(ms >= 75 && ms < 400, `answered after ${ms.toFixed(0)} ms`);
  }
}));
