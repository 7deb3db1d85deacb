import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chargePointIdFrom, remoteAddressOf } from '../../src/gateway/upgrade.js';

test('the charge point id is read from {path}/{id} only, percent-decoded (OCPP-J §3.1.1)', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['/ocpp/CP-001', '/ocpp', 'CP-001'],
    ['/ocpp/RDAM%20123', '/ocpp', 'RDAM 123'],
    ['/ocpp/RDAM%7C123?token=1', '/ocpp', 'RDAM|123'],
    ['/ocpp/a:b', '/ocpp', 'a:b'],
    ['/CP-1', '', 'CP-1'],
    ['/ocpp', '/ocpp', undefined],
    ['/ocpp/', '/ocpp', undefined],
    ['/ocpp/a/b', '/ocpp', undefined],
    ['/ocppx/CP-1', '/ocpp', undefined],
    ['/other/CP-1', '/ocpp', undefined],
    ['/ocpp/%E0%A4%A', '/ocpp', undefined],
  ];
  for (const [url, base, id] of cases) assert.equal(chargePointIdFrom(url, base), id, `${url} under '${base}'`);
  assert.equal(chargePointIdFrom(undefined, '/ocpp'), undefined);
});

test('remote addresses are written host:port, IPv6 in brackets', () => {
  assert.equal(remoteAddressOf({ remoteAddress: '127.0.0.1', remotePort: 54321 }), '127.0.0.1:54321');
  assert.equal(remoteAddressOf({ remoteAddress: '::1', remotePort: 80 }), '[::1]:80');
});
