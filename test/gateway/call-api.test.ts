import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS } from './ocpp-test-client.js';

/** POSTs `body` (an object is JSON-encoded, a string goes as is) and returns status and parsed JSON. */
async function post(gateway: Gateway, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await withTimeout(fetch(`${gateway.httpUrl}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
  }), WAIT_MS, `POST ${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function withOne(options: GatewayOptions, fn: (gateway: Gateway, client: OcppTestClient) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ port: 0, ...options });
  const client = await OcppTestClient.connect(gateway.url, 'CP|1');
  try {
    await fn(gateway, client);
  } finally {
    await client.close();
    await gateway.close();
  }
}

test('POST /connections/{id}/call sends the CALL and answers 200 with the CALLRESULT payload', () => withOne({}, async (gateway, client) => {
  const answer = post(gateway, '/connections/CP%7C1/call', { action: 'Reset', payload: { type: 'Soft' } });
  const frame = await client.next();
  assert.deepEqual(frame.slice(2), ['Reset', { type: 'Soft' }]);
  client.send([3, frame[1], { status: 'Accepted' }]);
  assert.deepEqual(await answer, { status: 200, body: { result: { status: 'Accepted' } } });
}));

test('a CALLERROR answer becomes 502 with its code, description and details', () => withOne({}, async (gateway, client) => {
  const answer = post(gateway, '/connections/CP%7C1/call', { action: 'ClearCache', payload: {} });
  const frame = await client.next();
  client.send([4, frame[1], 'NotSupported', 'no cache', { why: 'none' }]);
  assert.deepEqual(await answer, { status: 502, body: { error: { code: 'NotSupported', description: 'no cache', details: { why: 'none' } } } });
}));

test('no answer within callTimeoutMs becomes 504', () => withOne({ callTimeoutMs: 150 }, async (gateway, client) => {
  const answer = await post(gateway, '/connections/CP%7C1/call', { action: 'ClearCache', payload: {} });
  await client.next();
  assert.equal(answer.status, 504);
  assert.equal((answer.body.error as { code: string }).code, 'E_CALL_TIMEOUT');
}));

test('an unknown id is 404, bad JSON or a bad action 400, an invalid payload 400, a GET 405', () => withOne({}, async (gateway) => {
  const unknown = await post(gateway, '/connections/CP-9/call', { action: 'Reset', payload: { type: 'Soft' } });
  assert.equal(unknown.status, 404);
  assert.equal((unknown.body.error as { code: string }).code, 'E_UNKNOWN_CHARGE_POINT');
  for (const body of ['{"action":', '[1]', { action: 'no such' }, { action: 'Reset', payload: [1] }]) {
    const bad = await post(gateway, '/connections/CP%7C1/call', body);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal((bad.body.error as { code: string }).code, 'E_BAD_REQUEST');
  }
  const invalid = await post(gateway, '/connections/CP%7C1/call', { action: 'Reset', payload: { type: 'Sideways' } });
  assert.equal(invalid.status, 400, 'the payload fails the 1.6 schema before it is sent');
  const get = await withTimeout(fetch(`${gateway.httpUrl}/connections/CP%7C1/call`), WAIT_MS, 'GET');
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
}));

test('POST /call broadcasts to every connected charge point whose id starts with the prefix', async () => {
  const gateway = await startGateway({ port: 0, callTimeoutMs: 300 });
  const clients = await Promise.all(['A-1', 'A-2', 'B-1'].map((id) => OcppTestClient.connect(gateway.url, id)));
  const [a1, a2, b1] = clients as [OcppTestClient, OcppTestClient, OcppTestClient];
  try {
    const answer = post(gateway, '/call', { action: 'ClearCache', payload: {}, prefix: 'A-' });
    const f1 = await a1.next();
    a1.send([3, f1[1], { status: 'Accepted' }]);
    const f2 = await a2.next();
    a2.send([4, f2[1], 'InternalError', 'busy', {}]);
    const { status, body } = await answer;
    assert.equal(status, 200);
    assert.deepEqual(body, { results: {
      'A-1': { result: { status: 'Accepted' } },
      'A-2': { error: { code: 'InternalError', description: 'busy', details: {} } },
    } });
    const all = post(gateway, '/call', { action: 'ClearCache' });
    for (const client of clients) {
      const frame = await client.next();
      client.send([3, frame[1], { status: 'Rejected' }]);
    }
    assert.deepEqual(Object.keys(((await all).body.results) as object).sort(), ['A-1', 'A-2', 'B-1']);
    assert.equal(b1.ws.readyState, 1);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await gateway.close();
  }
});
