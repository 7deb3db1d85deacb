import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { startGateway } from '../../src/gateway/server.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS, closedEvent, handshakeFailure } from './ocpp-test-client.js';

test('with maxConnections 2 a third upgrade gets HTTP 503 before the handshake, and a freed slot is reused', async () => {
  const gateway = await startGateway({ port: 0, maxConnections: 2 });
  const a = await OcppTestClient.connect(gateway.url, 'CP-1');
  const b = await OcppTestClient.connect(gateway.url, 'CP-2');
  try {
    const error = await handshakeFailure(`${gateway.url}/CP-3`, ['ocpp1.6']);
    assert.match(error.message, /Unexpected server response: 503/);
    assert.match(gateway.metrics(), /^websocket_upgrades_refused_total\{status="503"\} 1$/m);
    await a.close();
    await waitUntil(() => gateway.connectionCount === 1, WAIT_MS, 'the slot to free');
    const c = await OcppTestClient.connect(gateway.url, 'CP-3');
    await c.close();
  } finally {
    await b.close();
    await gateway.close();
  }
});

test('CALLs beyond the rate limit get CALLERROR GenericError and the connection stays open', async () => {
  const gateway = await startGateway({ port: 0, rateLimitPerSec: 1, rateLimitBurst: 2 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-R');
  try {
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await client.call('Heartbeat', {}));
    assert.deepEqual(replies.map((r) => r[0]), [3, 3, 4, 4]);
    assert.equal(replies[2]?.[2], 'GenericError');
    assert.match(String(replies[2]?.[3]), /rate limit/);
    assert.equal(client.ws.readyState, WebSocket.OPEN);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a client that stops answering pings is terminated after idleTimeoutMs; one that answers stays', async () => {
  const gateway = await startGateway({ port: 0, pingIntervalMs: 50, idleTimeoutMs: 200 });
  // A half-open peer: the TCP connection is up but nothing answers the pings.
  const silent = new WebSocket(`${gateway.url}/CP-HALF`, ['ocpp1.6'], { autoPong: false });
  const opened = withTimeout(new Promise((resolve) => silent.once('open', resolve)), WAIT_MS, 'open');
  const live = await OcppTestClient.connect(gateway.url, 'CP-LIVE');
  try {
    await opened;
    const t0 = performance.now();
    const { code } = await closedEvent(silent);
    const elapsed = performance.now() - t0;
    assert.equal(code, 1006, 'terminated without a closing handshake');
    assert.ok(elapsed >= 190 && elapsed < 1500, `dropped after ${elapsed.toFixed(0)} ms`);
    assert.equal(live.ws.readyState, WebSocket.OPEN, 'the pinged client that pongs is kept');
    assert.match(gateway.metrics(), /^websocket_errors_total 1$/m);
  } finally {
    await live.close();
    await gateway.close();
  }
});

test('a request whose headers never finish is answered 408 and closed after readTimeoutMs', async () => {
  const gateway = await startGateway({ port: 0, readTimeoutMs: 200 });
  let socket: Socket | undefined;
  try {
    socket = connect(gateway.port, '127.0.0.1');
    socket.write('GET /ocpp/CP-SLOW HTTP/1.1\r\nHost: x\r\n');
    let received = '';
    socket.on('data', (chunk) => { received += chunk.toString(); });
    const t0 = performance.now();
    await withTimeout(new Promise((resolve) => socket?.once('close', resolve)), WAIT_MS, 'the server to close the socket');
    assert.match(received, /^HTTP\/1\.1 408/);
    assert.ok(performance.now() - t0 >= 150);
  } finally {
    socket?.destroy();
    await gateway.close();
  }
});

test('a peer that stops reading is dropped once a write has not drained for writeTimeoutMs', async () => {
  const gateway = await startGateway({ port: 0, writeTimeoutMs: 200, maxBufferedBytes: 64 * 1024 * 1024, pingIntervalMs: 0, idleTimeoutMs: 0, validate: false, maxPayload: 1024 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-STUCK');
  try {
    const closed = closedEvent(client.ws);
    (client.ws as unknown as { _socket: Socket })._socket.pause();
    // 32 MiB cannot fit in the loopback socket buffers of a peer that reads nothing.
    gateway.call('CP-STUCK', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(32 * 1024 * 1024) }).catch(() => {});
    await waitUntil(() => gateway.connectionCount === 0, WAIT_MS, 'the stuck connection to be dropped');
    assert.match(gateway.metrics(), /^websocket_errors_total 1$/m);
    (client.ws as unknown as { _socket: Socket })._socket.resume();
    await closed;
  } finally {
    await client.close();
    await gateway.close();
  }
});
