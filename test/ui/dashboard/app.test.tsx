import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../../src/ui/dashboard/app.js';
import { busySnapshot, frame, HEADER, plainLines, snapshot } from './fixtures.js';

function lines(overrides: Partial<AppProps> = {}): string[] {
  const props: AppProps = { frame: frame(), header: HEADER, columns: 80, rows: 24, selectedAction: 'Heartbeat', helpVisible: false, ...overrides };
  const { lastFrame, unmount } = render(<App {...props} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

const titles = (out: string[]): string[] => out.flatMap((l) => [...l.matchAll(/── ([A-Z][a-z]+)/g)].map((m) => m[1] as string));

test('at 80×24 every panel is stacked in one column, no line longer than 80, at most 23 rows', () => {
  const out = lines();
  assert.ok(out.length <= 23, `${out.length} rows`);
  for (const line of out) assert.ok(line.length <= 80, `${line.length}: ${line}`);
  assert.deepEqual(titles(out), ['Charge', 'Throughput', 'Latency', 'Errors']);
  assert.ok(out.some((l) => l.startsWith('tool  cpu 42%')));
  assert.ok(out.some((l) => l.startsWith('› Heartbeat')));
  assert.ok(out.some((l) => l.startsWith('accepted')));
});

test('no terminal size makes a line wider or the frame taller than the terminal', () => {
  const sizes: Array<[number, number]> = [[80, 24], [80, 12], [80, 50], [60, 20], [100, 30], [119, 40], [120, 30], [160, 50], [200, 60], [40, 10]];
  for (const [columns, rows] of sizes) {
    for (const f of [frame(), frame(snapshot())]) {
      const out = lines({ columns, rows, frame: f });
      assert.ok(out.length <= rows - 1, `${columns}×${rows}: ${out.length} rows`);
      for (const line of out) assert.ok(line.length <= columns, `${columns}×${rows}: ${line}`);
    }
  }
});

test('from 120 columns the panels sit in two columns: fleet beside latency', () => {
  const out = lines({ columns: 140, rows: 40 });
  const row = out.find((l) => l.includes('── Charge points'));
  assert.match(row ?? '', /── Charge points .*── Latency per action/);
  assert.ok(out.some((l) => /tool {2}cpu 42%/.test(l)));
  assert.ok(out.some((l) => /0:06 CP-0006/.test(l)), 'room for the recent errors');
});

test('a short terminal drops latency before the errors and the tool line', () => {
  const out = lines({ rows: 14 });
  assert.ok(out.length <= 13);
  assert.deepEqual(titles(out), ['Charge', 'Throughput', 'Errors']);
  assert.ok(out.some((l) => l.startsWith('tool ')));
});

test('the load generator warning is shown when its CPU is saturated', () => {
  const out = lines({ frame: frame(busySnapshot(), { tool: { cpuSeconds: 0, cpuPercent: 98, rssBytes: 1, loopDelayP99Ms: 1 } }) });
  assert.ok(out.some((l) => l.startsWith('WARNING: the load generator is the bottleneck')), out.join('\n'));
});

test('the help replaces the panels below the header', () => {
  const out = lines({ helpVisible: true });
  assert.match(out[2] ?? '', /^── Help \(press \? to close\)/);
  assert.ok(out.some((l) => l.startsWith('q, Ctrl-C')));
  assert.ok(out.every((l) => !l.startsWith('── Charge points')));
  assert.ok(out.length <= 23);
});

test('a paused ramp and an empty run render too', () => {
  const out = lines({ frame: frame(snapshot({ paused: true, started: 0, open: 0, everBooted: 0 }), { samples: [], tool: undefined }) });
  assert.match(out[1] ?? '', /ramp 0\/5,000 \(0%\) {2}PAUSED/);
  assert.ok(out.some((l) => l === 'no answers yet'));
  assert.ok(out.some((l) => l.startsWith('── Errors: none')));
  assert.ok(out.some((l) => l === 'tool  measuring…'));
});

test('colour adds nothing the text does not say: with and without colour the text is the same', async () => {
  const { default: chalk } = await import('chalk');
  const saved = chalk.level;
  const raw = (level: 0 | 3): string => {
    chalk.level = level;
    const { lastFrame, unmount } = render(<App frame={frame()} header={HEADER} columns={80} rows={24} selectedAction="Heartbeat" helpVisible={false} />);
    const out = lastFrame() ?? '';
    unmount();
    return out;
  };
  try {
    const coloured = raw(3);
    const plain = raw(0);
    assert.match(coloured, /\u001b\[/, 'colours when the terminal has them');
    assert.doesNotMatch(plain, /\u001b\[/, 'none with NO_COLOR (chalk level 0)');
    assert.deepEqual(plainLines(coloured), plainLines(plain));
  } finally {
    chalk.level = saved;
  }
});
