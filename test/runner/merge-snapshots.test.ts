import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../../src/metrics/recorder.js';
import type { FleetSnapshot } from '../../src/runner/fleet.js';
import { mergeFleetSnapshots } from '../../src/runner/workers/merge-snapshots.js';
import { emptyStateCounts } from '../../src/chargepoint/states.js';

/** A snapshot whose recorder saw `latencies` (ms) of BootNotification and `boots` Accepted boots. */
function snapshotOf(recorders: Recorder[], latencies: number[], extra: Partial<FleetSnapshot> = {}): FleetSnapshot {
  const recorder = new Recorder();
  for (const ms of latencies) {
    for (const r of [recorder, ...recorders]) {
      r.callSent('BootNotification');
      r.callSettled('BootNotification', 'result', ms);
      r.bootAnswered('Accepted', ms);
      r.connected(ms / 2, false);
    }
  }
  const states = emptyStateCounts();
  states.accepted = latencies.length;
  return {
    count: latencies.length, started: latencies.length, open: latencies.length, everConnected: latencies.length, everBooted: latencies.length,
    localFailures: 0, lost: 0, states, metrics: recorder.snapshot(true), firstError: undefined, allBootedMs: 100, paused: false, ...extra,
  };
}

test('merged snapshots equal one recorder of every sample: counts summed, percentiles recomputed, not averaged', () => {
  const table: Array<{ name: string; parts: number[][] }> = [
    { name: 'one shard', parts: [[1, 2, 3]] },
    { name: 'two even shards', parts: [[1, 2, 3, 4], [5, 6, 7, 8]] },
    { name: 'skewed shards', parts: [[1, 1, 1, 1, 1, 1, 1, 1, 1], [900]] },
    { name: 'an empty shard', parts: [[10, 20, 30], []] },
  ];
  for (const { name, parts } of table) {
    const whole = new Recorder();
    const snaps = parts.map((latencies, i) => snapshotOf([whole], latencies, { allBootedMs: 100 * (i + 1) }));
    const merged = mergeFleetSnapshots(snaps);
    const expected = whole.snapshot(false);
    const n = parts.flat().length;
    assert.equal(merged.count, n, name);
    assert.equal(merged.everBooted, n, name);
    assert.equal(merged.states.accepted, n, name);
    assert.deepEqual(merged.metrics.sent, expected.sent, name);
    assert.deepEqual(merged.metrics.boots, expected.boots, name);
    assert.equal(merged.metrics.connects, expected.connects, name);
    assert.deepEqual(merged.metrics.latency, expected.latency, `${name}: latency`);
    assert.deepEqual(merged.metrics.bootTime, expected.bootTime, `${name}: boot time`);
    assert.deepEqual(merged.metrics.connectTime, expected.connectTime, `${name}: connect time`);
    assert.ok(merged.metrics.histograms, `${name}: the merge keeps encoded histograms`);
    const nonEmpty = parts.map((p, i) => (p.length > 0 ? 100 * (i + 1) : 0));
    assert.equal(merged.allBootedMs, Math.max(...nonEmpty), `${name}: the last shard to boot all`);
  }
});

test('a shard still booting leaves allBootedMs undefined; the first error and a pause carry over', () => {
  const merged = mergeFleetSnapshots([
    snapshotOf([], [1], { allBootedMs: 5 }),
    snapshotOf([], [2], { allBootedMs: undefined, firstError: 'connect refused', paused: true }),
  ]);
  assert.equal(merged.allBootedMs, undefined);
  assert.equal(merged.firstError, 'connect refused');
  assert.equal(merged.paused, true);
});

test('trace outcomes merge: dropped lines summed, the first write error kept; none when no shard traced', () => {
  const merged = mergeFleetSnapshots([
    snapshotOf([], [1], { trace: { dropped: 3 } }),
    snapshotOf([], [2], { trace: { dropped: 4, error: 'ENOSPC: no space left on device, write' } }),
    snapshotOf([], [3], { trace: { dropped: 0, error: 'EIO' } }),
  ]);
  assert.deepEqual(merged.trace, { dropped: 7, error: 'ENOSPC: no space left on device, write' });
  assert.equal(mergeFleetSnapshots([snapshotOf([], [1]), snapshotOf([], [2])]).trace, undefined);
});

test('snapshots without encoded histograms or no snapshot at all are refused', () => {
  const plain = { ...snapshotOf([], [1]) };
  plain.metrics = { ...plain.metrics };
  delete plain.metrics.histograms;
  assert.throws(() => mergeFleetSnapshots([plain]), /no encoded histograms/);
  assert.throws(() => mergeFleetSnapshots([]), /nothing to merge/);
});

test('states merge state by state, offline (a scenario\'s offline step) apart from backoff', () => {
  const shard = (counts: Partial<FleetSnapshot['states']>): FleetSnapshot => {
    const snap = snapshotOf([], []);
    return { ...snap, count: 4, states: { ...emptyStateCounts(), ...counts } };
  };
  const merged = mergeFleetSnapshots([shard({ accepted: 1, offline: 2, backoff: 1 }), shard({ offline: 1, connecting: 3 })]);
  assert.deepEqual(merged.states, { ...emptyStateCounts(), accepted: 1, offline: 3, backoff: 1, connecting: 3 });
});
