import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { backoffDelay } from '../../src/transport/backoff.js';
import { connectionTo, SMALL_BACKOFF as SMALL } from '../helpers/connection.js';
import { closedPortUrl, refuseUpgrade, startSilentServer, startUpgradeServer, startWsServer } from '../helpers/servers.js';
import { withTimeout } from '../helpers/wait.js';

// Failed connection attempts against real servers on 127.0.0.1 port 0, no mocks: the cause is
// named, fatal causes stop, the others are retried. A ManualScheduler holds the retry, so a
// test sees whether one was scheduled without waiting for it.

test('a server that selects no subprotocol fails the connection with a fatal E_SUBPROTOCOL and no retry', async () => {
  const server = await startWsServer({ handleProtocols: () => false });
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const failed = await listener.nth('connectFailed', 1);
    assert.equal(failed.error.code, 'E_SUBPROTOCOL');
    assert.equal(failed.error.fatal, true);
    assert.equal(failed.attempt, 0);
    assert.equal(listener.of('open').length, 0);
    assert.equal(listener.of('backoff').length, 0, 'no back-off is announced');
    assert.equal(clock.pending, 0, 'no retry is scheduled');
  } finally {
    connection.stop();
    await server.close();
  }
});

test('a server that selects a subprotocol that was not offered fails the connection with a fatal E_SUBPROTOCOL', async () => {
  const server = await startWsServer({ handleProtocols: () => 'ocpp2.1' });
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const failed = await listener.nth('connectFailed', 1);
    assert.equal(failed.error.code, 'E_SUBPROTOCOL');
    assert.equal(failed.error.fatal, true);
    assert.equal(clock.pending, 0);
  } finally {
    connection.stop();
    await server.close();
  }
});

const REFUSALS: Array<{ status: number; fatal: boolean }> = [
  { status: 401, fatal: true },
  { status: 403, fatal: true },
  { status: 404, fatal: false },
  { status: 503, fatal: false },
];

for (const { status, fatal } of REFUSALS) {
  test(`an upgrade refused with HTTP ${status} fails with E_HTTP_STATUS ${status} and is ${fatal ? 'not retried' : 'retried after a back-off'}`, async () => {
    const server = await startUpgradeServer((_request, socket) => refuseUpgrade(socket, status));
    const clock = new ManualScheduler();
    const { connection, listener } = connectionTo(server.url, clock);
    try {
      await withTimeout(connection.start(), 2000, 'start()');
      const failed = await listener.nth('connectFailed', 1);
      assert.equal(failed.error.code, 'E_HTTP_STATUS');
      assert.equal(failed.error.status, status);
      assert.equal(failed.error.fatal, fatal);
      assert.equal(failed.error.label, `http-${status}`);
      assert.equal(failed.attempt, 0);
      if (fatal) {
        assert.equal(listener.of('backoff').length, 0);
        assert.equal(clock.pending, 0, 'no retry is scheduled');
        return;
      }
      const backoff = await listener.nth('backoff', 1);
      assert.equal(backoff.delayMs, backoffDelay(0, SMALL, () => 0.5));
      assert.equal(clock.pending, 1, 'one retry is scheduled');
      clock.advance(backoff.delayMs);
      const second = await listener.nth('connectFailed', 2);
      assert.equal(second.attempt, 1, 'the retry counts as the next attempt');
      assert.equal(server.upgrades, 2);
      assert.equal((await listener.nth('backoff', 2)).delayMs, backoffDelay(1, SMALL, () => 0.5));
    } finally {
      connection.stop();
      await server.close();
    }
  });
}

test('nothing listening fails with E_CONNECT and errno ECONNREFUSED, then a retry is scheduled', async () => {
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(await closedPortUrl(), clock);
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const failed = await listener.nth('connectFailed', 1);
    assert.equal(failed.error.code, 'E_CONNECT');
    assert.equal(failed.error.errno, 'ECONNREFUSED');
    assert.equal(failed.error.label, 'ECONNREFUSED');
    assert.equal(failed.error.fatal, false);
    const backoff = await listener.nth('backoff', 1);
    assert.equal(backoff.delayMs, backoffDelay(0, SMALL, () => 0.5));
    assert.equal(clock.pending, 1);
  } finally {
    connection.stop();
  }
  assert.equal(clock.pending, 0, 'stop() cancels the scheduled retry');
});

test('a server that never answers the upgrade fails with E_HANDSHAKE_TIMEOUT and is retried', async () => {
  const server = await startSilentServer();
  const clock = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, clock, { handshakeTimeoutMs: 60 });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    const failed = await listener.nth('connectFailed', 1);
    assert.equal(failed.error.code, 'E_HANDSHAKE_TIMEOUT');
    assert.equal(failed.error.fatal, false);
    await listener.nth('backoff', 1);
    assert.equal(clock.pending, 1);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('every connection attempt, first and retries, goes through the handshake gate', async () => {
  const server = await startUpgradeServer((_request, socket) => refuseUpgrade(socket, 503));
  const clock = new ManualScheduler();
  let gated = 0;
  const gate = <T>(fn: () => Promise<T>): Promise<T> => { gated++; return fn(); };
  const { connection, listener } = connectionTo(server.url, clock, { gate });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    assert.equal(gated, 1);
    clock.advance((await listener.nth('backoff', 1)).delayMs);
    await listener.nth('connectFailed', 2);
    assert.equal(gated, 2);
    assert.equal(server.upgrades, 2);
  } finally {
    connection.stop();
    await server.close();
  }
});
