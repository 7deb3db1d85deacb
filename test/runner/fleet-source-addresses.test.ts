import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';

// With several server URLs (the embedded gateway's port per worker) and several source
// addresses, every address reaches every URL: charge point i uses URL i mod urls and address
// ⌊i / urls⌋ mod addresses (source-address.ts). Two real gateways on 127.0.0.1 port 0, sockets
// from 127.0.0.2 and 127.0.0.3 (Linux routes all of 127.0.0.0/8 to loopback).

test('8 charge points over 2 URLs and 2 source addresses: each URL sees both addresses, each pair twice', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 and 127.0.0.3' }, async () => {
  const seen: Array<[gateway: number, id: string, from: string]> = [];
  const gateways: Gateway[] = [];
  for (const k of [0, 1]) {
    gateways.push(await startGateway({
      port: 0, heartbeatIntervalSec: 60,
      onConnect: (e) => { seen.push([k, e.chargePointId, e.remoteAddress.replace(/:\d+$/, '').replace(/^::ffff:/, '')]); },
    }));
  }
  const urls = gateways.map((g) => g.url);
  const fleet = new Fleet(fleetOptions(urls[0] as string, { count: 8, urls, localAddresses: ['127.0.0.2', '127.0.0.3'] }));
  try {
    fleet.start();
    await waitUntil(() => seen.length === 8, 10_000, 'eight connections');
    const pairs = new Map<string, number>();
    for (const [k, , from] of seen) pairs.set(`${k}<${from}`, (pairs.get(`${k}<${from}`) ?? 0) + 1);
    assert.deepEqual([...pairs].sort(), [['0<127.0.0.2', 2], ['0<127.0.0.3', 2], ['1<127.0.0.2', 2], ['1<127.0.0.3', 2]]);
    const byId = Object.fromEntries(seen.map(([k, id, from]) => [id, `${k}<${from}`]));
    assert.deepEqual([byId['CP-001'], byId['CP-002'], byId['CP-003'], byId['CP-004']], ['0<127.0.0.2', '1<127.0.0.2', '0<127.0.0.3', '1<127.0.0.3']);
  } finally {
    await fleet.stop();
    for (const g of gateways) await g.close();
  }
});
