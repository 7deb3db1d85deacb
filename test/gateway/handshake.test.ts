import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startGateway } from '../../src/gateway/server.js';
import { SERVED_VERSIONS } from '../../src/gateway/protocols.js';
import { OcppTestClient, closeWebSocket, closedEvent, getJson, handshakeFailure } from './ocpp-test-client.js';

test('an upgrade to a path other than {path}/{chargePointId} is refused with HTTP 404', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const base = `ws://127.0.0.1:${gateway.port}`;
    for (const path of ['/elsewhere/CP-1', '/ocpp', '/ocpp/', '/ocpp/a/b']) {
      const error = await handshakeFailure(`${base}${path}`, ['ocpp1.6']);
      assert.match(error.message, /Unexpected server response: 404/, path);
    }
    // The path is right, the id is not: 400 with the reason (identity.test.ts).
    assert.match((await handshakeFailure(`${base}/ocpp/%E0%A4%A`, ['ocpp1.6'])).message, /Unexpected server response: 400/);
    assert.equal(gateway.connectionCount, 0);
  } finally {
    await gateway.close();
  }
});

test('a client offering only ocpp2.0 gets a handshake without subprotocol and no session', async () => {
  const logs: string[] = [];
  const gateway = await startGateway({ port: 0, log: (line) => logs.push(line) });
  try {
    const error = await handshakeFailure(`${gateway.url}/CP-old`, ['ocpp2.0']);
    assert.match(error.message, /Server sent no subprotocol/);
    assert.equal(gateway.connectionCount, 0);
    assert.ok(logs.some((line) => line.includes('CP-old') && line.includes('refused')), logs.join('\n'));
  } finally {
    await gateway.close();
  }
});

test('a client offering no subprotocol is closed at once with code 1002 and a reason', async () => {
  const gateway = await startGateway({ port: 0 });
  const ws = new WebSocket(`${gateway.url}/CP-none`);
  try {
    const { code, reason } = await closedEvent(ws);
    assert.equal(code, 1002);
    assert.match(reason, /subprotocol/);
    assert.equal(ws.protocol, '');
    assert.equal(gateway.connectionCount, 0);
  } finally {
    await closeWebSocket(ws);
    await gateway.close();
  }
});

test("the subprotocol chosen is the gateway's preferred one among those offered, not the client's first", async () => {
  const gateway = await startGateway({ port: 0 });
  const offered = ['ocpp2.2', 'ocpp2.0', ...[...SERVED_VERSIONS].reverse()];
  const client = await OcppTestClient.connect(gateway.url, 'CP-pref', offered);
  try {
    assert.equal(client.ws.protocol, SERVED_VERSIONS[0]);
    // OCPP-J 2.0.1 §3.3: a 2.0.1 CSMS supports permessage-deflate.
    assert.match(client.ws.extensions, /permessage-deflate/);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a 1.6 connection gets no compression even when the client offers it (OCPP-J 1.6 §5.1)', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-16-deflate', ['ocpp1.6']);
  try {
    assert.equal(client.ws.protocol, 'ocpp1.6');
    assert.equal(client.ws.extensions, '');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('the charge point id is the percent-decoded last path segment', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'RDAM|123');
  try {
    const { body } = await getJson(gateway.port, '/connections');
    assert.deepEqual(Object.keys(body.connections as object), ['RDAM|123']);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a second connection with the same id replaces the first, which is closed with code 4000 and a reason', async () => {
  const gateway = await startGateway({ port: 0 });
  const first = await OcppTestClient.connect(gateway.url, 'CP-dup');
  const firstClosed = first.closed();
  const second = await OcppTestClient.connect(gateway.url, 'CP-dup');
  try {
    const { code, reason } = await firstClosed;
    assert.equal(code, 4000);
    assert.match(reason, /replaced/);
    const reply = await second.call('Heartbeat', {});
    assert.equal(reply[0], 3);
    // The old socket's close must not unregister the new connection: calls still reach the new one.
    assert.equal(gateway.connectionCount, 1);
    const pending = gateway.call('CP-dup', 'ClearCache', {});
    const frame = await second.next();
    assert.equal(frame[2], 'ClearCache');
    second.send([3, frame[1], { status: 'Accepted' }]);
    assert.deepEqual(await pending, { status: 'Accepted' });
  } finally {
    await first.close();
    await second.close();
    await gateway.close();
  }
});

test('a message larger than maxPayload closes the connection with 1009', async () => {
  const gateway = await startGateway({ port: 0, maxPayload: 1024 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-big');
  try {
    const closed = client.closed();
    client.send([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'y'.repeat(2048) }]);
    assert.equal((await closed).code, 1009);
  } finally {
    await client.close();
    await gateway.close();
  }
});
