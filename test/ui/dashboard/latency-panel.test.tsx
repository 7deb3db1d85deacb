import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { LatencyPanel, type LatencyPanelProps } from '../../../src/ui/dashboard/latency-panel.js';
import { pct, plainLines } from './fixtures.js';

const LATENCY = {
  BootNotification: pct(1100, 2.1, 12.3, 45.6, 60.2, 120, 250),
  Heartbeat: pct(3990, 0.5, 1.5, 3.2, 4.1, 8.25, 32),
  StatusNotification: pct(2290, 0.9, 2.2, 4.4, 5.5, 9.9, 40),
};

function lines(overrides: Partial<LatencyPanelProps> = {}): string[] {
  const props: LatencyPanelProps = { width: 80, rows: 30, latency: LATENCY, corrected: {}, selected: 'Heartbeat', ...overrides };
  const { lastFrame, unmount } = render(<LatencyPanel {...props} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

const cells = (line: string | undefined): string[] => (line ?? '').replace(/^[› ] /, '').trim().split(/\s+/);
const blocks = (line: string | undefined): number => (line?.match(/█/g) ?? []).length;

test('the table has count, p50, p90, p99 and max per action, the selected one marked ›', () => {
  const out = lines();
  assert.match(out[0] ?? '', /^── Latency per action \(CALL sent → answer\) ─+$/);
  assert.deepEqual(cells(out[1]), ['action', 'count', 'p50', 'p90', 'p99', 'max']);
  assert.deepEqual(cells(out[2]), ['BootNotification', '1,100', '12.3ms', '45.6ms', '120ms', '250ms']);
  assert.deepEqual(cells(out[3]), ['Heartbeat', '3,990', '1.50ms', '3.20ms', '8.25ms', '32.0ms']);
  assert.deepEqual(cells(out[4]), ['StatusNotification', '2,290', '2.20ms', '4.40ms', '9.90ms', '40.0ms']);
  assert.match(out[3] ?? '', /^› Heartbeat/);
  assert.match(out[2] ?? '', /^ {2}BootNotification/);
});

test('the ladder of the selected action draws min to max as bars on a linear scale', () => {
  const out = lines();
  assert.equal(out[5], '< Heartbeat > 2/3  percentile ladder, linear ms (←/→, tab)');
  const ladder = out.slice(6);
  assert.deepEqual(ladder.map((l) => cells(l).slice(0, 2)), [['min', '500µs'], ['p50', '1.50ms'], ['p90', '3.20ms'], ['p95', '4.10ms'], ['p99', '8.25ms'], ['max', '32.0ms']]);
  // 62 cells of bar at 80 columns; max is the full bar, p99 (8.25 of 32 ms) 15.98 cells of it.
  assert.equal(blocks(ladder[5]), 62);
  assert.equal(blocks(ladder[4]), 16);
  assert.ok(blocks(ladder[1]) < blocks(ladder[2]));
});

test('the corrected p99 gets a column and a rung only when it differs', () => {
  const differing = lines({ corrected: { Heartbeat: pct(3990, 0.5, 1.6, 5, 9, 210, 400), StatusNotification: pct(2290, 0.9, 2.2, 4.4, 5.5, 9.9, 40) } });
  assert.deepEqual(cells(differing[1]), ['action', 'count', 'p50', 'p90', 'p99', 'max', 'CO', 'p99']);
  assert.equal(cells(differing[2]).at(-1), '-', 'no scheduled sends of BootNotification');
  assert.equal(cells(differing[3]).at(-1), '210ms');
  assert.equal(cells(differing[4]).at(-1), '9.90ms');
  assert.ok(differing.some((l) => /^ {2}CO p99 {3}210ms {2}█+$/.test(l)), differing.join('\n'));

  const same = lines({ corrected: { Heartbeat: pct(3990, 0.5, 1.5, 3.2, 4.1, 8.25, 32) } });
  assert.ok(same.every((l) => !l.includes('CO p99')), same.join('\n'));
});

test('in a few rows the table scrolls to the selected action and the ladder keeps p50 and p99', () => {
  const out = lines({ rows: 4, selected: 'StatusNotification' });
  assert.deepEqual(out.slice(2).map((l) => cells(l)[0]), ['Heartbeat', 'StatusNotification']);
  assert.match(out[3] ?? '', /^› StatusNotification/);
  assert.equal(lines({ rows: 7 }).length, 5, 'no ladder in fewer than 3 spare rows');
  const short = lines({ rows: 3, selected: 'StatusNotification' });
  assert.deepEqual(short.map((l) => cells(l)[0]), ['──', 'action', 'StatusNotification']);
  const withLadder = lines({ rows: 8 });
  assert.deepEqual(withLadder.slice(6).map((l) => cells(l)[0]), ['p50', 'p99']);
});

test('without answers the panel says so', () => {
  assert.deepEqual(lines({ latency: {}, selected: undefined }).slice(1), ['no answers yet']);
});

test('at 60 columns long action names are cut, the figures stay', () => {
  const out = lines({ width: 60 });
  for (const line of out) assert.ok(line.length <= 60, line);
  assert.deepEqual(cells(out[4]).slice(1), ['2,290', '2.20ms', '4.40ms', '9.90ms', '40.0ms']);
  assert.match(out[4] ?? '', /^ {2}StatusNotificati… /);
});
