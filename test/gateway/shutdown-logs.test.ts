import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntry } from '../../src/gateway/logger.js';
import { REDACTED, redactFrame } from '../../src/gateway/redact.js';
import { startGateway } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS, closedEvent, handshakeFailure } from './ocpp-test-client.js';

test('close() answers a CALL in flight before closing with 1001, and refuses new upgrades meanwhile', async () => {
  const gateway = await startGateway({ port: 0, responseDelayMs: 300 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-S');
  const closed = closedEvent(client.ws);
  client.send([2, 'late', 'Heartbeat', {}]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closing = gateway.close();
  const refused = await handshakeFailure(`ws://127.0.0.1:${gateway.port}/ocpp/CP-NEW`, ['ocpp1.6']).catch((e: Error) => e);
  assert.match(refused.message, /503|ECONNREFUSED/);
  const reply = await client.next();
  assert.deepEqual(reply.slice(0, 2), [3, 'late'], 'the delayed answer still arrives');
  assert.equal((await closed).code, 1001);
  await withTimeout(closing, WAIT_MS, 'close()');
});

test('close() gives up on answers in flight after shutdownTimeoutMs', async () => {
  const gateway = await startGateway({ port: 0, responseDelayMs: 10_000, shutdownTimeoutMs: 200 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-SLOW');
  const closed = closedEvent(client.ws);
  client.send([2, 'never', 'Heartbeat', {}]);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const t0 = performance.now();
  await withTimeout(gateway.close(), WAIT_MS, 'close()');
  assert.ok(performance.now() - t0 < 1500);
  assert.equal((await closed).code, 1001);
});

test('at debug level every frame is logged both ways with secrets redacted; at info no frames are', async () => {
  const entries: LogEntry[] = [];
  const gateway = await startGateway({ port: 0, logLevel: 'debug', log: (_line, entry) => { if (entry) entries.push(entry); } });
  const client = await OcppTestClient.connect(gateway.url, 'CP-L');
  try {
    const pending = gateway.call('CP-L', 'ChangeConfiguration', { key: 'AuthorizationKey', value: '00112233445566778899AABBCCDDEEFF' });
    const frame = await client.next();
    client.send([3, frame[1], { status: 'Accepted' }]);
    await pending;
    const frames = entries.filter((e) => e.level === 'debug' && /CP-L (->|<-) /.test(e.msg));
    assert.equal(frames.length, 2);
    assert.ok(frames.every((e) => e.chargePointId === 'CP-L' && !e.msg.includes('00112233')), frames.map((e) => e.msg).join('\n'));
    assert.ok(frames[0]?.msg.includes(REDACTED));
    assert.ok(entries.some((e) => e.level === 'info' && / connected from /.test(e.msg)));
  } finally {
    await client.close();
    await gateway.close();
  }
  const quiet: LogEntry[] = [];
  const info = await startGateway({ port: 0, log: (_line, entry) => { if (entry) quiet.push(entry); } });
  const other = await OcppTestClient.connect(info.url, 'CP-Q');
  await other.call('Heartbeat', {});
  await other.close();
  await info.close();
  assert.ok(quiet.every((e) => e.level !== 'debug'));
});

test('redactFrame hides passwords, AuthorizationKey and BasicAuthPassword values, and non-JSON text', () => {
  assert.equal(redactFrame('[2,"1","SetNetworkProfile",{"connectionData":{"basicAuthPassword":"p"}}]'),
    `[2,"1","SetNetworkProfile",{"connectionData":{"basicAuthPassword":"${REDACTED}"}}]`);
  assert.equal(redactFrame('[2,"1","SetVariables",{"setVariableData":[{"variable":{"name":"BasicAuthPassword"},"attributeValue":"p","component":{"name":"SecurityCtrlr"}}]}]'),
    `[2,"1","SetVariables",{"setVariableData":[{"variable":{"name":"BasicAuthPassword"},"attributeValue":"${REDACTED}","component":{"name":"SecurityCtrlr"}}]}]`);
  assert.equal(redactFrame('[3,"1",{"configurationKey":[{"key":"HeartbeatInterval","value":"60"}]}]'), '[3,"1",{"configurationKey":[{"key":"HeartbeatInterval","value":"60"}]}]');
  assert.equal(redactFrame('password=hunter2'), '<16 characters, not JSON>');
});
