import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeHooks } from '../../src/gateway/compose-hooks.js';
import { scriptedCallHooks, type ScriptedCall } from '../../src/gateway/scripted-calls.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { Payload } from '../../src/protocol/frame.js';
import { OcppTestClient } from './ocpp-test-client.js';

// The gateway's scripted calls (a scenario's `csms:`) against a raw test client on a real gateway
// on port 0: what is sent, when, with which placeholders filled in, and what is not.

const SET: ScriptedCall = {
  protocol: 'ocpp1.6', on: 'transaction', afterMs: 50, action: 'SetChargingProfile',
  payload: { connectorId: '{{connectorId}}', csChargingProfiles: { chargingProfileId: 1, transactionId: '{{transactionId}}', stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3700 }] } } },
};
const ON_BOOT: ScriptedCall = { protocol: 'ocpp1.6', on: 'boot', afterMs: 0, action: 'GetConfiguration', payload: {} };

async function withScripted(calls: ScriptedCall[], protocols: string[], fn: (client: OcppTestClient, answers: string[]) => Promise<void>): Promise<void> {
  const answers: string[] = [];
  let gateway: Gateway | undefined;
  const scripted = scriptedCallHooks(calls, () => (id, action, payload) => (gateway as Gateway).call(id, action, payload), {
    answered: (id, action, answer) => answers.push(`${id} ${action} ${JSON.stringify(answer)}`),
    failed: (id, action, error) => answers.push(`${id} ${action} failed ${error.message}`),
  });
  const seen: string[] = [];
  gateway = await startGateway({ port: 0, callTimeoutMs: 2000, ...composeHooks(scripted.hooks, { onConnect: (e) => seen.push(e.chargePointId) }) });
  const client = await OcppTestClient.connect(gateway.url, 'CP-1', protocols);
  try {
    await fn(client, answers);
    assert.deepEqual(seen, ['CP-1'], 'composed hooks all run');
  } finally {
    scripted.stop();
    await client.close();
    await gateway.close();
  }
}

test('1.6: after the StartTransaction answer the gateway sends the call with its transactionId and connectorId; after an Accepted boot, the boot call', () =>
  withScripted([SET, ON_BOOT], ['ocpp1.6'], async (client, answers) => {
    await client.boot();
    const onBoot = await client.next();
    assert.deepEqual(onBoot.slice(2), ['GetConfiguration', {}]);
    client.send([3, onBoot[1], { configurationKey: [] }]);
    const started = await client.call('StartTransaction', { connectorId: 2, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() });
    const transactionId = (started[2] as Payload).transactionId;
    assert.equal(typeof transactionId, 'number');
    const set = await client.next();
    assert.equal(set[2], 'SetChargingProfile');
    const payload = set[3] as { connectorId: unknown; csChargingProfiles: { transactionId: unknown } };
    assert.deepEqual([payload.connectorId, payload.csChargingProfiles.transactionId], [2, transactionId], 'placeholders filled with their JSON types');
    client.send([3, set[1], { status: 'Accepted' }]);
    const deadline = Date.now() + 3000;
    while (answers.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(answers, ['CP-1 GetConfiguration {"configurationKey":[]}', 'CP-1 SetChargingProfile {"status":"Accepted"}']);
  }));

test('2.0.1: only TransactionEvent Started triggers, with the station\'s transactionId; calls for another protocol are not sent', () =>
  withScripted([SET, { ...SET, protocol: 'ocpp2.0.1', action: 'GetCompositeSchedule', payload: { evseId: '{{connectorId}}', duration: 60, customData: { vendorId: '{{transactionId}}' } } }], ['ocpp2.0.1'], async (client) => {
    const event = (eventType: string, seqNo: number): Payload => ({
      eventType, timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo, transactionInfo: { transactionId: 'tx-9' }, evse: { id: 1, connectorId: 1 },
    });
    await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
    await client.call('TransactionEvent', event('Updated', 1));
    await client.call('TransactionEvent', event('Started', 0));
    const sent = await client.next();
    assert.deepEqual(sent.slice(2), ['GetCompositeSchedule', { evseId: 1, duration: 60, customData: { vendorId: 'tx-9' } }]);
    client.send([3, sent[1], { status: 'Rejected' }]);
    await assert.rejects(client.next(), /a frame from the gateway/, 'nothing else: the 1.6 call is not for this connection, Updated does not trigger');
  }));

test('a rejected boot or a CALLERROR answer triggers nothing, and a disconnect cancels what was due', () =>
  withScripted([{ ...ON_BOOT, afterMs: 300 }], ['ocpp1.6'], async (client, answers) => {
    client.send([2, 'b1', 'BootNotification', { chargePointVendor: 'Acme' }]);
    const error = await client.next();
    assert.equal(error[0], 4, 'an invalid boot gets a CALLERROR');
    await assert.rejects(client.next(), /a frame from the gateway/);
    await client.boot();
    await client.close();
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.deepEqual(answers, [], 'the call due 300 ms after the boot was never attempted');
  }));
