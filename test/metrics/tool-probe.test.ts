import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processSources, ToolProbe, toolWarning, type ToolSources, type ToolStats } from '../../src/metrics/tool-probe.js';

function fakeSources(): ToolSources & { t: number; cpu: number; delay: number; resets: number; closed: boolean } {
  return {
    t: 0, cpu: 0, delay: 0, resets: 0, closed: false,
    now() { return this.t; },
    cpuMicros() { return this.cpu; },
    rssBytes: () => 100 * 1024 * 1024,
    loopDelayP99Ms() { return this.delay; },
    resetLoopDelay() { this.resets++; },
    close() { this.closed = true; },
  };
}

test('CPU % is CPU time over wall time per window, and holds between windows', () => {
  const src = fakeSources();
  const probe = new ToolProbe(src, 1000);
  assert.equal(probe.sample(), undefined, 'nothing before the first window');
  src.t = 1000;
  src.cpu = 450_000; // 450 ms of CPU in 1 s
  src.delay = 12;
  assert.deepEqual(probe.sample(), { cpuSeconds: 0.45, cpuPercent: 45, rssBytes: 100 * 1024 * 1024, loopDelayP99Ms: 12 });
  assert.equal(src.resets, 1, 'the loop delay histogram restarts each window');
  src.t = 1500;
  src.cpu = 1_450_000;
  assert.equal(probe.sample()?.cpuPercent, 45, 'unchanged within a window');
  src.t = 2000;
  assert.equal(probe.sample()?.cpuPercent, 100);
  probe.close();
  assert.equal(src.closed, true);
});

test('the bottleneck warning appears above 90 % CPU or 100 ms of event-loop delay', () => {
  const stats = (cpuPercent: number, loopDelayP99Ms: number): ToolStats => ({ cpuSeconds: 0, cpuPercent, rssBytes: 0, loopDelayP99Ms });
  const cases: Array<[ToolStats | undefined, string | undefined]> = [
    [undefined, undefined],
    [stats(45, 3), undefined],
    [stats(90, 100), undefined],
    [stats(95.4, 3), 'WARNING: the load generator is the bottleneck (CPU 95% > 90%)'],
    [stats(20, 150), 'WARNING: the load generator is the bottleneck (loop delay p99 150ms > 100ms)'],
    [stats(99, 120), 'WARNING: the load generator is the bottleneck (CPU 99% > 90%, loop delay p99 120ms > 100ms)'],
  ];
  for (const [input, warning] of cases) assert.equal(toolWarning(input), warning);
});

test('the real process sources give plausible figures', async () => {
  const src = processSources();
  try {
    const probe = new ToolProbe(src, 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const stats = probe.sample();
    assert.ok(stats, 'a sample after the window');
    assert.ok(stats.cpuPercent >= 0 && stats.rssBytes > 1024 * 1024 && stats.loopDelayP99Ms >= 0, JSON.stringify(stats));
  } finally {
    src.close();
  }
});
