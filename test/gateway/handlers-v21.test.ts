import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayState } from '../../src/gateway/gateway-state.js';
import { startGateway } from '../../src/gateway/server.js';
import { createV21Handlers } from '../../src/gateway/v21/handlers.js';
import { minimalPayload } from '../../src/protocol/minimal-payload.js';
import { validatorFor } from '../../src/protocol/validator.js';
import { loadVersions, schemasOf, versionSpec } from '../../src/protocol/versions.js';
import { waitUntil } from '../helpers/poll.js';
import { OcppTestClient, getJson } from './ocpp-test-client.js';

// The 2.1 schemas are an ES module: loaded before anything asks for them, as run, gateway and loader do.
await loadVersions(['ocpp2.1']);
const v21 = validatorFor('ocpp2.1');
const spec = versionSpec('ocpp2.1');
const BOOT = { reason: 'PowerUp', chargingStation: { model: 'Sim-1', vendorName: 'Acme' } };
const STREAM = { id: 3, pending: 0, basetime: new Date().toISOString(), data: [{ t: 0, v: '1.0' }] };

/** A valid request of `action`: the smallest payload its 2.1 schema accepts. */
const requestOf = (action: string): Record<string, unknown> => minimalPayload(schemasOf('ocpp2.1').get(`${action}.req`) as Record<string, unknown>);

test('the 2.1 handler table answers exactly the actions a 2.1 station sends', () => {
  const table = createV21Handlers({ chooseBootStatus: () => 'Accepted', heartbeatIntervalSec: 60, state: new GatewayState() });
  assert.deepEqual(Object.keys(table).sort(), [...spec.fromChargePoint].sort());
  for (const action of spec.fromChargePoint) assert.ok(v21.actions.has(action), `${action} is a 2.1 action`);
});

test('the gateway negotiates ocpp2.1 first, then ocpp2.0.1, then ocpp1.6, and compresses 2.1', async () => {
  const gateway = await startGateway({ port: 0 });
  const offers: Array<[string[], string]> = [
    [['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'], 'ocpp2.1'],
    [['ocpp1.6', 'ocpp2.0.1'], 'ocpp2.0.1'],
    [['ocpp1.6'], 'ocpp1.6'],
  ];
  try {
    for (const [offered, chosen] of offers) {
      const client = await OcppTestClient.connect(gateway.url, `CS-${chosen}`, offered);
      assert.equal(client.ws.protocol, chosen, `offered ${offered.join(', ')}`);
      assert.equal(/permessage-deflate/.test(client.ws.extensions), chosen !== 'ocpp1.6', `compression on ${chosen}`);
      await client.close();
    }
  } finally {
    await gateway.close();
  }
});

test('every station-initiated 2.1 action gets a schema-valid answer, a SEND none, and /metrics and /connections show 2.1', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-21', ['ocpp2.1']);
  try {
    assert.equal((await client.call('BootNotification', BOOT))[0], 3);
    for (const action of spec.fromChargePoint) {
      if (spec.sendActions.includes(action)) continue;
      const payload = action === 'BootNotification' ? BOOT : requestOf(action);
      v21.validate(action, 'req', payload);
      const reply = await client.call(action, payload);
      assert.equal(reply[0], 3, `${action} answered ${JSON.stringify(reply)}`);
      assert.doesNotThrow(() => v21.validate(action, 'conf', reply[2] as Record<string, unknown>), action);
    }
    // NotifyPeriodicEventStream is a SEND: taken and counted, never answered; the Heartbeat after it is the next reply.
    client.send([6, 's-1', 'NotifyPeriodicEventStream', STREAM]);
    client.send([6, 's-2', 'NotifyPeriodicEventStream', STREAM]);
    const reply = await client.call('Heartbeat', {});
    assert.equal(reply[0], 3);
    await waitUntil(() => /ocpp_sends_total\{action="NotifyPeriodicEventStream",direction="in"\} 2/.test(gateway.metrics()), 3000, 'two SENDs counted');
    assert.match(gateway.metrics(), /ocpp_connections_total\{protocol="ocpp2\.1"\} 1/);
    const { body } = await getJson(gateway.port, '/connections');
    assert.equal(((body.connections as Record<string, { protocol: string }>)['CS-21'])?.protocol, 'ocpp2.1');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a 2.1 CALLRESULT that breaks its schema gets a CALLRESULTERROR from the gateway, and the gateway call fails', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CS-bad-answer', ['ocpp2.1']);
  try {
    assert.equal((await client.call('BootNotification', BOOT))[0], 3);
    const call = gateway.call('CS-bad-answer', 'ClearCache', {});
    const frame = await client.next();
    assert.deepEqual(frame.slice(0, 3), [2, frame[1], 'ClearCache']);
    client.send([3, frame[1], { status: 'Maybe' }]);
    await assert.rejects(call, /invalid ClearCache response/);
    const refusal = await client.next();
    assert.deepEqual(refusal.slice(0, 3), [5, frame[1], 'PropertyConstraintViolation']);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a CALLRESULTERROR with a 10,000-character code is counted as another kind and logged cut to 64 characters', async () => {
  const lines: string[] = [];
  const gateway = await startGateway({ port: 0, log: (line) => lines.push(line) });
  const client = await OcppTestClient.connect(gateway.url, 'CS-long-code', ['ocpp2.1']);
  const code = `Code${'X'.repeat(10_000)}`;
  try {
    assert.equal((await client.call('BootNotification', BOOT))[0], 3);
    client.send([5, 'r-1', code, '', {}]);
    await waitUntil(() => lines.some((line) => /CALLRESULTERROR/.test(line)), 3000, 'the refusal logged');
    const line = lines.find((l) => /CALLRESULTERROR/.test(l)) as string;
    assert.ok(line.length < 400, `the log line is bounded (${line.length} characters)`);
    assert.match(line, /CALLRESULTERROR "CodeX{60}"… \(10004 characters\)/);
    assert.doesNotMatch(gateway.metrics(), /XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/, 'no metric label holds the code');
  } finally {
    await client.close();
    await gateway.close();
  }
});
