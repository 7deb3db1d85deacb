import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUptime } from '../../src/gateway/http-endpoints.js';
import { startGateway } from '../../src/gateway/server.js';
import { OcppTestClient, getJson } from './ocpp-test-client.js';

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test('GET /health reports status, time, connection count and uptime', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-health');
  try {
    const { status, body } = await getJson(gateway.port, '/health');
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['connections', 'status', 'timestamp', 'uptime']);
    assert.equal(body.status, 'healthy');
    assert.match(body.timestamp as string, ISO_UTC);
    assert.equal(body.connections, 1);
    assert.match(body.uptime as string, /^\d+h\d+m\d+s$/);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('GET /connections describes every connected charge point by id', async () => {
  const gateway = await startGateway({ port: 0 });
  const booted = await OcppTestClient.connect(gateway.url, 'CP-001');
  const silent = await OcppTestClient.connect(gateway.url, 'CP-002');
  try {
    await booted.boot();
    const { status, body } = await getJson(gateway.port, '/connections');
    assert.equal(status, 200);
    assert.equal(body.total_connections, 2);
    assert.match(body.timestamp as string, ISO_UTC);
    const rows = body.connections as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(rows).sort(), ['CP-001', 'CP-002']);
    const row = rows['CP-001'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(row).sort(), ['boot_status', 'connected_at', 'last_activity', 'last_message', 'protocol', 'remote_addr', 'subprotocol']);
    assert.match(row.connected_at as string, ISO_UTC);
    assert.match(row.last_activity as string, ISO_UTC);
    assert.ok((row.last_activity as string) >= (row.connected_at as string));
    assert.match(row.remote_addr as string, /^127\.0\.0\.1:\d+$/);
    assert.equal(row.subprotocol, 'ocpp1.6');
    assert.equal(row.protocol, 'ocpp1.6');
    assert.equal(row.boot_status, 'Accepted');
    assert.equal(row.last_message, 'BootNotification');
    assert.equal(rows['CP-002']?.boot_status, null);
    assert.equal(rows['CP-002']?.last_message, null);
  } finally {
    await booted.close();
    await silent.close();
    await gateway.close();
  }
});

test('any other HTTP request gets a JSON 404', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    for (const path of ['/', '/nope', '/ocpp/CP-1', '/health/extra']) {
      const { status, body } = await getJson(gateway.port, path);
      assert.equal(status, 404, path);
      assert.equal(body.error, 'not found');
    }
  } finally {
    await gateway.close();
  }
});

test('uptime is written as hours, minutes and seconds', () => {
  const cases: Array<[number, string]> = [
    [0, '0h0m0s'],
    [999, '0h0m0s'],
    [15_000, '0h0m15s'],
    [(2 * 3600 + 30 * 60 + 15) * 1000, '2h30m15s'],
    [26 * 3600 * 1000 + 61_000, '26h1m1s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatUptime(ms), text, `${ms} ms`);
});
