import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../../src/gateway/server.js';
import { OcppTestClient } from './ocpp-test-client.js';

/** Runs `body` against a fresh gateway and one connected client, closing both afterwards. */
async function withClient(body: (client: OcppTestClient) => Promise<void>, validate = true): Promise<void> {
  const gateway = await startGateway({ port: 0, validate });
  const client = await OcppTestClient.connect(gateway.url, 'CP-err');
  try {
    await body(client);
  } finally {
    await client.close();
    await gateway.close();
  }
}

test('an unknown action is answered with a NotImplemented CALLERROR echoing the message id', () => withClient(async (client) => {
  const reply = await client.call('FooBar', {});
  assert.deepEqual(reply.slice(0, 3), [4, 't1', 'NotImplemented']);
  assert.equal(typeof reply[3], 'string');
  assert.deepEqual(typeof reply[4], 'object');
}));

test('a BootNotification without chargePointVendor gets the 1.6 spelling OccurenceConstraintViolation', () => withClient(async (client) => {
  const reply = await client.call('BootNotification', { chargePointModel: 'Sim-1' });
  assert.deepEqual(reply.slice(0, 3), [4, 't1', 'OccurenceConstraintViolation']);
}));

test('a field of the wrong JSON type gets TypeConstraintViolation', () => withClient(async (client) => {
  const reply = await client.call('StatusNotification', { connectorId: 'one', errorCode: 'NoError', status: 'Available' });
  assert.deepEqual(reply.slice(0, 3), [4, 't1', 'TypeConstraintViolation']);
}));

test('an unknown extra property gets the 1.6 spelling FormationViolation', () => withClient(async (client) => {
  const reply = await client.call('Heartbeat', { extra: 1 });
  assert.deepEqual(reply.slice(0, 3), [4, 't1', 'FormationViolation']);
}));

test('a message that is not JSON gets a FormationViolation CALLERROR with message id "-1"', () => withClient(async (client) => {
  client.send('this is not json');
  const reply = await client.next();
  assert.deepEqual(reply.slice(0, 3), [4, '-1', 'FormationViolation']);
  assert.deepEqual(reply[4], {});
}));

test('a CALLRESULT or CALLERROR with an unknown message id gets no reply at all', () => withClient(async (client) => {
  client.send([3, 'no-such-call', {}]);
  client.send([4, 'no-such-call-either', 'GenericError', '', {}]);
  // The gateway answers in order: if it had replied to either response, that reply would come first.
  const reply = await client.call('Heartbeat', {});
  assert.equal(reply[0], 3);
}));

test('with validation off, a payload the schema forbids is still answered', () => withClient(async (client) => {
  const reply = await client.call('Heartbeat', { extra: 1 });
  assert.equal(reply[0], 3);
}, false));
