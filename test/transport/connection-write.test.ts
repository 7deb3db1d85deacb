import { test } from 'node:test';
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { connectionTo } from '../helpers/connection.js';
import { startWsServer } from '../helpers/servers.js';
import { deferred, withTimeout } from '../helpers/wait.js';

// A frame leaves the client in one write of one buffer, the frame's header and masked payload
// together, and arrives as the same text frame. Watched on the real client socket (Node's
// `net.client.socket` channel hands it over), against a real `ws` server.

/** Bytes of a client frame's header: 2, then 2 or 8 for the length, then the 4-byte mask (RFC 6455 §5.2). */
const headerBytes = (payload: number): number => 2 + (payload > 65535 ? 8 : payload > 125 ? 2 : 0) + 4;

const CASES: Array<{ name: string; frame: string | Buffer }> = [
  { name: 'a short frame', frame: '[2,"1","Heartbeat",{}]' },
  { name: 'a frame with characters outside ASCII', frame: '[2,"2","DataTransfer",{"vendorId":"Åbo","data":"≥ 7 kW €"}]' },
  { name: 'a 12 KB frame', frame: `[2,"3","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(12 * 1024)}"}]` },
  { name: 'a frame given as bytes (a prepared call)', frame: Buffer.from('[2,"4","Heartbeat",{}]') },
];

for (const { name, frame } of CASES) {
  test(`${name} leaves in one socket write of header and payload, and arrives as the same text frame`, async () => {
    const server = await startWsServer();
    const sockets: Socket[] = [];
    const onSocket = (message: unknown): void => { sockets.push((message as { socket: Socket }).socket); };
    diagnostics.subscribe('net.client.socket', onSocket);
    const { connection, listener } = connectionTo(server.url, new ManualScheduler(), { maxPayload: 64 * 1024 });
    try {
      await withTimeout(connection.start(), 2000, 'start()');
      await listener.nth('open', 1);
      assert.equal(sockets.length, 1, 'one client socket was made');
      const socket = sockets[0] as Socket;
      const writes: unknown[] = [];
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => { writes.push(chunk); return write(chunk, ...rest); }) as Socket['write'];
      const received = deferred<{ data: string; isBinary: boolean }>();
      server.connections[0]?.socket.once('message', (data, isBinary) => received.resolve({ data: String(data), isBinary }));

      assert.equal(connection.send(frame), true);
      const bytes = Buffer.byteLength(frame);
      assert.equal(writes.length, 1, 'one write');
      assert.ok(Buffer.isBuffer(writes[0]), 'of one buffer');
      assert.equal((writes[0] as Buffer).length, headerBytes(bytes) + bytes, 'holding the header and the whole payload');
      const got = await withTimeout(received.promise, 2000, 'the server to receive');
      assert.deepEqual(got, { data: String(frame), isBinary: false });
    } finally {
      diagnostics.unsubscribe('net.client.socket', onSocket);
      connection.stop();
      await server.close();
    }
  });
}
