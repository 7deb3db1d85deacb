import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { RpcError } from '../../src/protocol/errors.js';
import { startGateway } from '../../src/gateway/server.js';
import { CLOSE_GRACE_MS } from '../../src/gateway/socket-shutdown.js';
import { waitUntil } from '../helpers/poll.js';
import { OcppTestClient, WAIT_MS, handshakeFailure } from './ocpp-test-client.js';

// What the gateway holds for a peer is bounded: CALLs queued per connection, bytes waiting to
// be written, sockets under maxConnections (closing ones too), and a broadcast never waits
// longer than one call timeout for a charge point that does not answer.

const tcpOf = (ws: WebSocket): Socket => (ws as unknown as { _socket: Socket })._socket;

test('a charge point that never answers gets at most maxQueuedCalls waiting; the next call is refused at once, 429 from the API', async () => {
  const gateway = await startGateway({ port: 0, maxQueuedCalls: 3, callTimeoutMs: 20_000 });
  const silent = await OcppTestClient.connect(gateway.url, 'CP-SILENT');
  try {
    const calls = Array.from({ length: 4 }, () => gateway.call('CP-SILENT', 'Reset', { type: 'Soft' }));
    for (const call of calls) call.catch(() => {});
    await assert.rejects(gateway.call('CP-SILENT', 'Reset', { type: 'Soft' }), (error: unknown) => error instanceof RpcError && error.code === 'E_QUEUE_FULL');
    const t0 = performance.now();
    const response = await fetch(`${gateway.httpUrl}/connections/CP-SILENT/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'Reset', payload: { type: 'Soft' } }) });
    assert.equal(response.status, 429);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'E_QUEUE_FULL');
    assert.ok(performance.now() - t0 < 10_000, 'answered long before the call timeout');
  } finally {
    await silent.close();
    await gateway.close();
  }
});

test('a broadcast serialises its CALL once (one message id for all) and answers within one call timeout despite a silent charge point', async () => {
  const callTimeoutMs = 1_000;
  const gateway = await startGateway({ port: 0, callTimeoutMs });
  const good = await OcppTestClient.connect(gateway.url, 'CP-GOOD');
  const silent = await OcppTestClient.connect(gateway.url, 'CP-SILENT');
  try {
    // Five calls already wait for the silent one: alone, the broadcast's call would wait 6 timeouts.
    for (let i = 0; i < 5; i++) gateway.call('CP-SILENT', 'Reset', { type: 'Soft' }).catch(() => {});
    const first = await silent.next();
    const t0 = performance.now();
    const answered = fetch(`${gateway.httpUrl}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'ClearCache', payload: {} }) });
    const call = await good.next();
    good.send([3, call[1], { status: 'Accepted' }]);
    const response = await answered;
    const elapsed = performance.now() - t0;
    assert.equal(response.status, 200, await response.clone().text());
    const { results } = (await response.json()) as { results: Record<string, { result?: unknown; error?: { code: string } }> };
    assert.deepEqual(results['CP-GOOD'], { result: { status: 'Accepted' } });
    assert.equal(results['CP-SILENT']?.error?.code, 'E_CALL_TIMEOUT');
    assert.ok(elapsed < 4 * callTimeoutMs, `the broadcast took ${Math.round(elapsed)} ms, not 6 call timeouts`);
    assert.notEqual(first[1], call[1]);
  } finally {
    await good.close();
    await silent.close();
    await gateway.close();
  }
});

