import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceAddressOf } from '../../src/chargepoint/source-address.js';
import { DEFAULT_EPHEMERAL_PORTS, ephemeralPorts, isLoopbackV4, loopbackSources } from '../../src/cli/source-addresses.js';

// Up to 80 % of the ephemeral ports (22,585 of 28,232) a run connects unbound, as a bare client
// does; past that a loopback target is reached from more addresses of 127.0.0.0/8, every socket
// bound, a fifth of the range planned on each (5,646: Linux's bind() searches the first quarter
// of the range before the rest), and every address carries every server port alike. Pure.

test('the ephemeral port range is read from its /proc text; anything else gives the Linux default', () => {
  assert.equal(ephemeralPorts('32768\t60999\n'), 28_232);
  assert.equal(ephemeralPorts('1024 65535'), 64_512);
  assert.equal(ephemeralPorts('garbage'), DEFAULT_EPHEMERAL_PORTS);
  assert.equal(ephemeralPorts('600 500'), DEFAULT_EPHEMERAL_PORTS);
});

const addresses = (n: number): string[] => Array.from({ length: n }, (_, i) => `127.0.0.${i + 1}`);
const CASES: Array<[url: string, count: number, ports: number, sources: string[] | undefined]> = [
  ['ws://127.0.0.1:9000/ocpp', 5_000, 28_232, undefined], // fits one address
  ['ws://127.0.0.1:9000/ocpp', 10_000, 28_232, undefined], // unbound: connect() finds ports cheaply
  ['ws://127.0.0.1:9000/ocpp', 22_585, 28_232, undefined], // 80 % of the range
  ['ws://127.0.0.1:9000/ocpp', 22_586, 28_232, addresses(5)], // bound from here: a fifth of the range each
  ['ws://127.0.0.1:9000/ocpp', 50_000, 28_232, addresses(9)],
  ['ws://localhost:9000/ocpp', 50_000, 28_232, addresses(9)],
  ['ws://127.9.8.7:9000/ocpp', 30_000, 28_232, addresses(6)],
  ['ws://10.0.0.5:9000/ocpp', 50_000, 28_232, undefined], // not loopback: the run cannot know which addresses reach it
  ['ws://[::1]:9000/ocpp', 50_000, 28_232, undefined],
  ['wss://csms.example/ocpp', 50_000, 28_232, undefined],
  ['ws://127.0.0.1:9000/ocpp', 200, 100, addresses(10)],
  ['ws://127.0.0.1:9000/ocpp', 81, 100, addresses(5)], // just past 80 % unbound: bound, a fifth each
  ['ws://127.0.0.1:9000/ocpp', 80, 100, undefined],
];

for (const [url, count, ports, sources] of CASES) {
  test(`${count} connections to ${url} with ${ports} ephemeral ports use ${sources ? sources.length : "the system's"} source address(es)`, () => {
    assert.deepEqual(loopbackSources(url, count, ports), sources);
  });
}

test('past 254 addresses the next octet is used, never .0 or .255', () => {
  const sources = loopbackSources('ws://127.0.0.1:1/x', 300 * 20, 100) ?? [];
  assert.equal(sources.length, 300);
  assert.equal(sources[253], '127.0.0.254');
  assert.equal(sources[254], '127.0.1.1');
  assert.ok(sources.every((s) => !/\.(0|255)$/.test(s)));
});

test('with several server URLs every source address carries every server port alike: the address moves on after every URL', () => {
  const addresses = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
  const pairs = (urls: number, count: number): Map<string, number> => {
    const seen = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const key = `${sourceAddressOf(addresses, urls, i)}>${i % urls}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return seen;
  };
  assert.deepEqual([...pairs(1, 9)], [['127.0.0.1>0', 3], ['127.0.0.2>0', 3], ['127.0.0.3>0', 3]], 'one URL: address i mod n');
  const nine = pairs(3, 900);
  assert.equal(nine.size, 9, 'three URLs and three addresses: all nine pairs');
  assert.ok([...nine.values()].every((n) => n === 100));
  assert.equal(sourceAddressOf(addresses, 3, 4), '127.0.0.2');
  assert.equal(sourceAddressOf([], 1, 0), undefined);
});

test('loopback IPv4 is 127.0.0.0/8 or localhost', () => {
  assert.equal(isLoopbackV4('127.0.0.1'), true);
  assert.equal(isLoopbackV4('127.255.0.3'), true);
  assert.equal(isLoopbackV4('128.0.0.1'), false);
  assert.equal(isLoopbackV4('localhost'), true);
  assert.equal(isLoopbackV4('[::1]'), false);
});
