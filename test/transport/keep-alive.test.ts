import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { TimerWheel } from '../../src/clock/timer-wheel.js';
import { Connection } from '../../src/transport/connection.js';
import { KeepAlive } from '../../src/transport/keep-alive.js';
import { connectionTo, settle, SMALL_BACKOFF } from '../helpers/connection.js';
import { FreezableServer } from '../helpers/freezable-server.js';
import { RecordingListener } from '../helpers/recording-listener.js';
import { startWsServer } from '../helpers/servers.js';
import { withTimeout } from '../helpers/wait.js';

// WebSocket keep-alive (OCPP-J 1.6 §5.3 WebSocketPingInterval) against real sockets on
// 127.0.0.1 port 0. A ManualScheduler where the test must count pings and timer entries, a
// TimerWheel where a half-open link must be found in real time.

const INTERVAL_MS = 800;

test('with pingIntervalMs 0 no ping is sent and no keep-alive timer is scheduled', async () => {
  const server = await FreezableServer.start(() => false);
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url(), clock, { pingIntervalMs: 0 });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('open', 1);
    assert.equal(clock.pending, 0, 'nothing scheduled while open');
    clock.advance(10 * INTERVAL_MS);
    await settle();
    assert.equal(server.connections[0]?.pings, 0);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('an open connection pings once per interval and stays open while the peer answers with pongs', async () => {
  const server = await FreezableServer.start(() => false);
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url(), clock, { pingIntervalMs: INTERVAL_MS });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    await listener.nth('open', 1);
    // Ticks of one interval, with time for each ping and its pong to cross the loopback.
    for (let i = 0; i < 5; i++) {
      clock.advance(INTERVAL_MS);
      await settle();
    }
    assert.equal(server.connections[0]?.pings, 5, 'one ping per interval');
    assert.equal(connection.isOpen, true);
    assert.equal(listener.of('close').length, 0, 'answered pings never end the connection');
  } finally {
    connection.stop();
    await server.close();
  }
});

test('a half-open link (the server stops reading, no FIN) is dropped with 1006 within two intervals and reconnected', async () => {
  const server = await FreezableServer.start((n) => n === 1);
  const wheel = new TimerWheel(5);
  const interval = 100;
  const { connection, listener } = connectionTo(server.url(), wheel, { pingIntervalMs: interval });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const openedAt = performance.now();
    const closed = await listener.nth('close', 1, 2000);
    const detectedMs = performance.now() - openedAt;
    assert.equal(closed.code, 1006);
    assert.match(closed.reason, /no pong within 100 ms/);
    assert.ok(detectedMs <= 2 * interval + 100, `found dead after ${Math.round(detectedMs)} ms, at most two intervals (+ timer slack)`);
    const backoff = await listener.nth('backoff', 1);
    assert.ok(backoff.delayMs < SMALL_BACKOFF.initialMs, 'the ordinary back-off follows');
    await listener.nth('open', 2, 2000);
    assert.equal(server.connections.length, 2, 'a new connection replaced the dead one');
    // The new link answers: it survives several intervals.
    await new Promise((resolve) => setTimeout(resolve, 3 * interval));
    assert.equal(connection.isOpen, true);
    assert.equal(listener.of('close').length, 1);
    assert.ok((server.connections[1]?.pings ?? 0) >= 2, 'the new connection is pinged too');
  } finally {
    connection.stop();
    wheel.clear();
    await server.close();
  }
});

test('fifty connections share one keep-alive timer entry, which goes away with the last connection', async () => {
  const server = await startWsServer();
  const clock = new ManualScheduler();
  const pairs = Array.from({ length: 50 }, () => connectionTo(server.url, clock, { pingIntervalMs: INTERVAL_MS }));
  try {
    await withTimeout(Promise.all(pairs.map(({ connection }) => connection.start())), 5000, 'fifty connections to open');
    assert.ok(pairs.every(({ connection }) => connection.isOpen));
    assert.equal(clock.pending, 1, 'one timer entry for fifty connections, no per-connection timer');
    let pings = 0;
    for (const { socket } of server.connections) socket.on('ping', () => { pings++; });
    clock.advance(INTERVAL_MS);
    await settle();
    assert.equal(pings, 50, 'every connection got its ping within one interval');
    assert.equal(clock.pending, 1);
    for (const { connection } of pairs) connection.stop();
    await Promise.all(pairs.map(({ listener }) => listener.nth('close', 1)));
    assert.equal(clock.pending, 0, 'no keep-alive timer is left once every connection closed');
  } finally {
    for (const { connection } of pairs) connection.stop();
    await server.close();
  }
});

test('the pings of many connections are spread over the interval, not sent in one burst', async () => {
  const server = await startWsServer();
  const clock = new ManualScheduler();
  const pairs = Array.from({ length: 40 }, () => connectionTo(server.url, clock, { pingIntervalMs: INTERVAL_MS }));
  try {
    await withTimeout(Promise.all(pairs.map(({ connection }) => connection.start())), 5000, 'forty connections to open');
    let pings = 0;
    for (const { socket } of server.connections) socket.on('ping', () => { pings++; });
    clock.advance(INTERVAL_MS / 8);
    await settle();
    assert.equal(pings, 5, "an eighth of the interval pings an eighth of the connections");
  } finally {
    for (const { connection } of pairs) connection.stop();
    await server.close();
  }
});

test('a negative or non-finite ping interval is refused when the connection is made', () => {
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new Connection('ws://127.0.0.1:1/ocpp/CP001', {
      protocols: ['ocpp1.6'], backoff: SMALL_BACKOFF, scheduler: new ManualScheduler(),
      handshakeTimeoutMs: 1000, maxPayload: 1024, random: () => 0.5, pingIntervalMs: bad,
    }, new RecordingListener()), RangeError, `pingIntervalMs ${bad}`);
  }
  assert.throws(() => new KeepAlive(new ManualScheduler(), 0), RangeError);
});

test('after the scheduler was cleared, a newly watched connection re-arms the keep-alive timer', async () => {
  const server = await FreezableServer.start((n) => n === 2);
  const wheel = new TimerWheel(5);
  const interval = 100;
  const first = connectionTo(server.url(), wheel, { pingIntervalMs: interval });
  try {
    await withTimeout(first.connection.start(), 2000, 'first start()');
    // The end of a run clears the wheel with the keep-alive tick in it.
    wheel.clear();
    await new Promise((resolve) => setTimeout(resolve, 2 * interval + 20));
    const second = connectionTo(server.url(), wheel, { pingIntervalMs: interval });
    try {
      await withTimeout(second.connection.start(), 2000, 'second start()');
      const closed = await second.listener.nth('close', 1, 2000);
      assert.equal(closed.code, 1006, 'the frozen second connection is still found dead');
    } finally {
      second.connection.stop();
    }
  } finally {
    first.connection.stop();
    wheel.clear();
    await server.close();
  }
});
