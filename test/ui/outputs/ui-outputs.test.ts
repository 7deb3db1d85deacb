import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FleetView } from '../../../src/runner/fleet.js';
import { parseStages } from '../../../src/runner/stages.js';
import { dashboardOutput } from '../../../src/ui/outputs/dashboard.js';
import { progressLineOutput } from '../../../src/ui/outputs/progress-line.js';
import { waitUntil } from '../../helpers/poll.js';
import { fakeTerminal } from '../dashboard/fake-terminal.js';
import { busySnapshot, HEADER } from '../dashboard/fixtures.js';

// The progress line and the dashboard as outputs: they draw from attach until stop, pulling
// snapshots from the fleet they were given.

const RUN = { ...HEADER, count: 12, intervalMs: 10_000 };

function liveFleet(): FleetView & { polls: number; pauses: number } {
  const live = {
    polls: 0, pauses: 0, paused: false,
    snapshot() { live.polls++; return busySnapshot(); },
    outageBegins() {},
    pause() { live.pauses++; live.paused = true; },
    resume() { live.paused = false; },
  };
  return live;
}

test('progress line: a line per tick from attach, the bar of the run\'s duration, none after stop', async () => {
  const lines: string[] = [];
  const output = progressLineOutput((text) => lines.push(text), 20);
  assert.equal(await output.start?.(RUN), undefined);
  const live = liveFleet();
  output.attach?.(live);
  await waitUntil(() => lines.length >= 2, 20_000, 'two progress lines');
  assert.match(lines[0] as string, /^\[[=> ]{20}\]\s+\d+% .*\/40s ETA .* started \d+\/\d+ .*\n$/);
  await output.stop?.();
  const count = lines.length;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(lines.length, count, 'nothing after stop');
  await output.close?.();
});

test('dashboard: loaded at start, drawn from attach with the run\'s header, p pauses the fleet, q calls onQuit, stop gives the terminal back', async () => {
  const term = fakeTerminal();
  let quits = 0;
  const output = dashboardOutput({ terminal: { input: term.stdin, output: term.stdout }, onQuit: () => { quits++; } });
  assert.equal(output.label, '--ui');
  await output.start?.(RUN);
  const live = liveFleet();
  output.attach?.(live);
  try {
    await waitUntil(() => live.polls >= 2, 20_000, 'the dashboard to poll the fleet');
    if (!process.env.CI) await waitUntil(() => term.output().includes(HEADER.url), 20_000, 'the header with the run\'s URL');
    term.type('p');
    await waitUntil(() => live.pauses === 1, 10_000, 'p to pause the fleet');
    term.type('q');
    await waitUntil(() => quits === 1, 10_000, 'q to reach onQuit');
  } finally {
    await output.stop?.();
  }
  assert.deepEqual(term.rawModes, [true, false], 'raw mode off after stop');
  const polls = live.polls;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(live.polls, polls, 'no polling after stop');
  await output.close?.();
});

// Ink draws nothing on a terminal it thinks is CI's (see the test above).
test('dashboard: a run with stages gets the Stages panel drawn against the fleet', { skip: process.env.CI ? 'Ink does not draw under CI' : false }, async () => {
  const term = fakeTerminal();
  const output = dashboardOutput({ terminal: { input: term.stdin, output: term.stdout }, onQuit: () => {} });
  await output.start?.({ ...RUN, stages: parseStages('20s:12,20s:0') });
  const live = liveFleet();
  output.attach?.(live);
  try {
    await waitUntil(() => term.output().includes('Stages · 1/2'), 5000, 'the Stages panel');
    assert.match(term.output(), /0→12 in 20s/);
  } finally {
    await output.stop?.();
    await output.close?.();
  }
});
