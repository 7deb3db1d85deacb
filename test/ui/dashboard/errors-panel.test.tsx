import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { ErrorsPanel, type ErrorsPanelProps } from '../../../src/ui/dashboard/errors-panel.js';
import { busySnapshot, plainLines } from './fixtures.js';

const m = busySnapshot().metrics;

function lines(overrides: Partial<ErrorsPanelProps> = {}): string[] {
  const props: ErrorsPanelProps = { width: 80, rows: 10, errors: m.errors, disconnects: m.disconnects, recent: m.recentErrors, ...overrides };
  const { lastFrame, unmount } = render(<ErrorsPanel {...props} />);
  const out = plainLines(lastFrame());
  unmount();
  return out;
}

test('errors are counted by kind (CallError codes, timeouts, connects) and by close code', () => {
  const out = lines();
  assert.match(out[0] ?? '', /^── Errors 22 · disconnects 5 ─+$/);
  assert.equal(out[1], 'CallError InternalError ×12  connect ECONNREFUSED ×7  timeout Heartbeat ×3');
  assert.equal(out[2], 'close 1006 ×4  close 1000 ×1');
});

test('the last 5 errors follow, newest last, each with its charge point and time', () => {
  const out = lines();
  assert.deepEqual(out.slice(3), [
    ' 0:02 CP-0002  CallError InternalError on StatusNotification',
    ' 0:03 CP-0003  timeout waiting for Heartbeat answer',
    ' 0:04 CP-0004  CallError InternalError on StatusNotification',
    ' 0:05 CP-0005  connect: ECONNREFUSED',
    ' 0:06 CP-0006  timeout waiting for Heartbeat answer',
  ]);
});

test('in two rows the kinds fit one line and the rest is counted', () => {
  assert.deepEqual(lines({ rows: 2 }).slice(1), ['CallError InternalError ×12  connect ECONNREFUSED ×7  +3 more']);
  assert.deepEqual(lines({ rows: 4 }).slice(3), [' 0:06 CP-0006  timeout waiting for Heartbeat answer']);
});

test('no errors is one line', () => {
  const out = lines({ errors: {}, disconnects: {}, recent: [] });
  assert.equal(out.length, 1);
  assert.match(out[0] ?? '', /^── Errors: none ─+$/);
});

test('long details are cut at the panel width', () => {
  const out = lines({ width: 40, recent: [{ atMs: 61_000, chargePoint: 'CP-0042', detail: 'x'.repeat(100) }] });
  for (const line of out) assert.ok(line.length <= 40, line);
  assert.match(out.at(-1) ?? '', /^ 1:01 CP-0042 {2}x+…$/);
});
