import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatorFor } from '../../src/protocol/validator.js';
import { startGateway } from '../../src/gateway/server.js';
import { OcppTestClient } from './ocpp-test-client.js';

const v16 = validatorFor('ocpp1.6');

test('a BootNotification is answered Accepted with the configured interval and the current UTC time', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 300 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-boot');
  try {
    const before = Date.now();
    const reply = await client.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Sim-1' });
    assert.equal(reply[0], 3);
    const payload = reply[2] as Record<string, unknown>;
    v16.validate('BootNotification', 'conf', payload);
    assert.equal(payload.status, 'Accepted');
    assert.equal(payload.interval, 300);
    assert.match(payload.currentTime as string, /Z$/);
    assert.ok(Math.abs(Date.parse(payload.currentTime as string) - before) < 5_000);
    assert.deepEqual(gateway.stats().boots, { Accepted: 1, Pending: 0, Rejected: 0 });
  } finally {
    await client.close();
    await gateway.close();
  }
});

for (const status of ['Pending', 'Rejected'] as const) {
  test(`a charge point answered ${status} gets SecurityError for any other call but may boot again`, async () => {
    const gateway = await startGateway({ port: 0, bootStatus: status });
    const client = await OcppTestClient.connect(gateway.url, `CP-${status}`);
    try {
      assert.equal((await client.boot()).status, status);
      const refused = await client.call('Heartbeat', {});
      assert.equal(refused[0], 4);
      assert.equal(refused[2], 'SecurityError');
      assert.deepEqual(refused[4], {});
      assert.equal((await client.boot()).status, status);
      assert.equal(gateway.stats().boots[status], 2);
    } finally {
      await client.close();
      await gateway.close();
    }
  });
}

test('a charge point that reconnects after a Pending boot is still refused until it boots', async () => {
  const gateway = await startGateway({ port: 0, bootStatus: 'Pending' });
  const first = await OcppTestClient.connect(gateway.url, 'CP-again');
  await first.boot();
  await first.close();
  const second = await OcppTestClient.connect(gateway.url, 'CP-again');
  try {
    const refused = await second.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' });
    assert.equal(refused[2], 'SecurityError');
  } finally {
    await second.close();
    await gateway.close();
  }
});

test('a charge point that never booted on this gateway is served, since a reconnect need not boot', async () => {
  const gateway = await startGateway({ port: 0, bootStatus: 'Pending' });
  const client = await OcppTestClient.connect(gateway.url, 'CP-reconnected');
  try {
    const reply = await client.call('Heartbeat', {});
    assert.equal(reply[0], 3);
    v16.validate('Heartbeat', 'conf', reply[2] as Record<string, unknown>);
  } finally {
    await client.close();
    await gateway.close();
  }
});
