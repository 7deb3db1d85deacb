import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { OcppTestClient } from './ocpp-test-client.js';

// A slow central system on demand: a real gateway on 127.0.0.1 port 0 and a raw `ws` client
// that times the gateway's answers on the wire.

async function withClient(options: GatewayOptions, fn: (client: OcppTestClient, gateway: Gateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ port: 0, ...options });
  let client: OcppTestClient | undefined;
  try {
    client = await OcppTestClient.connect(gateway.url, 'CP-DELAY');
    await fn(client, gateway);
  } finally {
    await client?.close();
    await gateway.close();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

test('with responseDelayMs 300 the BootNotification answer arrives no sooner than 300 ms after the CALL', () => withClient({ responseDelayMs: 300 }, async (client) => {
  const { value, ms } = await timed(() => client.boot());
  assert.equal(value.status, 'Accepted');
  assert.ok(ms >= 280, `answered after ${ms.toFixed(1)} ms`);
}));

test('with responseDelayMs 300 every CALL is delayed, a Heartbeat too', () => withClient({ responseDelayMs: 300 }, async (client) => {
  await client.boot();
  const { value, ms } = await timed(() => client.call('Heartbeat', {}));
  assert.equal(value[0], 3, 'a CALLRESULT');
  assert.equal(typeof (value[2] as { currentTime?: unknown }).currentTime, 'string');
  assert.ok(ms >= 280, `answered after ${ms.toFixed(1)} ms`);
}));

test('with responseDelayMs 0 the gateway answers at once', () => withClient({ responseDelayMs: 0 }, async (client) => {
  const { value, ms } = await timed(() => client.boot());
  assert.equal(value.status, 'Accepted');
  assert.ok(ms < 200, `answered after ${ms.toFixed(1)} ms`);
}));

test('a negative or fractional responseDelayMs is refused before the gateway listens', async () => {
  for (const responseDelayMs of [-1, 1.5]) {
    await assert.rejects(startGateway({ port: 0, responseDelayMs }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'E_BAD_OPTIONS');
      assert.match(error.message, /responseDelayMs/);
      return true;
    }, String(responseDelayMs));
  }
});
