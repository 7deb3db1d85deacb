import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EPHEMERAL_PORTS, ephemeralPorts, isLoopbackV4, loopbackSources } from '../../src/cli/source-addresses.js';

// Past one source address's ephemeral ports (about 28,000 towards one server address and port),
// a loopback target is reached from more addresses of 127.0.0.0/8, planned by the run. Pure.

test('the ephemeral port range is read from its /proc text; anything else gives the Linux default', () => {
  assert.equal(ephemeralPorts('32768\t60999\n'), 28_232);
  assert.equal(ephemeralPorts('1024 65535'), 64_512);
  assert.equal(ephemeralPorts('garbage'), DEFAULT_EPHEMERAL_PORTS);
  assert.equal(ephemeralPorts('600 500'), DEFAULT_EPHEMERAL_PORTS);
});

const CASES: Array<[url: string, count: number, ports: number, sources: string[] | undefined]> = [
  ['ws://127.0.0.1:9000/ocpp', 10_000, 28_232, undefined], // fits one address
  ['ws://127.0.0.1:9000/ocpp', 22_585, 28_232, undefined], // 80% of the range
  ['ws://127.0.0.1:9000/ocpp', 22_586, 28_232, ['127.0.0.1', '127.0.0.2']],
  ['ws://127.0.0.1:9000/ocpp', 50_000, 28_232, ['127.0.0.1', '127.0.0.2', '127.0.0.3']],
  ['ws://localhost:9000/ocpp', 50_000, 28_232, ['127.0.0.1', '127.0.0.2', '127.0.0.3']],
  ['ws://127.9.8.7:9000/ocpp', 30_000, 28_232, ['127.0.0.1', '127.0.0.2']],
  ['ws://10.0.0.5:9000/ocpp', 50_000, 28_232, undefined], // not loopback: the run cannot know which addresses reach it
  ['ws://[::1]:9000/ocpp', 50_000, 28_232, undefined],
  ['wss://csms.example/ocpp', 50_000, 28_232, undefined],
  ['ws://127.0.0.1:9000/ocpp', 1000, 100, ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8', '127.0.0.9', '127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13']],
];

for (const [url, count, ports, sources] of CASES) {
  test(`${count} connections to ${url} with ${ports} ephemeral ports use ${sources ? sources.length : 'the system\'s'} source address(es)`, () => {
    assert.deepEqual(loopbackSources(url, count, ports), sources);
  });
}

test('past 254 addresses the next octet is used, never .0 or .255', () => {
  const sources = loopbackSources('ws://127.0.0.1:1/x', 300 * 80, 100) ?? [];
  assert.equal(sources.length, 300);
  assert.equal(sources[253], '127.0.0.254');
  assert.equal(sources[254], '127.0.1.1');
  assert.ok(sources.every((s) => !/\.(0|255)$/.test(s)));
});

test('loopback IPv4 is 127.0.0.0/8 or localhost', () => {
  assert.equal(isLoopbackV4('127.0.0.1'), true);
  assert.equal(isLoopbackV4('127.255.0.3'), true);
  assert.equal(isLoopbackV4('128.0.0.1'), false);
  assert.equal(isLoopbackV4('localhost'), true);
  assert.equal(isLoopbackV4('[::1]'), false);
});
