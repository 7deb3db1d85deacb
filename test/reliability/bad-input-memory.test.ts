import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../../src/gateway/server.js';
import { Fleet } from '../../src/runner/fleet.js';
import { chargePointPayloadCorpus, frameCorpus, forVersion, gatewayPayloadCorpus, type Wire } from '../helpers/bad-frames.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { exposeGc, settledHeap } from '../helpers/gc.js';
import { RawClient, sendWire } from '../helpers/raw-peer.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// Bad input must cost nothing that stays: the whole corpus of malformed frames (those that do
// not close the connection) is sent 2,000 times to the gateway and to a charge point, both
// in this process, and the heap after a full collection may not grow by more than a few MB.

const ROUNDS = 2000;
const WARM_UP = 100;
/** Generous: a leak of one small object per bad frame (~60,000 frames) would exceed it. */
const HEAP_BOUND = 4 * 1024 * 1024;
const gc = exposeGc();

/** Runs `round` WARM_UP times, measures the heap, runs it ROUNDS times, and returns the growth in bytes. */
async function heapGrowth(round: () => Promise<void>): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) await round();
  const before = settledHeap(gc);
  for (let i = 0; i < ROUNDS; i++) await round();
  return settledHeap(gc) - before;
}

/** The corpus minus what closes the connection and the 2,000-deep nesting (0.7 ms of JSON.parse each; covered once by the other tests). */
const repeatable = <T extends { name: string; closes?: boolean }>(entries: T[]): T[] => entries.filter((e) => !e.closes && !/nested/.test(e.name));

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

test(`the gateway's heap does not grow while it answers the bad-frame corpus ${ROUNDS} times`, async (t) => {
  const gateway = await startGateway({ port: 0, maxPayload: 16 * 1024 });
  const client = await RawClient.connect(`${gateway.url}/BAD-CP`, 'ocpp1.6');
  try {
    const wires: Wire[] = [...repeatable(forVersion(frameCorpus(16 * 1024), 'ocpp1.6')), ...gatewayPayloadCorpus('ocpp1.6')].map((e) => e.wire);
    const growth = await heapGrowth(async () => {
      for (const wire of wires) client.send(wire);
      await client.probe(0);
      client.received.length = 0;
    });
    t.diagnostic(`heap growth after ${ROUNDS} × ${wires.length} bad frames: ${mb(growth)}`);
    assert.ok(growth < HEAP_BOUND, `heap grew by ${mb(growth)}, bound ${mb(HEAP_BOUND)}`);
    assert.ok(client.isOpen, 'still serving the connection');
  } finally {
    client.close();
    await gateway.close();
  }
});

test(`a charge point's heap does not grow while it answers the bad-frame corpus ${ROUNDS} times`, async (t) => {
  const csms = await ScriptedCsms.start();
  csms.keepFrames = false;
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1 }));
  try {
    fleet.start();
    await csms.waitFor(() => fleet.snapshot(false).states.accepted === 1, 3000, 'the charge point to boot');
    const wires: Wire[] = [...repeatable(forVersion(frameCorpus(65_536), 'ocpp1.6')), ...chargePointPayloadCorpus('ocpp1.6')].map((e) => e.wire);
    const growth = await heapGrowth(async () => {
      const socket = csms.socketOf('CP-001');
      assert.ok(socket);
      for (const wire of wires) sendWire(socket, wire);
      await csms.call('CP-001', 'ClearCache', {});
    });
    t.diagnostic(`heap growth after ${ROUNDS} × ${wires.length} bad frames: ${mb(growth)}`);
    assert.ok(growth < HEAP_BOUND, `heap grew by ${mb(growth)}, bound ${mb(HEAP_BOUND)}`);
    const m = fleet.snapshot(false).metrics;
    assert.deepEqual(m.disconnects, {}, 'still on its first connection');
    assert.ok(Object.values(m.anomalies).reduce((a, b) => a + b, 0) >= ROUNDS * 10, 'every dropped frame was counted');
    assert.ok(m.recentErrors.length <= 20, 'the recent-error list stays bounded');
  } finally {
    await fleet.stop();
    await csms.close();
  }
});
