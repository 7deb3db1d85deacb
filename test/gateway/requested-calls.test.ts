import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { GatewayOptions } from '../../src/gateway/options.js';
import { OcppTestClient } from './ocpp-test-client.js';

// A charge point asks the embedded gateway for a CALL with DataTransfer ocpp-sim/RequestCall;
// the gateway answers, then sends that CALL to the same charge point only.

/** Runs `fn` with a booted 1.6 client `id` of a fresh gateway with `options`; closes both afterwards. */
async function withBootedClient(options: GatewayOptions, id: string, fn: (client: OcppTestClient, gateway: Gateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway(options);
  const client = await OcppTestClient.connect(gateway.url, id);
  try {
    await client.boot();
    await fn(client, gateway);
  } finally {
    await client.close();
    await gateway.close();
  }
}

const ask = (data: unknown): Record<string, unknown> => ({ vendorId: 'ocpp-sim', messageId: 'RequestCall', data: typeof data === 'string' ? data : JSON.stringify(data) });

test('a RequestCall is Accepted and followed by the CALL, gateway:/ URLs made the gateway\'s own', () => withBootedClient({ port: 0 }, 'CP-ask', async (client, gateway) => {
  const reply = await client.call('DataTransfer', ask({ action: 'UpdateFirmware', payload: { location: 'gateway:/firmware/fw-1.0.bin', retrieveDate: '2030-01-01T00:00:00.000Z' } }));
  assert.deepEqual(reply[2], { status: 'Accepted' });
  const call = await client.next();
  assert.deepEqual([call[0], call[2], call[3]], [2, 'UpdateFirmware', { location: `${gateway.httpUrl}/firmware/fw-1.0.bin`, retrieveDate: '2030-01-01T00:00:00.000Z' }]);
  client.send([3, call[1], {}]);
  // DataTransfer goes both ways: the central system may send one too.
  assert.deepEqual((await client.call('DataTransfer', ask({ action: 'DataTransfer', payload: { vendorId: 'com.example' } })))[2], { status: 'Accepted' });
  const dataTransfer = await client.next();
  assert.deepEqual([dataTransfer[0], dataTransfer[2], dataTransfer[3]], [2, 'DataTransfer', { vendorId: 'com.example' }]);
  client.send([3, dataTransfer[1], { status: 'UnknownVendorId' }]);
}));

test('a RequestCall for a charge point action, an unknown action, bad JSON, data that is no object or a payload too deep is Rejected with a one-line reason; other vendors stay unknown', () => withBootedClient({ port: 0 }, 'CP-ask', async (client) => {
  let deep: unknown = {};
  for (let i = 0; i < 20; i++) deep = { a: deep };
  const table: Array<[unknown, RegExp]> = [
    [{ action: 'BootNotification', payload: {} }, /sent by charge points/],
    [{ action: 'FlyToTheMoon' }, /is not an action of ocpp1.6/],
    ['{not json', /not JSON/],
    [{ action: 'Reset', payload: deep }, /levels deep/],
    [{ action: 'Reset', payload: [] }, /payload must be an object/],
    [[{ action: 'Reset', payload: { type: 'Soft' } }], /^data must be a JSON object \{"action","payload"\}, not an array$/],
    ['42', /^data must be a JSON object \{"action","payload"\}, not a number$/],
    ['null', /^data must be a JSON object \{"action","payload"\}, not null$/],
    [{ payload: {} }, /^data\.action must be a string naming the action, not nothing$/],
    [{ action: ['Reset'] }, /^data\.action must be a string naming the action, not an array$/],
    [{ action: 'Re\nset' }, /^"Re\\nset" is not an action of ocpp1\.6$/],
  ];
  for (const [data, reason] of table) {
    const reply = await client.call('DataTransfer', ask(data));
    const answer = reply[2] as { status: string; data: string };
    assert.equal(answer.status, 'Rejected', JSON.stringify(data).slice(0, 80));
    assert.match(answer.data, reason);
  }
  assert.deepEqual((await client.call('DataTransfer', { vendorId: 'com.example', messageId: 'RequestCall', data: '{}' }))[2], { status: 'UnknownVendorId' });
}));

test('a RequestCall the session could not send is Rejected with why, not Accepted and dropped: a payload its schema refuses, a full queue', () => withBootedClient({ port: 0, maxQueuedCalls: 2 }, 'CP-flood', async (client) => {
  const invalid = (await client.call('DataTransfer', ask({ action: 'Reset', payload: { type: 'Hardish' } })))[2] as { status: string; data: string };
  assert.equal(invalid.status, 'Rejected');
  assert.match(invalid.data, /type/);
  // The charge point never answers: one CALL in flight, two queued behind it, then no room.
  const statuses: string[] = [];
  const calls: unknown[][] = [];
  for (let i = 0; i < 5; i++) {
    client.send([2, `flood-${i}`, 'DataTransfer', ask({ action: 'Reset', payload: { type: 'Soft' } })]);
    for (let frame = await client.next(); ; frame = await client.next()) {
      if (frame[0] === 3 && frame[1] === `flood-${i}`) {
        statuses.push((frame[2] as { status: string }).status);
        break;
      }
      calls.push(frame);
    }
  }
  assert.deepEqual(statuses, ['Accepted', 'Accepted', 'Accepted', 'Rejected', 'Rejected']);
  assert.deepEqual(calls.map((frame) => [frame[0], frame[2]]), [[2, 'Reset']]);
}));

test('a pipelined flood of RequestCalls gets exactly as many Accepted as the queue holds, and every Accepted CALL is sent', () => withBootedClient({ port: 0 }, 'CP-pipelined', async (client) => {
  // Default --max-queued-calls (100): one CALL in flight and 100 behind it.
  const flood = 2_000;
  // All requests leave before any answer is read, so the gateway handles many per socket read.
  for (let i = 0; i < flood; i++) client.send([2, `p-${i}`, 'DataTransfer', ask({ action: 'Reset', payload: { type: 'Soft' } })]);
  const answers = new Map<string, { status: string; data?: string }>();
  const calls: unknown[][] = [];
  while (answers.size < flood) {
    const frame = await client.next();
    if (frame[0] === 3) answers.set(frame[1] as string, frame[2] as { status: string; data?: string });
    else calls.push(frame);
  }
  const accepted = [...answers.values()].filter((answer) => answer.status === 'Accepted').length;
  assert.equal(accepted, 101);
  const rejected = [...answers.values()].filter((answer) => answer.status === 'Rejected');
  assert.equal(rejected.length, flood - 101);
  assert.match(rejected[0]!.data ?? '', /100 calls already wait/);
  // Only the first CALL is out before any answer; answering each brings the next.
  for (let i = 0; i < accepted; i++) {
    while (calls.length <= i) calls.push(await client.next());
    client.send([3, calls[i]![1], { status: 'Accepted' }]);
  }
  assert.deepEqual(calls.map((frame) => frame[2]), Array.from({ length: accepted }, () => 'Reset'));
  // Nothing else was left queued: a new request is Accepted and its CALL is the very next frame.
  assert.deepEqual((await client.call('DataTransfer', ask({ action: 'ClearCache', payload: {} })))[2], { status: 'Accepted' });
  const after = await client.next();
  assert.deepEqual([after[0], after[2]], [2, 'ClearCache']);
}));
