import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { connectionTo } from '../helpers/connection.js';
import { startUpgradeServer, startWsServer } from '../helpers/servers.js';
import { deferred, withTimeout } from '../helpers/wait.js';

// An open socket gets its message and ping listeners when it opens (the handshake's are dropped
// then): nothing the server sends right after the upgrade may be lost, even when it comes in the
// same TCP write as the 101 response.

/** An unmasked server frame (RFC 6455 §5.2) with a payload under 126 bytes. */
function frame(opcode: number, payload: string): Buffer {
  const data = Buffer.from(payload);
  return Buffer.concat([Buffer.from([0x80 | opcode, data.length]), data]);
}

/** Accepts the upgrade with ocpp1.6 and writes `frames` in the same write as the 101 response. */
function acceptWith(request: { headers: Record<string, string | string[] | undefined> }, socket: Duplex, frames: Buffer[]): void {
  const accept = createHash('sha1').update(`${String(request.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  const head = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, 'Sec-WebSocket-Protocol: ocpp1.6', '', ''].join('\r\n');
  socket.write(Buffer.concat([Buffer.from(head), ...frames]));
}

test('frames and a ping written together with the 101 response are all delivered, in order, and the ping answered', async () => {
  const pong = deferred<Buffer>();
  let received = Buffer.alloc(0);
  const server = await startUpgradeServer((request, socket) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // A client frame is masked: opcode 0xA (pong), mask bit set, 4 mask bytes, then the payload.
      const at = received.indexOf(0x8a);
      if (at >= 0 && received.length >= at + 6 + ((received[at + 1] as number) & 0x7f)) pong.resolve(received.subarray(at));
    });
    acceptWith(request, socket, [frame(0x1, '[2,"a","Reset",{"type":"Soft"}]'), frame(0x9, 'hi'), frame(0x1, '[3,"b",{}]')]);
  });
  const { connection, listener } = connectionTo(server.url, new ManualScheduler());
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    assert.equal((await listener.nth('open', 1)).protocol, 'ocpp1.6');
    assert.equal((await listener.nth('message', 1)).text, '[2,"a","Reset",{"type":"Soft"}]');
    assert.equal((await listener.nth('message', 2)).text, '[3,"b",{}]');
    const answer = await withTimeout(pong.promise, 2000, 'the pong');
    const mask = answer.subarray(2, 6);
    const payload = Buffer.from(answer.subarray(6, 6 + ((answer[1] as number) & 0x7f)).map((byte, i) => byte ^ (mask[i % 4] as number)));
    assert.equal(payload.toString(), 'hi', 'the pong carries the ping\'s payload');
    assert.equal(listener.of('close').length, 0);
  } finally {
    connection.stop();
    await server.close();
  }
});

test('after a reconnect the new socket delivers messages once each (listeners are not added twice)', async () => {
  const server = await startWsServer();
  server.wss.on('connection', (socket) => socket.send(`[3,"hello-${server.connections.length}",{}]`));
  const scheduler = new ManualScheduler();
  const { connection, listener } = connectionTo(server.url, scheduler, { backoff: { initialMs: 0, maxMs: 0, factor: 2 } });
  try {
    await withTimeout(connection.start(), 2000, 'start()');
    assert.equal((await listener.nth('message', 1)).text, '[3,"hello-1",{}]');
    connection.drop(1000, 'again');
    await listener.nth('close', 1);
    assert.ok(listener.of('backoff').length === 1, 'a retry is scheduled');
    scheduler.advance(1);
    assert.equal((await listener.nth('message', 2)).text, '[3,"hello-2",{}]');
    server.connections[1]?.socket.send('[3,"once",{}]');
    assert.equal((await listener.nth('message', 3)).text, '[3,"once",{}]');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(listener.of('message').map((m) => m.text), ['[3,"hello-1",{}]', '[3,"hello-2",{}]', '[3,"once",{}]']);
  } finally {
    connection.stop();
    await server.close();
  }
});
