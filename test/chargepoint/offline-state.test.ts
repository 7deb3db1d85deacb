import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChargePointState } from '../../src/chargepoint/states.js';
import type { Fleet, FleetSnapshot } from '../../src/runner/fleet.js';
import { waitUntil } from '../helpers/poll.js';
import { inline, runScenario, yaml } from './scenario/harness.js';

// The state a charge point shows while its scenario's `offline` step keeps it away on purpose:
// `offline`, from the cut until its next connect attempt; a loss it did not choose (the central
// system gone) shows `backoff`, as does a failed attempt after the offline hold.

/** The one charge point's state in each snapshot, polled every 5 ms, consecutive repeats folded. */
function watchStates(fleet: Fleet): { seen: ChargePointState[]; last(): FleetSnapshot; stop(): void } {
  const seen: ChargePointState[] = [];
  let last = fleet.snapshot(false);
  const timer = setInterval(() => {
    last = fleet.snapshot(false);
    const state = (Object.keys(last.states) as ChargePointState[]).find((s) => last.states[s] === 1);
    if (state !== undefined && seen.at(-1) !== state) seen.push(state);
  }, 5);
  return { seen, last: () => last, stop: () => clearInterval(timer) };
}

const OFFLINE_STEP = (ms: number): string => yaml(
  'protocol: ocpp1.6',
  'steps:',
  '  - boot',
  `  - offline: ${ms}ms`,
  '  - statusNotification: { connector: 1, status: Available }',
  '  - wait: 30s',
);

test('during its scenario\'s offline step a charge point shows offline, not backoff, in the fleet snapshot; after the reconnect it is accepted again', async () => {
  let seen: ChargePointState[] = [];
  let done = false;
  let offlineSnap: FleetSnapshot | undefined;
  await runScenario(inline(OFFLINE_STEP(1500)), {
    maxMs: 40_000,
    until: () => done,
    during: async (fleet) => {
      const watch = watchStates(fleet);
      try {
        await waitUntil(() => watch.seen.includes('offline'), 10_000, 'the cut');
        offlineSnap = watch.last();
        await waitUntil(() => (watch.last().metrics.sent.StatusNotification ?? 0) >= 1 && watch.last().states.accepted === 1, 20_000, 'the step to end');
      } finally {
        watch.stop();
      }
      seen = watch.seen;
      done = true;
    },
  });
  assert.ok(offlineSnap);
  assert.equal(offlineSnap.states.offline, 1);
  assert.equal(offlineSnap.states.backoff, 0);
  assert.equal(offlineSnap.open, 0, 'no socket while offline');
  assert.ok(!seen.includes('backoff'), `never backoff: ${seen.join(' → ')}`);
  const cut = seen.indexOf('offline');
  assert.equal(offlineSnap.everBooted, 1, 'the cut came after the Accepted boot');
  assert.equal(seen.at(-1), 'accepted', `accepted after the reconnect: ${seen.join(' → ')}`);
  assert.ok(seen.slice(cut + 1).every((s) => s !== 'offline'), `offline once, until the reconnect: ${seen.join(' → ')}`);
});

test('a charge point that lost its connection to a central system outage shows backoff, never offline', async () => {
  let seen: ChargePointState[] = [];
  let done = false;
  await runScenario(inline(yaml('protocol: ocpp1.6', 'steps:', '  - boot', '  - wait: 30s')), {
    maxMs: 40_000,
    until: () => done,
    during: async (fleet, gateway) => {
      const watch = watchStates(fleet);
      try {
        await waitUntil(() => watch.last().states.accepted === 1, 10_000, 'the boot');
        gateway?.outage(500);
        await waitUntil(() => watch.seen.includes('backoff'), 10_000, 'the loss');
        await waitUntil(() => watch.seen.at(-1) === 'accepted' && watch.last().metrics.reconnects >= 1, 20_000, 'the reconnect');
      } finally {
        watch.stop();
      }
      seen = watch.seen;
      done = true;
    },
  });
  assert.ok(!seen.includes('offline'), `never offline: ${seen.join(' → ')}`);
});

test('when the connect attempt after the offline hold fails, the charge point backs off as after any failure', async () => {
  let seen: ChargePointState[] = [];
  let done = false;
  await runScenario(inline(OFFLINE_STEP(300)), {
    maxMs: 40_000,
    until: () => done,
    during: async (fleet, gateway) => {
      const watch = watchStates(fleet);
      try {
        await waitUntil(() => watch.seen.includes('offline'), 10_000, 'the cut');
        // Refused (503) for longer than the hold: the first attempt after it fails.
        gateway?.outage(2000);
        await waitUntil(() => watch.seen.includes('backoff'), 10_000, 'the failed attempt');
        await waitUntil(() => watch.seen.at(-1) === 'accepted' && (watch.last().metrics.sent.StatusNotification ?? 0) >= 1, 20_000, 'the step to end');
      } finally {
        watch.stop();
      }
      seen = watch.seen;
      done = true;
    },
  });
  const cut = seen.indexOf('offline');
  assert.ok(cut >= 0 && seen.indexOf('backoff', cut) > cut, `offline, then backoff after the failed attempt: ${seen.join(' → ')}`);
  assert.ok(seen.slice(seen.indexOf('backoff', cut)).every((s) => s !== 'offline'), `no longer offline once the hold is over: ${seen.join(' → ')}`);
});
