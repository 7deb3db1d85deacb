import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { parseStages } from '../../../src/runner/stages.js';
import { App } from '../../../src/ui/dashboard/app.js';
import { StagePanel } from '../../../src/ui/dashboard/stage-panel.js';
import { StageTrack, type StageView } from '../../../src/ui/dashboard/stage-track.js';
import { busySnapshot, frame, HEADER, plainLines } from './fixtures.js';

function draw(element: React.ReactElement): string[] {
  const { lastFrame, unmount } = render(element);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

/** `--stages 10s:100,10s:100,10s:0` polled once a second up to `untilMs`, the fleet lagging the plan by one second. */
function viewAt(untilMs: number): StageView {
  const plan = parseStages('10s:100,10s:100,10s:0');
  const track = new StageTrack(plan);
  let view = track.observe(0, false, { open: 0, accepted: 0 });
  for (let ms = 1000; ms <= untilMs; ms += 1000) {
    const open = Math.max(0, Math.min(100, ms <= 20_000 ? (ms - 1000) / 100 : 100 - (ms - 21_000) / 100));
    view = track.observe(ms, false, { open, accepted: Math.max(0, open - 2) });
  }
  return view;
}

test('the stage panel draws the plan over the whole run, what was open so far on the same axis, the stage ends and now', () => {
  const out = draw(<StagePanel width={45} rows={8} view={viewAt(15_000)} />);
  assert.equal(out[0], '── Stages · 2/3 · planned 100 · open 100 ────');
  // 40 columns of 0.75 s, each the plan's target at its end: a rising third, a flat third, a falling third.
  assert.equal(out[1], 'plan ▂▂▃▃▄▄▅▅▆▆▇▇███████████████▇▇▆▆▅▅▄▄▃▃▂▂▁');
  // What was open, up to now (15 s of 30: 21 columns), a second behind the plan; nothing after now.
  assert.equal(out[2], 'open ▁▁▂▂▂▃▄▄▅▅▆▆▇▇███████');
  // Stage ends at 10 s and 20 s (columns 13 and 26), now at 15 s (column 20).
  assert.equal(out[3], `${' '.repeat(5 + 13)}|${' '.repeat(6)}↑${' '.repeat(5)}|`);
  assert.equal(out[4], ' 1 0→100 in 10s  ends 0:10  open 90  booted …', 'the fleet at the end of stage 1, cut to the width');
  assert.equal(out[5], '›2 hold 100 for 10s  ends 0:20  now open 100');
  assert.equal(out[6], ' 3 100→0 in 10s  ends 0:30  -');
  for (const line of out) assert.ok(line.length <= 45, line);
});

test('once the plan is over the title says so and every stage has the fleet at its end', () => {
  const out = draw(<StagePanel width={60} rows={7} view={viewAt(31_000)} />);
  assert.match(out[0] ?? '', /^── Stages · plan done · open 0 ─+$/);
  assert.doesNotMatch(out[3] ?? '', /↑/, 'no now marker after the end');
  assert.equal(out[4], ' 1 0→100 in 10s  ends 0:10  open 90  booted 88');
  assert.equal(out[5], ' 2 hold 100 for 10s  ends 0:20  open 100  booted 98');
  assert.equal(out[6], ' 3 100→0 in 10s  ends 0:30  open 10  booted 8');
});

test('few rows keep the chart; a plan of many stages lists those around the current one', () => {
  assert.equal(draw(<StagePanel width={45} rows={3} view={viewAt(15_000)} />).length, 3);
  const plan = parseStages(Array.from({ length: 20 }, (_, i) => `1s:${(i + 1) * 10}`).join(','));
  const track = new StageTrack(plan);
  const out = draw(<StagePanel width={60} rows={10} view={track.observe(12_500, false, { open: 120, accepted: 118 })} />);
  const listed = out.slice(4).map((l) => Number(/^.(\d+) /.exec(l)?.[1]));
  assert.deepEqual(listed, [10, 11, 12, 13, 14, 15], 'six rows at most, the current stage (13) inside');
  assert.match(out.find((l) => l.startsWith('›')) ?? '', /^›13 120→130 in 1s/);
});

test('the dashboard shows the stage panel when the run has stages, within the terminal, and none without', () => {
  const staged = frame(busySnapshot(), { stages: viewAt(15_000) });
  for (const [columns, rows] of [[80, 24], [80, 14], [120, 30], [160, 50], [40, 10]] as Array<[number, number]>) {
    const out = draw(<App frame={staged} header={HEADER} columns={columns} rows={rows} selectedAction="Heartbeat" helpVisible={false} />);
    assert.ok(out.length <= rows - 1, `${columns}×${rows}: ${out.length} rows`);
    for (const line of out) assert.ok(line.length <= columns, `${columns}×${rows}: ${line}`);
    if (rows >= 14) assert.ok(out.some((l) => /── Stages · 2\/3/.test(l)), `${columns}×${rows}: the stage panel\n${out.join('\n')}`);
  }
  const plain = draw(<App frame={frame()} header={HEADER} columns={80} rows={40} selectedAction="Heartbeat" helpVisible={false} />);
  assert.ok(!plain.some((l) => l.includes('── Stages')));
});
