import assert from 'node:assert/strict';
import { test } from 'node:test';
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { Lines } from '../../../src/ui/dashboard/lines.js';
import { plainLines } from './fixtures.js';

function withColour<T>(fn: () => T): T {
  const saved = chalk.level;
  chalk.level = 3;
  try {
    return fn();
  } finally {
    chalk.level = saved;
  }
}

test('lines of the dashboard\'s own glyphs are drawn as given, colours included', () => {
  withColour(() => {
    const lines = [chalk.bold('── Fleet ───────'), `accepted  ${chalk.green('████▍     ')}`, 'p99  950µs  ▏ · › … ← →', ''];
    const { lastFrame, unmount } = render(<Lines lines={lines} width={40} />);
    const frame = lastFrame() ?? '';
    unmount();
    assert.deepEqual(plainLines(frame), ['── Fleet ───────', 'accepted  ████▍', 'p99  950µs  ▏ · › … ← →', '']);
    assert.match(frame, /\u001b\[1m── Fleet/);
    assert.match(frame, /\u001b\[32m████▍/);
  });
});

test('a new frame with lines of the same lengths shows the new text', () => {
  const { lastFrame, rerender, unmount } = render(<Lines lines={['rate 1,000/s', 'p50 ▌']} width={20} />);
  assert.deepEqual(plainLines(lastFrame()), ['rate 1,000/s', 'p50 ▌']);
  rerender(<Lines lines={['rate 2,345/s', 'p50 █']} width={20} />);
  assert.deepEqual(plainLines(lastFrame()), ['rate 2,345/s', 'p50 █']);
  unmount();
});

test('an empty line keeps its row', () => {
  const { lastFrame, unmount } = render(
    <Box flexDirection="column">
      <Lines lines={['']} width={10} />
      <Lines lines={['a', '', 'b']} width={10} />
      <Text>after</Text>
    </Box>,
  );
  assert.deepEqual(plainLines(lastFrame()), ['', 'a', '', 'b', 'after']);
  unmount();
});

test('lines with characters of uncertain width, or too long, are cut at the width one by one', () => {
  const { lastFrame, unmount } = render(<Lines lines={['CP-漢字漢字漢字漢字', 'x'.repeat(30), 'ok']} width={10} />);
  const out = plainLines(lastFrame());
  unmount();
  assert.equal(out.length, 3);
  assert.match(out[0] ?? '', /^CP-漢字漢…$/);
  assert.equal(out[1], `${'x'.repeat(9)}…`);
  assert.equal(out[2], 'ok');
});
