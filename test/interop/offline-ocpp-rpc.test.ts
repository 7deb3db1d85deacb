import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inline, runScenario } from '../chargepoint/scenario/harness.js';
import { midTransactionScenario, OUTAGE_MS, READINGS } from '../helpers/outage-scenario.js';
import { startIndependentCsms, type IndependentCsms } from '../helpers/ocpp-rpc-csms.js';
import { waitUntil } from '../helpers/poll.js';

// An independent central system (ocpp-rpc in strict mode: it checks every message against its
// own copy of the official schemas) is stopped for 20 s in the middle of a 2.0.1 transaction and
// started again on the same port. The charge point's scenario keeps running offline; after the
// reconnect and the Accepted boot the CSMS gets every TransactionEvent once, in seqNo order,
// those made offline with offline: true and their original timestamps.

const SCENARIO = midTransactionScenario('ocpp2.0.1');

interface Logged { action: string; params: Record<string, unknown>; at: number }

test('2.0.1, an ocpp-rpc strict CSMS stopped for 20 s mid-transaction: every queued TransactionEvent arrives once, in order, offline: true, original timestamps', { timeout: 90_000 }, async () => {
  const log: Logged[] = [];
  const onCall = (_identity: string, action: string, params: Record<string, unknown>): void => { log.push({ action, params, at: Date.now() }); };
  let csms: IndependentCsms = await startIndependentCsms(['TAG-1'], undefined, { onCall });
  const port = Number(new URL(csms.url).port);
  let downAt = 0;
  try {
    const run = await runScenario(inline(SCENARIO), {
      url: csms.url,
      until: (snap) => log.some((c) => c.params.eventType === 'Ended') && (snap.metrics.offlineQueued?.TransactionEvent ?? 0) > 0
        && snap.metrics.offlineFlushed?.TransactionEvent === snap.metrics.offlineQueued?.TransactionEvent,
      maxMs: 60_000,
      during: async (fleet) => {
        // Started and two Updated answered, the next reading a second away: nothing in flight.
        await waitUntil(() => (fleet.snapshot(false).metrics.received.TransactionEvent ?? 0) >= 3, 10_000, 'three events answered');
        downAt = Date.now();
        await csms.close();
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        csms = await startIndependentCsms(['TAG-1'], undefined, { onCall, port });
      },
    });
    const events = log.filter((c) => c.action === 'TransactionEvent');
    assert.deepEqual(events.map((e) => e.params.seqNo), Array.from({ length: READINGS + 2 }, (_, i) => i), 'seqNo 0…n, each once, in order');
    assert.deepEqual(events.map((e) => e.params.eventType), ['Started', ...Array<string>(READINGS).fill('Updated'), 'Ended']);
    const bootAgain = log.map((c) => c.action).lastIndexOf('BootNotification');
    const backAt = log[bootAgain]?.at ?? 0;
    assert.ok(backAt >= downAt + OUTAGE_MS, 'booted again after the CSMS came back');
    const late = events.filter((e) => e.at >= backAt);
    assert.ok(late.length >= READINGS - 3, `most readings and the end were made offline (${late.length})`);
    for (const e of events) {
      const stamp = Date.parse(String(e.params.timestamp));
      if (e.at >= backAt) {
        assert.equal(e.params.offline, true, `seqNo ${String(e.params.seqNo)} was made offline`);
        assert.ok(stamp >= downAt && stamp < backAt, `seqNo ${String(e.params.seqNo)} keeps the time it was made`);
      } else assert.equal(e.params.offline, undefined, 'made online: no offline flag');
    }
    const afterBoot = log.slice(bootAgain + 1, bootAgain + 1 + late.length).map((c) => c.action);
    assert.deepEqual(afterBoot, late.map(() => 'TransactionEvent'), 'the queue goes first after the boot');
    const m = run.result.fleet.metrics;
    assert.equal(m.offlineQueued?.TransactionEvent, late.length);
    assert.deepEqual(m.offlineDropped, {});
    assert.equal(m.errors['callerror:FormatViolation'] ?? 0, 0, JSON.stringify(m.errors));
    assert.equal(Object.keys(m.errors).filter((k) => k.startsWith('callerror')).length, 0, 'the strict CSMS refused nothing');
  } finally {
    await csms.close();
  }
});
