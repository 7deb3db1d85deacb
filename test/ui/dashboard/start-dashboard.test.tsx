import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDashboard } from '../../../src/ui/dashboard/start-dashboard.js';
import { waitUntil } from '../../helpers/poll.js';
import { fakeTerminal } from './fake-terminal.js';
import { busySnapshot, HEADER } from './fixtures.js';

test('startDashboard draws on the given terminal, passes keys on, and stop() gives the terminal back', async () => {
  const term = fakeTerminal();
  let polls = 0;
  let quits = 0;
  let pauses = 0;
  const dashboard = startDashboard({
    snapshot: () => { polls++; return busySnapshot(); }, header: HEADER, stdout: term.stdout, stdin: term.stdin, refreshMs: 20,
    onQuit: () => { quits++; }, onTogglePause: () => { pauses++; },
  });
  try {
    // Under CI=true Ink writes only the final frame, so the live drawing is checked outside CI.
    if (!process.env.CI) await waitUntil(() => term.output().includes('── Charge points'), 2000, 'the dashboard to draw');
    await waitUntil(() => polls >= 3, 2000, 'a few polls');
    assert.deepEqual(term.rawModes, [true], 'raw mode while running, so keys arrive one by one');
    term.type('p');
    await waitUntil(() => pauses === 1, 1000, 'p to reach onTogglePause');
    term.type('q');
    await waitUntil(() => quits === 1, 1000, 'q to reach onQuit');
  } finally {
    await dashboard.stop();
  }
  assert.deepEqual(term.rawModes, [true, false], 'raw mode off after stop');
  if (!process.env.CI) assert.match(term.output().slice(-200), /\u001b\[2K/, 'the last write erases the dashboard');
  const polled = polls;
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(polls, polled, 'no polling after stop');
  await dashboard.stop();
});

test('a refresh interval that is not positive is refused at once', () => {
  const term = fakeTerminal();
  assert.throws(() => startDashboard({ snapshot: busySnapshot, header: HEADER, stdout: term.stdout, stdin: term.stdin, refreshMs: 0, onQuit() {}, onTogglePause() {} }), RangeError);
});
