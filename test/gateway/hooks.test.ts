import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError } from '../../src/protocol/errors.js';
import type { ConnectEvent, DisconnectEvent, ErrorEvent, MessageEvent } from '../../src/gateway/hooks.js';
import { startGateway } from '../../src/gateway/server.js';
import { waitUntil } from '../helpers/poll.js';
import { OcppTestClient, WAIT_MS, closedEvent } from './ocpp-test-client.js';

test('onConnect, onMessage, onDisconnect and onError report each event with the charge point id', async () => {
  const connects: ConnectEvent[] = [];
  const messages: MessageEvent[] = [];
  const disconnects: DisconnectEvent[] = [];
  const errors: ErrorEvent[] = [];
  const gateway = await startGateway({
    port: 0, maxPayload: 200,
    onConnect: (e) => connects.push(e), onMessage: (e) => messages.push(e), onDisconnect: (e) => disconnects.push(e), onError: (e) => errors.push(e),
  });
  try {
    const client = await OcppTestClient.connect(gateway.url, 'CP-H');
    await client.call('Heartbeat', {});
    const closed = closedEvent(client.ws);
    client.send('x'.repeat(300));
    assert.equal((await closed).code, 1009);
    await waitUntil(() => disconnects.length === 1, WAIT_MS, 'onDisconnect');
    assert.deepEqual(connects.map((e) => [e.chargePointId, e.protocol]), [['CP-H', 'ocpp1.6']]);
    assert.match(connects[0]?.remoteAddress ?? '', /^127\.0\.0\.1:\d+$/);
    assert.deepEqual(messages.map((e) => [e.direction, JSON.parse(e.text)[0]]), [['in', 2], ['out', 3]]);
    assert.equal(disconnects[0]?.chargePointId, 'CP-H');
    // The gateway destroys the socket after sending 1009, so its own side sees an abnormal close.
    assert.ok([1006, 1009].includes(disconnects[0]?.code ?? 0));
    assert.ok((disconnects[0]?.durationMs ?? -1) >= 0);
    assert.equal(errors[0]?.chargePointId, 'CP-H');
    assert.match(errors[0]?.error.message ?? '', /max/i);
  } finally {
    await gateway.close();
  }
});

test('a handler override answers its action in every version, sees the context, and can throw a CALLERROR', async () => {
  const seen: string[] = [];
  const gateway = await startGateway({
    port: 0,
    handlers: {
      Authorize: (payload, ctx) => {
        seen.push(`${ctx.chargePointId} ${ctx.protocol} ${ctx.action}`);
        if (payload.idTag === 'BAD') throw new OcppError('PropertyConstraintViolation', 'bad tag');
        return { idTagInfo: { status: 'Blocked' } };
      },
    },
  });
  const client = await OcppTestClient.connect(gateway.url, 'CP-O');
  try {
    assert.deepEqual((await client.call('Authorize', { idTag: 'T1' }))[2], { idTagInfo: { status: 'Blocked' } });
    const error = await client.call('Authorize', { idTag: 'BAD' });
    assert.deepEqual(error.slice(2, 4), ['PropertyConstraintViolation', 'bad tag']);
    assert.deepEqual(seen, ['CP-O ocpp1.6 Authorize', 'CP-O ocpp1.6 Authorize']);
    assert.equal((await client.call('Heartbeat', {}))[0], 3, 'other actions keep the built-in answers');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a BootNotification override is recorded: a Rejected answer makes the boot guard refuse later calls', async () => {
  const gateway = await startGateway({
    port: 0, handlers: { BootNotification: () => ({ status: 'Rejected', currentTime: new Date().toISOString(), interval: 5 }) },
  });
  const client = await OcppTestClient.connect(gateway.url, 'CP-B');
  try {
    assert.equal((await client.boot()).status, 'Rejected');
    assert.equal((await client.call('Heartbeat', {}))[2], 'SecurityError');
    assert.deepEqual(gateway.stats().boots, { Accepted: 0, Pending: 0, Rejected: 1 });
    assert.equal(gateway.connections()['CP-B']?.boot_status, 'Rejected');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a hook that throws is logged and does not break the connection', async () => {
  const lines: string[] = [];
  const gateway = await startGateway({ port: 0, onMessage: () => { throw new Error('boom'); }, log: (line) => lines.push(line) });
  const client = await OcppTestClient.connect(gateway.url, 'CP-T');
  try {
    assert.equal((await client.call('Heartbeat', {}))[0], 3);
    assert.ok(lines.some((l) => /onMessage hook threw: boom/.test(l)), lines.join('\n'));
  } finally {
    await client.close();
    await gateway.close();
  }
});
