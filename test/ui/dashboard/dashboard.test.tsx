import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import type { FleetSnapshot } from '../../../src/runner/fleet.js';
import { Dashboard } from '../../../src/ui/dashboard/dashboard.js';
import { waitUntil } from '../../helpers/poll.js';
import { busySnapshot, HEADER, plainLines } from './fixtures.js';

const KEY = { tab: '\t', shiftTab: '\u001b[Z', right: '\u001b[C', left: '\u001b[D', ctrlC: '\u0003', escape: '\u001b' };

function mount(read: () => FleetSnapshot = () => busySnapshot()) {
  const calls = { quit: 0, pause: 0, snapshots: 0 };
  const instance = render(
    <Dashboard header={HEADER} refreshMs={20} snapshot={() => { calls.snapshots++; return read(); }}
      onQuit={() => { calls.quit++; }} onTogglePause={() => { calls.pause++; }} />,
  );
  const text = (): string => plainLines(instance.lastFrame()).join('\n');
  const press = async (key: string, until: () => boolean, what: string): Promise<void> => {
    instance.stdin.write(key);
    await waitUntil(until, 1000, what);
  };
  return { ...instance, calls, text, press };
}

test('q and Ctrl-C call onQuit; p calls onTogglePause', async () => {
  const d = mount();
  try {
    await waitUntil(() => d.text().includes('› BootNotification'), 1000, 'the first frame');
    await d.press('q', () => d.calls.quit === 1, 'q to quit');
    await d.press(KEY.ctrlC, () => d.calls.quit === 2, 'Ctrl-C to quit');
    await d.press('p', () => d.calls.pause === 1, 'p to pause');
    await d.press('p', () => d.calls.pause === 2, 'p again to resume');
    assert.deepEqual({ quit: d.calls.quit, pause: d.calls.pause }, { quit: 2, pause: 2 });
  } finally {
    d.unmount();
  }
});

test('tab and the arrows change the action of the latency ladder', async () => {
  const d = mount();
  try {
    await waitUntil(() => d.text().includes('< BootNotification > 1/3'), 1000, 'the first action selected');
    await d.press(KEY.tab, () => d.text().includes('< Heartbeat > 2/3'), 'tab to the next action');
    assert.match(d.text(), /^› Heartbeat/m);
    await d.press(KEY.right, () => d.text().includes('< StatusNotification > 3/3'), 'right arrow');
    await d.press(KEY.tab, () => d.text().includes('< BootNotification > 1/3'), 'tab wraps around');
    await d.press(KEY.left, () => d.text().includes('< StatusNotification > 3/3'), 'left arrow wraps backwards');
    await d.press(KEY.shiftTab, () => d.text().includes('< Heartbeat > 2/3'), 'shift-tab goes back');
    assert.equal(d.calls.quit + d.calls.pause, 0, 'navigation calls no handler');
  } finally {
    d.unmount();
  }
});

test('? shows the help and hides it again; Esc closes it too', async () => {
  const d = mount();
  try {
    await waitUntil(() => d.text().includes('── Charge points'), 1000, 'the panels');
    await d.press('?', () => d.text().includes('── Help'), '? to show the help');
    assert.doesNotMatch(d.text(), /── Charge points/);
    await d.press('?', () => d.text().includes('── Charge points'), '? to hide it');
    await d.press('?', () => d.text().includes('── Help'), '? to show it again');
    await d.press(KEY.escape, () => !d.text().includes('── Help'), 'Esc to close it');
  } finally {
    d.unmount();
  }
});

test('the dashboard polls the snapshot on its timer and shows what changed', async () => {
  let snap = busySnapshot({ started: 1200 });
  const d = mount(() => snap);
  try {
    await waitUntil(() => d.text().includes('ramp 1,200/5,000'), 1000, 'the first snapshot');
    const before = d.calls.snapshots;
    snap = busySnapshot({ started: 2500, paused: true });
    await waitUntil(() => d.text().includes('ramp 2,500/5,000 (50%)  PAUSED'), 1000, 'the next poll');
    assert.ok(d.calls.snapshots > before);
  } finally {
    d.unmount();
  }
  const after = d.calls.snapshots;
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(d.calls.snapshots, after, 'no polling once unmounted');
});
