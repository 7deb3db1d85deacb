import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FleetSnapshot } from '../../../src/runner/fleet.js';
import { parseStages } from '../../../src/runner/stages.js';
import { DashboardSampler, HISTORY_MS } from '../../../src/ui/dashboard/sampler.js';
import { metrics, snapshot, states } from './fixtures.js';

test('each sample reads the snapshot once and derives rates from the totals of successive samples', () => {
  let t = 0;
  let reads = 0;
  let sent = 0;
  const read = (): FleetSnapshot => {
    reads++;
    return snapshot({ metrics: metrics({ sent: { Heartbeat: sent, StatusNotification: sent }, received: { Heartbeat: sent }, connects: sent / 10 }) });
  };
  const sampler = new DashboardSampler(read, { refreshMs: 250, now: () => t, tool: () => ({ cpuSeconds: 0, cpuPercent: 1, rssBytes: 2, loopDelayP99Ms: 3 }) });
  const first = sampler.sample();
  assert.equal(reads, 1);
  assert.equal(first.sentPerSec, 0, 'no rate from one sample');
  for (let i = 1; i <= 8; i++) {
    t = i * 250;
    sent = i * 250; // 1000/s per action
    sampler.sample();
  }
  const frame = sampler.sample();
  assert.equal(reads, 10);
  assert.equal(frame.elapsedMs, 2000);
  assert.equal(frame.sentPerSec, 2000);
  assert.equal(frame.receivedPerSec, 1000);
  assert.equal(frame.connectsPerSec, 100);
  assert.deepEqual(frame.tool, { cpuSeconds: 0, cpuPercent: 1, rssBytes: 2, loopDelayP99Ms: 3 });
  assert.deepEqual(frame.samples.at(-1), { atMs: 2000, sent: 4000, received: 2000, connects: 200 });
});

test('the history covers a little more than a minute and no more', () => {
  let t = 0;
  const sampler = new DashboardSampler(() => snapshot(), { refreshMs: 250, now: () => t });
  let frame = sampler.sample();
  for (let i = 1; i <= 1000; i++) {
    t = i * 250;
    frame = sampler.sample();
  }
  const span = (frame.samples.at(-1)?.atMs ?? 0) - (frame.samples[0]?.atMs ?? 0);
  assert.ok(span >= 60_000 && span <= HISTORY_MS + 500, `history spans ${span} ms`);
});

test('with a stage plan each frame carries the plan against the fleet as polled (open sockets, booted charge points); without one none', () => {
  let t = 0;
  const read = (): FleetSnapshot => snapshot({ open: t / 100, states: states({ accepted: t / 200 }) });
  const sampler = new DashboardSampler(read, { refreshMs: 500, now: () => t, stages: parseStages('10s:100,10s:0') });
  t = 5_000;
  const frame = sampler.sample();
  assert.equal(frame.stages?.planned, 50);
  assert.deepEqual(frame.stages?.now, { open: 50, accepted: 25 });
  t = 10_500;
  assert.deepEqual(sampler.sample().stages?.ends, [{ open: 105, accepted: 52.5 }, null]);
  assert.equal(new DashboardSampler(read, { refreshMs: 500 }).sample().stages, undefined);
});
