import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { OcppError, RpcError } from '../../src/protocol/errors.js';
import { GatewayError, startGateway } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS, handshakeFailure } from './ocpp-test-client.js';

test('gateway.call sends a CALL to the charge point and resolves with its CALLRESULT payload', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-call');
  try {
    const pending = gateway.call('CP-call', 'Reset', { type: 'Soft' });
    const frame = await client.next();
    assert.equal(frame[0], 2);
    assert.deepEqual(frame.slice(2), ['Reset', { type: 'Soft' }]);
    client.send([3, frame[1], { status: 'Accepted' }]);
    assert.deepEqual(await pending, { status: 'Accepted' });
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('gateway.call rejects with the OcppError of a CALLERROR answer', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-error');
  try {
    const pending = gateway.call('CP-error', 'ClearCache', {});
    const frame = await client.next();
    client.send([4, frame[1], 'NotSupported', 'no cache here', {}]);
    await assert.rejects(pending, (error: unknown) => error instanceof OcppError && error.kind === 'NotSupported');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('gateway.call to an id that is not connected rejects with E_UNKNOWN_CHARGE_POINT naming it', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    await assert.rejects(gateway.call('CP-ghost', 'ClearCache', {}),
      (error: unknown) => error instanceof GatewayError && error.code === 'E_UNKNOWN_CHARGE_POINT' && error.message.includes('CP-ghost'));
  } finally {
    await gateway.close();
  }
});

test('gateway.call times out after callTimeoutMs when the charge point stays silent', async () => {
  const gateway = await startGateway({ port: 0, callTimeoutMs: 100 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-silent');
  try {
    await assert.rejects(withTimeout(gateway.call('CP-silent', 'ClearCache', {}), WAIT_MS, 'the call timeout'),
      (error: unknown) => error instanceof RpcError && error.code === 'E_CALL_TIMEOUT');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a call in flight is rejected with E_CLOSED when the charge point disconnects', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-gone');
  try {
    // Caught at once: the rejection comes while the client is still closing.
    const outcome = gateway.call('CP-gone', 'ClearCache', {}).then(() => 'resolved', (error: unknown) => error);
    await client.next();
    await client.close();
    const error = await withTimeout(outcome, WAIT_MS, 'the call to fail');
    assert.ok(error instanceof RpcError && error.code === 'E_CLOSED', String(error));
  } finally {
    await gateway.close();
  }
});

test('stats counts connections, messages both ways and boots by status', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-stats');
  try {
    await client.boot();
    await client.call('Heartbeat', {});
    assert.deepEqual(gateway.stats(), { connections: 1, messagesReceived: 2, messagesSent: 2, boots: { Accepted: 1, Pending: 0, Rejected: 0 } });
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('close() closes every client with 1001, stops listening and resolves', async () => {
  const gateway = await startGateway({ port: 0 });
  const a = await OcppTestClient.connect(gateway.url, 'CP-a');
  const b = await OcppTestClient.connect(gateway.url, 'CP-b');
  const closedA = a.closed();
  const closedB = b.closed();
  await withTimeout(gateway.close(), WAIT_MS, 'gateway.close()');
  assert.deepEqual(await closedA, { code: 1001, reason: 'gateway shutting down' });
  assert.deepEqual(await closedB, { code: 1001, reason: 'gateway shutting down' });
  assert.equal(gateway.connectionCount, 0);
  await withTimeout(gateway.close(), WAIT_MS, 'a second gateway.close()');
  const error = await handshakeFailure(`${gateway.url}/CP-late`, ['ocpp1.6']);
  assert.match(error.message, /ECONNREFUSED/);
  await assert.rejects(gateway.call('CP-a', 'ClearCache', {}), (e: unknown) => e instanceof GatewayError && e.code === 'E_GATEWAY_CLOSED');
});

test('close() destroys a socket whose peer never answers the closing handshake, within about two seconds', async () => {
  const gateway = await startGateway({ port: 0 });
  let raw: Socket | undefined;
  try {
    raw = connect(gateway.port, '127.0.0.1');
    const socket = raw;
    const upgraded = new Promise<void>((resolve) => socket.once('data', (data) => { if (data.toString().startsWith('HTTP/1.1 101')) resolve(); }));
    socket.write('GET /ocpp/CP-raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n');
    await withTimeout(upgraded, WAIT_MS, 'the raw upgrade');
    assert.equal(gateway.connectionCount, 1);
    const started = Date.now();
    await withTimeout(gateway.close(), 4_000, 'gateway.close() with a silent peer');
    const took = Date.now() - started;
    assert.ok(took >= 1_500 && took < 4_000, `close took ${took} ms`);
  } finally {
    raw?.destroy();
    await gateway.close();
  }
});

test('startGateway rejects bad options at once, naming every problem', async () => {
  await assert.rejects(
    startGateway({ port: -1, path: 'ocpp', bootStatus: 'Maybe' as 'Accepted', callTimeoutMs: 0, ...({ colour: 'red' } as object) }),
    (error: unknown) => error instanceof GatewayError && error.code === 'E_BAD_OPTIONS' &&
      ['port', 'path', 'bootStatus', 'callTimeoutMs', "unknown option 'colour'"].every((word) => error.message.includes(word)),
  );
});

test('startGateway rejects when the port is taken, leaving nothing open', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as AddressInfo).port;
    await assert.rejects(startGateway({ port }), (error: NodeJS.ErrnoException) => error.code === 'EADDRINUSE');
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('the url is the ws endpoint on the real port, with the path and no trailing slash', async () => {
  const gateway = await startGateway({ port: 0, path: '/csms/ocpp/' });
  try {
    assert.ok(gateway.port > 0);
    assert.equal(gateway.url, `ws://127.0.0.1:${gateway.port}/csms/ocpp`);
  } finally {
    await gateway.close();
  }
});
