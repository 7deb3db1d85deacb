import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { ToolPanel, type ToolPanelProps } from '../../../src/ui/dashboard/tool-panel.js';
import { plainLines } from './fixtures.js';

function lines(overrides: Partial<ToolPanelProps>): string[] {
  const { lastFrame, unmount } = render(<ToolPanel width={80} rows={2} tool={undefined} {...overrides} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

test('the tool line shows this process CPU, RSS and event-loop delay p99', () => {
  assert.deepEqual(lines({ tool: { cpuSeconds: 0, cpuPercent: 42.4, rssBytes: 150 * 1024 * 1024, loopDelayP99Ms: 3.5 } }),
    ['tool  cpu 42%  rss 150 MiB  event-loop delay p99 3.50ms']);
});

test('a saturated load generator gets a warning line in words', () => {
  const out = lines({ tool: { cpuSeconds: 0, cpuPercent: 97, rssBytes: 1024 ** 3, loopDelayP99Ms: 180 } });
  assert.deepEqual(out, [
    'tool  cpu 97%  rss 1.00 GiB  event-loop delay p99 180ms',
    'WARNING: the load generator is the bottleneck (CPU 97% > 90%, loop delay p99 180ms > 100ms)'.slice(0, 79) + '…',
  ]);
  assert.equal(lines({ rows: 1, tool: { cpuSeconds: 0, cpuPercent: 97, rssBytes: 0, loopDelayP99Ms: 0 } }).length, 1);
});

test('before the first measurement it says so', () => {
  assert.deepEqual(lines({ tool: undefined }), ['tool  measuring…']);
});
