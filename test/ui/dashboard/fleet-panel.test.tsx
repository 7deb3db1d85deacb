import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { FleetPanel, type FleetPanelProps } from '../../../src/ui/dashboard/fleet-panel.js';
import { plainLines, states } from './fixtures.js';

const PROPS: FleetPanelProps = {
  width: 80, rows: 20, count: 5000, open: 1100, everBooted: 1000,
  states: states({ idle: 3800, connecting: 50, booting: 50, accepted: 1000, backoff: 100 }),
  connectsPerSec: 12.5, reconnects: 10, disconnects: 5,
};

function lines(overrides: Partial<FleetPanelProps> = {}): string[] {
  const { lastFrame, unmount } = render(<FleetPanel {...PROPS} {...overrides} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

const blocks = (line: string | undefined): number => (line?.match(/█/g) ?? []).length;

test('the fleet panel lists each occupied state with its count, share and a proportional bar', () => {
  const out = lines();
  assert.match(out[0] ?? '', /^── Charge points 5,000 · open 1,100 · booted 1,000 ─+$/);
  assert.deepEqual(out.slice(1, 6).map((l) => l.split('  ').filter(Boolean).slice(0, 3).map((s) => s.trim())), [
    ['idle', '3,800', '76%'], ['connecting', '50', '1%'], ['booting', '50', '1%'], ['accepted', '1,000', '20%'], ['backoff', '100', '2%'],
  ]);
  // 56 cells of bar at 80 columns: 76 % → 42.56 cells, 20 % → 11.2 cells.
  assert.equal(blocks(out[1]), 42);
  assert.equal(blocks(out[4]), 11);
  assert.match(out[2] ?? '', /▌$/, 'a small share still shows');
  assert.equal(out[6], 'connects 13/s  reconnects 10  disconnects 5');
  assert.equal(out.length, 7);
});

test('when rows are short the smallest states go first', () => {
  const out = lines({ rows: 4 });
  assert.equal(out.length, 4);
  assert.match(out[1] ?? '', /^idle/);
  assert.match(out[2] ?? '', /^accepted/);
  assert.match(out[3] ?? '', /^connects/);
});

test('an idle fleet shows idle at 100 %', () => {
  const out = lines({ states: states({ idle: 5000 }), open: 0, everBooted: 0 });
  assert.match(out[1] ?? '', /^idle\s+5,000 100%/);
  assert.equal(blocks(out[1]), 56);
  for (const line of out) assert.ok(line.length <= 80);
});

test('charge points in their scenario\'s offline step get their own row, apart from those backing off', () => {
  const out = lines({ states: states({ accepted: 4000, backoff: 200, offline: 800 }), open: 4000 });
  const rows = out.slice(1, 4).map((l) => l.split('  ').filter(Boolean).slice(0, 3).map((s) => s.trim()));
  assert.deepEqual(rows, [['accepted', '4,000', '80%'], ['backoff', '200', '4%'], ['offline', '800', '16%']]);
});
