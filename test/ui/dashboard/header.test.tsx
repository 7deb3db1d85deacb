import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { Header, type HeaderProps } from '../../../src/ui/dashboard/header.js';
import { plainLines } from './fixtures.js';

const PROPS: HeaderProps = {
  width: 80, url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6',
  elapsedMs: 12_500, durationMs: 40_000, started: 1200, count: 5000, paused: false,
};

function lines(overrides: Partial<HeaderProps> = {}): string[] {
  const { lastFrame, unmount } = render(<Header {...PROPS} {...overrides} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

test('the header names the target, protocol and scenario, then elapsed / duration and the ramp progress', () => {
  const [top, second] = lines();
  assert.equal(top, 'ocpp-sim  ws://127.0.0.1:9000/ocpp  ocpp1.6  scenario boot-heartbeat-status');
  assert.match(second ?? '', /^elapsed 0:12 \/ 0:40  ramp 1,200\/5,000 \(24%\)\s+\? help  q quit$/);
  assert.equal(second?.length, 80, 'the key hints sit at the right edge');
});

test('a paused ramp says PAUSED in words', () => {
  assert.match(lines({ paused: true })[1] ?? '', /\(24%\)  PAUSED\s/);
  assert.doesNotMatch(lines()[1] ?? '', /PAUSED/);
});

test('a narrow header is cut, never wrapped', () => {
  const out = lines({ width: 40 });
  assert.equal(out.length, 2);
  for (const line of out) assert.ok(line.length <= 40, line);
  assert.ok(out[0]?.endsWith('…'));
});
