import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../src/gateway/errors.js';
import { GATEWAY_DEFAULTS } from '../../src/gateway/options.js';
import { resolveGatewayOptions } from '../../src/gateway/resolve-options.js';

test('no options give the documented defaults, a random seed and derived delay and burst, frozen', () => {
  const { seed, responseDelay, rateLimitBurst, ...rest } = resolveGatewayOptions();
  assert.deepEqual(rest, {
    host: '127.0.0.1', port: 0, path: '/ocpp', heartbeatIntervalSec: 60, bootStatus: 'Accepted',
    callTimeoutMs: 30_000, validate: true, maxPayload: 65_536, responseDelayMs: 0,
    callErrorRatio: 0, dropRatio: 0, unansweredRatio: 0, maxConnections: 0, pingIntervalMs: 30_000, idleTimeoutMs: 70_000,
    readTimeoutMs: 10_000, writeTimeoutMs: 30_000, maxBufferedBytes: 4 * 1024 * 1024, maxQueuedCalls: 100, rateLimitPerSec: 0, shutdownTimeoutMs: 5_000,
    allowedOrigins: [], allowedHosts: [], certIdCheck: true, logLevel: 'info',
  });
  assert.ok(Number.isInteger(seed) && seed >= 0);
  assert.deepEqual(responseDelay, { kind: 'fixed', ms: 0 });
  assert.equal(rateLimitBurst, 1);
  assert.ok(Object.isFrozen(resolveGatewayOptions()));
  assert.deepEqual({ ...GATEWAY_DEFAULTS }, rest);
});

test('a given seed is kept, responseDelay wins over responseDelayMs, and the burst defaults to the rate', () => {
  const resolved = resolveGatewayOptions({ seed: 7, responseDelayMs: 50, responseDelay: { kind: 'exp', meanMs: 20 }, rateLimitPerSec: 2.5 });
  assert.equal(resolved.seed, 7);
  assert.deepEqual(resolved.responseDelay, { kind: 'exp', meanMs: 20 });
  assert.equal(resolved.rateLimitBurst, 3);
  assert.deepEqual(resolveGatewayOptions({ responseDelayMs: 50 }).responseDelay, { kind: 'fixed', ms: 50 });
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
    [{ bootStatus: { Accepted: -1 } }, 'bootStatus'],
    [{ bootStatus: { Maybe: 1 } }, 'bootStatus'],
    [{ responseDelay: { kind: 'uniform', minMs: 9, maxMs: 1 } }, 'responseDelay'],
    [{ callErrorRatio: 1.5 }, 'callErrorRatio'],
    [{ dropRatio: -0.1 }, 'dropRatio'],
    [{ seed: -1 }, 'seed'],
    [{ maxConnections: -1 }, 'maxConnections'],
    [{ rateLimitBurst: 0 }, 'rateLimitBurst'],
    [{ auth: {} }, 'auth'],
    [{ auth: { password: '' } }, 'auth.password'],
    [{ tls: { cert: 'x' } }, 'tls'],
    [{ allowedOrigins: 'https://a' }, 'allowedOrigins'],
    [{ logLevel: 'trace' }, 'logLevel'],
    [{ onConnect: 1 }, 'onConnect'],
    [{ handlers: { Heartbeat: 'x' } }, 'handlers'],
    [{ prot: 9000 }, "unknown option 'prot'"],
  ];
  for (const [options, word] of bad) {
    assert.throws(() => resolveGatewayOptions(options), (error: unknown) =>
      error instanceof GatewayError && error.code === 'E_BAD_OPTIONS' && error.message.includes(word), JSON.stringify(options));
  }
});
