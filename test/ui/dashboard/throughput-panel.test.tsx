import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import type { RateSample } from '../../../src/ui/dashboard/rate-history.js';
import { ThroughputPanel, type ThroughputPanelProps } from '../../../src/ui/dashboard/throughput-panel.js';
import { plainLines } from './fixtures.js';

/** Messages out and in growing by `perSec(i)` each second for `seconds` seconds. */
function samples(seconds: number, perSec: (i: number) => number): RateSample[] {
  const out: RateSample[] = [{ atMs: 0, sent: 0, received: 0, connects: 0 }];
  for (let i = 1; i <= seconds; i++) {
    const prev = out[i - 1] as RateSample;
    out.push({ atMs: i * 1000, sent: prev.sent + perSec(i) / 2, received: prev.received + perSec(i) / 2, connects: 0 });
  }
  return out;
}

function lines(overrides: Partial<ThroughputPanelProps>): string[] {
  const props: ThroughputPanelProps = { width: 80, rows: 3, sentPerSec: 1234, receivedPerSec: 1230, samples: [], ...overrides };
  const { lastFrame, unmount } = render(<ThroughputPanel {...props} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

test('throughput shows messages per second out, in and together now, and the peak of the last minute', () => {
  const out = lines({ samples: samples(60, (i) => (i <= 30 ? 1000 : 3000)) });
  assert.match(out[0] ?? '', /^── Throughput \(messages\/s\) ─+$/);
  assert.equal(out[1], 'out 1,234/s  in 1,230/s  total 2,464/s  peak 3,000/s');
  assert.equal(out.length, 3);
});

test('the sparkline has one column per second of the last minute, low then high', () => {
  const spark = lines({ samples: samples(60, (i) => (i <= 30 ? 1000 : 3000)) })[2] ?? '';
  assert.match(spark, /^last 60s (.{60}) now$/);
  const ticks = spark.slice('last 60s '.length, -' now'.length);
  assert.equal(ticks, '▃'.repeat(30) + '█'.repeat(30));
});

test('before a minute has passed the older columns are blank', () => {
  const spark = lines({ samples: samples(20, () => 500) })[2] ?? '';
  const ticks = spark.slice('last 60s '.length, -' now'.length);
  assert.equal(ticks, ' '.repeat(40) + '█'.repeat(20));
});

test('a narrow panel draws a shorter sparkline', () => {
  const out = lines({ width: 40, samples: samples(60, () => 100) });
  for (const line of out) assert.ok(line.length <= 40, line);
  assert.equal(out[2], `last 60s ${'█'.repeat(27)} now`);
});
