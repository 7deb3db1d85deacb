import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { HelpOverlay } from '../../../src/ui/dashboard/help-overlay.js';
import { plainLines } from './fixtures.js';

function lines(width: number, rows: number): string[] {
  const { lastFrame, unmount } = render(<HelpOverlay width={width} rows={rows} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

test('the help tells backoff (reconnecting after a loss) from offline (away in the scenario\'s offline step)', () => {
  const text = lines(80, 60).join(' ').replace(/\s+/g, ' ');
  assert.match(text, /backoff waits to reconnect after a lost connection or a failed attempt/);
  assert.match(text, /offline is away on purpose \(the scenario's offline step\)/);
});

test('the help fits its width and is cut at its rows', () => {
  for (const width of [40, 80]) for (const line of lines(width, 60)) assert.ok(line.length <= width, `${width}: ${line}`);
  assert.equal(lines(80, 5).length, 5);
});
