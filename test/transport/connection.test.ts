import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { TimerWheel } from '../../src/clock/timer-wheel.js';
import { ALMOST_ONE as almostOne, connectionTo, settle, SMALL_BACKOFF as SMALL } from '../helpers/connection.js';
import { refuseUpgrade, startSilentServer, startUpgradeServer, startWsServer } from '../helpers/servers.js';
import { deferred, withTimeout } from '../helpers/wait.js';

// A connection's life against real `ws` servers on 127.0.0.1 port 0, no mocks: open, messages,
// reconnect, stop. A real TimerWheel with a small back-off where the reconnect must happen, a
// ManualScheduler where a test must prove a retry was or was not scheduled.

test('a connection opens with the offered subprotocol the server chose, reports it, and carries text both ways', async () => {
  const server = await startWsServer({ handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false) });
  const { connection, listener } = connectionTo(server.url, new ManualScheduler(), { protocols: ['ocpp2.0.1', 'ocpp1.6'] });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const open = await listener.nth('open', 1);
    assert.equal(open.protocol, 'ocpp1.6');
    assert.ok(open.connectMs >= 0);
    assert.equal(connection.isOpen, true);
    const request = server.connections[0]?.request;
    assert.equal(request?.url, '/ocpp/CP001');
    const offered = request?.headers['sec-websocket-protocol']?.split(',').map((token) => token.trim());
    assert.deepEqual(offered, ['ocpp2.0.1', 'ocpp1.6'], 'offers every version in order of preference');
    assert.equal(request?.headers['sec-websocket-extensions'], undefined, 'per-message deflate is not offered');

    const received = deferred<string>();
    server.connections[0]?.socket.once('message', (data) => received.resolve(data.toString()));
    connection.send('[2,"1","Heartbeat",{}]');
    assert.equal(await withTimeout(received.promise, 2000, 'the server to receive'), '[2,"1","Heartbeat",{}]');

    server.connections[0]?.socket.send('[3,"1",{}]');
    server.connections[0]?.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await listener.nth('message', 1)).text, '[3,"1",{}]');
    assert.equal((await listener.nth('message', 2)).text, '<binary frame>', 'a binary frame is passed on for the session to report');
  } finally {
    connection.stop();
    await server.close();
  }
});

test('after the server closes an open connection, it reconnects by itself', async () => {
  const server = await startWsServer();
  server.wss.on('connection', (socket) => {
    if (server.connections.length === 1) socket.close(1012, 'service restart');
  });
  const wheel = new TimerWheel(5);
  const { connection, listener } = connectionTo(server.url, wheel);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const closed = await listener.nth('close', 1);
    assert.equal(closed.code, 1012);
    assert.equal(closed.reason, 'service restart');
    const backoff = await listener.nth('backoff', 1);
    assert.ok(backoff.delayMs >= 0 && backoff.delayMs < SMALL.initialMs);
    const reopened = await listener.nth('open', 2);
    assert.equal(reopened.protocol, 'ocpp1.6');
    assert.equal(server.connections.length, 2);
    assert.equal(connection.isOpen, true);
    assert.deepEqual(listener.events.map((event) => event.kind), ['open', 'close', 'backoff', 'open']);
  } finally {
    connection.stop();
    wheel.clear();
    await server.close();
  }
});