test('every charge point of a broadcast gets the same frame, message id included', async () => {
  const gateway = await startGateway({ port: 0 });
  const clients = await Promise.all(['CP-1', 'CP-2', 'CP-3'].map((id) => OcppTestClient.connect(gateway.url, id)));
  try {
    const answered = fetch(`${gateway.httpUrl}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'DataTransfer', payload: { vendorId: 'V', data: 'z'.repeat(100_000) } }) });
    const frames = await Promise.all(clients.map((client) => client.next()));
    for (const [i, frame] of frames.entries()) clients[i]?.send([3, frame[1], { status: 'Accepted' }]);
    assert.equal((await answered).status, 200);
    assert.equal(new Set(frames.map((frame) => JSON.stringify(frame))).size, 1, 'one serialised frame');
  } finally {
    for (const client of clients) await client.close();
    await gateway.close();
  }
});

test('a client that floods CALLs and never reads is cut once maxBufferedBytes wait to be written, write timeout off', async () => {
  const gateway = await startGateway({ port: 0, maxBufferedBytes: 256 * 1024, writeTimeoutMs: 0, pingIntervalMs: 0, idleTimeoutMs: 0, validate: false });
  const client = await OcppTestClient.connect(gateway.url, 'CP-FLOOD');
  try {
    tcpOf(client.ws).pause();
    const frame = JSON.stringify([2, 'f', 'Heartbeat', {}]);
    for (let batch = 0; batch < 400 && gateway.connectionCount > 0; batch++) {
      for (let i = 0; i < 1_000; i++) client.ws.send(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => gateway.connectionCount === 0, 20_000, 'the flooding connection to be cut');
    assert.match(gateway.metrics(), /^websocket_errors_total 1$/m);
  } finally {
    client.ws.terminate();
    await gateway.close();
  }
});

test('a ping flood from a client that never reads our pongs is cut, named and counted, write timeout off', async () => {
  const lines: string[] = [];
  const gateway = await startGateway({
    port: 0, maxBufferedBytes: 256 * 1024, writeTimeoutMs: 0, pingIntervalMs: 0, idleTimeoutMs: 0, log: (line) => lines.push(line), logLevel: 'warn',
  });
  const client = await OcppTestClient.connect(gateway.url, 'CP-PING');
  try {
    tcpOf(client.ws).pause();
    const payload = Buffer.alloc(125, 1);
    for (let batch = 0; batch < 400 && gateway.connectionCount > 0; batch++) {
      for (let i = 0; i < 1_000; i++) client.ws.ping(payload);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => gateway.connectionCount === 0, 20_000, 'the pinging connection to be cut');
    assert.match(gateway.metrics(), /^websocket_errors_total 1$/m);
    assert.ok(lines.some((line) => /CP-PING: dropping the connection: 60 pongs waiting to be written \(a ping flood/.test(line)), lines.join('\n'));
  } finally {
    client.ws.terminate();
    await gateway.close();
  }
});

test('maxConnections counts a replaced socket that never answers the close frame until CLOSE_GRACE_MS destroys it', async () => {
  const gateway = await startGateway({ port: 0, maxConnections: 2 });
  const old = await OcppTestClient.connect(gateway.url, 'CP-A');
  try {
    tcpOf(old.ws).pause(); // never reads our close frame, so never answers it
    const newer = await OcppTestClient.connect(gateway.url, 'CP-A');
    assert.equal(gateway.connectionCount, 1, 'one charge point registered');
    const error = await handshakeFailure(`${gateway.url}/CP-B`, ['ocpp1.6']);
    assert.match(error.message, /503/, 'the closing socket still holds its slot');
    await waitUntil(() => gateway.metrics().includes('websocket_connection_duration_seconds_count 1'), CLOSE_GRACE_MS + WAIT_MS, 'the old socket to be destroyed');
    const b = await OcppTestClient.connect(gateway.url, 'CP-B');
    await b.close();
    await newer.close();
  } finally {
    old.ws.terminate();
    await gateway.close();
  }
});

test('a socket refused for offering no OCPP subprotocol holds a slot for CLOSE_GRACE_MS at most', async () => {
  const gateway = await startGateway({ port: 0, maxConnections: 1 });
  const raw = new WebSocket(`${gateway.url}/CP-X`); // offers no subprotocol at all
  try {
    await new Promise<void>((resolve, reject) => { raw.once('open', () => resolve()); raw.once('error', reject); });
    tcpOf(raw).pause();
    const error = await handshakeFailure(`${gateway.url}/CP-Y`, ['ocpp1.6']);
    assert.match(error.message, /503/, 'the refused socket still counts while it closes');
    // Destroyed after CLOSE_GRACE_MS (ws alone would wait 30 s): then the slot is free again.
    let client: OcppTestClient | undefined;
    const t0 = performance.now();
    while (!client && performance.now() - t0 < CLOSE_GRACE_MS + WAIT_MS) {
      client = await OcppTestClient.connect(gateway.url, 'CP-Y').catch(() => undefined);
      if (!client) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(client, 'the slot is free once the refused socket is gone');
    await client.close();
  } finally {
    raw.terminate();
    await gateway.close();
  }
});
