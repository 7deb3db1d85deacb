import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csmsLog } from '../helpers/csms-log.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { midTransactionScenario, OUTAGE_MS, READINGS } from '../helpers/outage-scenario.js';
import { inline, runScenario } from './scenario/harness.js';

// The embedded gateway goes down for 20 s (POST /outage: every socket dropped, upgrades refused)
// in the middle of a 1.6 transaction whose scenario keeps running offline: the readings taken
// meanwhile and the stop wait in the queue, and after the reconnect and the Accepted boot the
// gateway gets every one once, in order, with its original timestamp and the transaction's id.

const SCENARIO = midTransactionScenario('ocpp1.6');

test('1.6, embedded gateway down for 20 s mid-transaction: every queued message arrives once, in order, with its original timestamp', { timeout: 90_000 }, async () => {
  const log = csmsLog();
  let downAt = 0;
  let upAt = 0;
  const run = await runScenario(inline(SCENARIO), {
    gateway: { onMessage: log.onMessage },
    until: (snap) => (snap.metrics.offlineFlushed?.StopTransaction ?? 0) > 0 && upAt > 0,
    maxMs: 60_000,
    during: async (fleet, gateway) => {
      // Between two readings (the second one answered, the third a second away): nothing in flight.
      await waitUntil(() => (fleet.snapshot(false).metrics.received.MeterValues ?? 0) >= 2, 10_000, 'two readings answered');
      downAt = Date.now();
      const response = await withTimeout(fetch(`${gateway?.httpUrl}/outage`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ duration: `${OUTAGE_MS}ms` }),
      }), 5000, 'POST /outage');
      assert.equal(response.status, 200);
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      upAt = Date.now();
    },
  });
  const txId = run.results('StartTransaction')[0]?.transactionId;
  const tx = log.calls.filter((c) => ['StartTransaction', 'MeterValues', 'StopTransaction'].includes(c.action));
  assert.deepEqual(tx.map((c) => c.action), ['StartTransaction', ...Array<string>(READINGS).fill('MeterValues'), 'StopTransaction'], 'each once, in order');
  assert.equal(new Set(tx.map((c) => c.id)).size, tx.length, 'no message id twice');
  assert.ok(tx.slice(1).every((c) => c.payload.transactionId === txId), 'every later message names the transaction');
  const stamps = tx.slice(1, -1).map((c) => Date.parse((c.payload.meterValue as Array<{ timestamp: string }>)[0]?.timestamp ?? ''));
  assert.ok(stamps.every((t, i) => i === 0 || t > (stamps[i - 1] as number)), 'readings in time order');
  const lastBoot = log.calls.map((c) => c.action).lastIndexOf('BootNotification');
  const backAt = log.calls[lastBoot]?.at ?? 0;
  assert.ok(backAt >= downAt + OUTAGE_MS - 50, 'the boot again came after the outage');
  const offline = tx.filter((c) => c.at >= backAt);
  assert.ok(offline.length >= READINGS - 3, `most readings and the stop were kept offline (${offline.length})`);
  for (const c of offline) {
    const stamp = Date.parse(String(c.action === 'StopTransaction' ? c.payload.timestamp : (c.payload.meterValue as Array<{ timestamp: string }>)[0]?.timestamp));
    assert.ok(stamp >= downAt && stamp < backAt, `${c.action} stamped ${new Date(stamp).toISOString()}: made during the outage, not when sent`);
  }
  const m = run.result.fleet.metrics;
  const queued = Object.values(m.offlineQueued ?? {}).reduce((a, b) => a + b, 0);
  assert.equal(queued, offline.length, 'what the charge point queued is what arrived after the outage');
  assert.deepEqual(m.offlineFlushed, m.offlineQueued);
  assert.deepEqual(m.offlineDropped, {});
  assert.equal(m.flushTime?.count, 1);
  assert.ok((m.offlineAge?.max ?? 0) >= OUTAGE_MS - 4000, `the oldest waited most of the outage (${m.offlineAge?.max} ms)`);
  const afterBoot = log.calls.slice(lastBoot + 1).map((c) => c.action);
  assert.deepEqual(afterBoot.slice(0, offline.length), offline.map((c) => c.action), 'the flush comes first after the boot');
});