test('stop() on an open connection closes it with a normal closure and no reconnect follows', async () => {
  const server = await startWsServer();
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('open', 1);
    const serverSawClose = deferred<number>();
    server.connections[0]?.socket.once('close', (code) => serverSawClose.resolve(code));
    connection.stop();
    assert.equal(await withTimeout(serverSawClose.promise, 2000, 'the server to see the close'), 1000);
    const closed = await listener.nth('close', 1);
    assert.equal(closed.code, 1000);
    assert.equal(listener.of('backoff').length, 0, 'no back-off after stop()');
    assert.equal(clock.pending, 0, 'no retry is scheduled');
    assert.equal(connection.isOpen, false);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('stop() while a retry is waiting cancels it', async () => {
  const server = await startWsServer();
  server.wss.on('connection', (socket) => socket.close(1001, 'going away'));
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('backoff', 1);
    assert.equal(clock.pending, 1);
    connection.stop();
    assert.equal(clock.pending, 0);
    clock.advance(SMALL.maxMs * 10);
    await settle();
    assert.equal(server.connections.length, 1, 'no further connection attempt');
    assert.equal(listener.of('open').length, 1);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('stop() while the handshake is in progress ends the attempt without a retry', async () => {
  const server = await startSilentServer();
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    const started = connection.start();
    connection.stop();
    await withTimeout(started, 2000, 'start() to resolve after stop()');
    await settle();
    assert.equal(listener.of('open').length, 0);
    assert.equal(listener.of('backoff').length, 0);
    assert.equal(clock.pending, 0);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('the attempt counter resets after a successful upgrade, so the back-off bound starts again from initialMs', async () => {
  // Three refusals (attempts 0, 1, 2), then an upgrade that the server closes at once.
  const wss = new WebSocketServer({ noServer: true });
  const server = await startUpgradeServer((request, socket, head, n) => {
    if (n <= 3) refuseUpgrade(socket, 503);
    else wss.handleUpgrade(request, socket, head, (ws) => ws.close(1001, 'going away'));
  });
  const wheel = new TimerWheel(5);
  const { connection, listener } = connectionTo(server.url, wheel, { random: () => almostOne });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('backoff', 4, 3000);
    connection.stop();
    assert.deepEqual(listener.of('connectFailed').map((event) => event.attempt), [0, 1, 2]);
    // almost-1 jitter shows each bound: 10, 20, 40 ms, then 10 again after the success.
    assert.deepEqual(listener.of('backoff').map((event) => event.delayMs), [9, 19, 39, 9]);
    assert.deepEqual(listener.events.map((event) => event.kind), [
      'connectFailed', 'backoff', 'connectFailed', 'backoff', 'connectFailed', 'backoff', 'open', 'close', 'backoff',
    ]);
  } finally {
    connection.stop();
    wheel.clear();
    for (const client of wss.clients) client.terminate();
    wss.close();
    await server.close();
  }
});

test('a message larger than maxPayload is not delivered and the connection is closed, then retried', async () => {
  const server = await startWsServer();
  server.wss.on('connection', (socket) => socket.send('x'.repeat(2048)));
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock, { maxPayload: 1024 });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const closed = await listener.nth('close', 1);
    assert.equal(closed.code, 1009, 'reported with the code the connection closed with, not 1006');
    assert.match(closed.reason, /max payload size exceeded/i);
    assert.equal(listener.of('message').length, 0);
    await listener.nth('backoff', 1);
    assert.equal(clock.pending, 1);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('a text frame that is not UTF-8 closes the connection with 1007, reported as such, then retried', async () => {
  const server = await startWsServer();
  server.wss.on('connection', (socket) => socket.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false }));
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const closed = await listener.nth('close', 1);
    assert.equal(closed.code, 1007);
    assert.match(closed.reason, /UTF-8/);
    assert.equal(listener.of('message').length, 0);
    await listener.nth('backoff', 1);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('drop() closes an open connection and a reconnect follows', async () => {
  const server = await startWsServer();
  const wheel = new TimerWheel(5);
  const { connection, listener } = connectionTo(server.url, wheel);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('open', 1);
    assert.equal(connection.send('[2,"a","Heartbeat",{}]'), true, 'sent while open');
    connection.drop(1000, 'scripted flap');
    assert.equal(connection.send('[2,"b","Heartbeat",{}]'), false, 'a frame while closing is dropped, and says so');
    const closed = await listener.nth('close', 1);
    assert.equal(closed.code, 1000);
    await listener.nth('open', 2);
    assert.equal(server.connections.length, 2);
  } finally {
    connection.stop();
    wheel.clear();
    await server.close();
  }
});
