import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/gateway/errors.js';
import { GATEWAY_DEFAULTS, resolveGatewayOptions } from '../../src/gateway/options.js';

test('no options give the documented defaults, frozen', () => {
  const resolved = resolveGatewayOptions();
  assert.deepEqual({ ...resolved }, {
    host: '127.0.0.1', port: 0, path: '/ocpp', heartbeatIntervalSec: 60, bootStatus: 'Accepted',
    callTimeoutMs: 30_000, validate: true, maxPayload: 65_536, responseDelayMs: 0,
  });
  assert.ok(Object.isFrozen(resolved));
  assert.deepEqual({ ...GATEWAY_DEFAULTS }, { ...resolved });
});

test('given options override the defaults, undefined ones keep them, and a trailing slash is dropped', () => {
  const log = (): void => {};
  const resolved = resolveGatewayOptions({ port: 9000, path: '/csms/', bootStatus: 'Pending', host: undefined, log });
  assert.equal(resolved.port, 9000);
  assert.equal(resolved.path, '/csms');
  assert.equal(resolved.bootStatus, 'Pending');
  assert.equal(resolved.host, '127.0.0.1');
  assert.equal(resolved.log, log);
  assert.equal(resolveGatewayOptions({ path: '/' }).path, '');
});

test('each bad option is named in one E_BAD_OPTIONS error', () => {
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ host: '' }, 'host'],
    [{ port: 70_000 }, 'port'],
    [{ port: 1.5 }, 'port'],
    [{ path: 'ocpp' }, 'path'],
    [{ path: '/ocpp?x' }, 'path'],
    [{ heartbeatIntervalSec: -1 }, 'heartbeatIntervalSec'],
    [{ bootStatus: 'accepted' }, 'bootStatus'],
    [{ callTimeoutMs: 0 }, 'callTimeoutMs'],
    [{ validate: 'yes' }, 'validate'],
    [{ maxPayload: 0 }, 'maxPayload'],
    [{ log: 'stdout' }, 'log'],
    [{ prot: 9000 }, "unknown option 'prot'"],
  ];
  for (const [options, word] of bad) {
    assert.throws(() => resolveGatewayOptions(options), (error: unknown) =>
      error instanceof GatewayError && error.code === 'E_BAD_OPTIONS' && error.message.includes(word), JSON.stringify(options));
  }
});
