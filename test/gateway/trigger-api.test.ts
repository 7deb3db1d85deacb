import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { pascalAction } from '../../src/gateway/trigger-api.js';
import { Station } from '../../src/check/station.js';
import { TimerWheel } from '../../src/clock/timer-wheel.js';

// The gateway's trigger API, POST /api/octt/{version}/{id}/{action} (tzi-OCTT's shape).

let gateway: Gateway;
const wheel = new TimerWheel();
let station: Station;

before(async () => {
  gateway = await startGateway({});
  station = new Station({ url: gateway.url, id: 'TRIG-1', version: 'ocpp1.6', scheduler: wheel, callTimeoutMs: 2_000, handshakeTimeoutMs: 2_000 });
  station.handlers.Reset = (payload) => ({ status: payload.type === 'Hard' ? 'Accepted' : 'Rejected' });
  await station.open();
});
after(async () => {
  station.close();
  wheel.clear();
  await gateway.close();
});

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${gateway.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('kebab-case actions become OCPP action names', () => {
  assert.equal(pascalAction('remote-start-transaction'), 'RemoteStartTransaction');
  assert.equal(pascalAction('reset'), 'Reset');
});

test('a trigger sends the body as the CALL payload and answers with the charge point\'s answer', async () => {
  const response = await post('/api/octt/1.6/TRIG-1/reset', { type: 'Hard' });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { result: { status: 'Accepted' } });
});

test('a charge point connected with another version is 409, an unknown one 404, a bad version 400', async () => {
  const other = await post('/api/octt/2.0.1/TRIG-1/reset', { type: 'Immediate' });
  assert.equal(other.status, 409);
  assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'E_WRONG_VERSION');
  assert.equal((await post('/api/octt/1.6/NOBODY/reset', { type: 'Hard' })).status, 404);
  assert.equal((await post('/api/octt/9.9/TRIG-1/reset', { type: 'Hard' })).status, 400);
  assert.equal((await post('/api/octt/1.6/TRIG-1/reset', [1])).status, 400);
});
