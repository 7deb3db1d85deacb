import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatorFor } from '../../src/protocol/validator.js';
import { startGateway } from '../../src/gateway/server.js';
import { OcppTestClient } from './ocpp-test-client.js';

const v16 = validatorFor('ocpp1.6');
const now = new Date().toISOString();

/** One valid request of every charge-point-initiated 1.6 action, core and security whitepaper. */
const REQUESTS: Record<string, Record<string, unknown>> = {
  BootNotification: { chargePointVendor: 'Acme', chargePointModel: 'Sim-1', firmwareVersion: '1.0' },
  Heartbeat: {},
  StatusNotification: { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: now },
  Authorize: { idTag: 'TAG-1' },
  StartTransaction: { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now },
  StopTransaction: { transactionId: 1, meterStop: 1200, timestamp: now, idTag: 'TAG-1', reason: 'Local' },
  MeterValues: {
    connectorId: 1, transactionId: 1,
    meterValue: [{ timestamp: now, sampledValue: [{ value: '1200', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  },
  DataTransfer: { vendorId: 'com.example', messageId: 'hello', data: 'x' },
  DiagnosticsStatusNotification: { status: 'Uploaded' },
  FirmwareStatusNotification: { status: 'Installed' },
  SecurityEventNotification: { type: 'StartupOfTheDevice', timestamp: now },
  LogStatusNotification: { status: 'Uploaded', requestId: 1 },
  SignedFirmwareStatusNotification: { status: 'Installed', requestId: 1 },
  SignCertificate: { csr: '-----BEGIN CERTIFICATE REQUEST-----' },
};

test('every charge-point-initiated 1.6 action gets a CALLRESULT that is valid against its schema', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-all');
  try {
    for (const [action, payload] of Object.entries(REQUESTS)) {
      v16.validate(action, 'req', payload);
      const reply = await client.call(action, payload);
      assert.equal(reply[0], 3, `${action} answered ${JSON.stringify(reply)}`);
      assert.doesNotThrow(() => v16.validate(action, 'conf', reply[2] as Record<string, unknown>), action);
    }
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('StartTransaction hands out distinct positive integer transaction ids across charge points', async () => {
  const gateway = await startGateway({ port: 0 });
  const a = await OcppTestClient.connect(gateway.url, 'CP-a');
  const b = await OcppTestClient.connect(gateway.url, 'CP-b');
  try {
    const ids: number[] = [];
    for (const client of [a, b, a, b]) {
      const reply = await client.call('StartTransaction', REQUESTS.StartTransaction as Record<string, unknown>);
      const payload = reply[2] as { transactionId: number; idTagInfo: { status: string } };
      assert.equal(payload.idTagInfo.status, 'Accepted');
      ids.push(payload.transactionId);
    }
    assert.ok(ids.every((id) => Number.isInteger(id) && id > 0), `ids ${ids.join(',')}`);
    assert.equal(new Set(ids).size, ids.length);
  } finally {
    await a.close();
    await b.close();
    await gateway.close();
  }
});

test('StopTransaction carries idTagInfo only when the stop named an idTag, and DataTransfer knows no vendor', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-stop');
  try {
    const withTag = await client.call('StopTransaction', REQUESTS.StopTransaction as Record<string, unknown>);
    assert.deepEqual(withTag[2], { idTagInfo: { status: 'Accepted' } });
    const withoutTag = await client.call('StopTransaction', { transactionId: 1, meterStop: 5, timestamp: now });
    assert.deepEqual(withoutTag[2], {});
    const transfer = await client.call('DataTransfer', { vendorId: 'com.example' });
    assert.deepEqual(transfer[2], { status: 'UnknownVendorId' });
  } finally {
    await client.close();
    await gateway.close();
  }
});
