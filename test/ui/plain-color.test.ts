import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { summaryColor } from '../../src/cli/output-io.js';
import { PLAIN_COLOR } from '../../src/ui/plain-color.js';
import { fakeIo } from '../helpers/fake-io.js';

// The plain summary is drawn without loading chalk: PLAIN_COLOR must answer as chalk at level 0.

test('PLAIN_COLOR returns what chalk at level 0 returns, for every style and chain the summary uses', () => {
  const chalk0 = new Chalk({ level: 0 });
  const texts: unknown[] = ['all passed', '', '✗ 3 of 4 FAILED', 42, 'two\nlines'];
  for (const text of texts) {
    assert.equal(PLAIN_COLOR.bold(text), chalk0.bold(text), `bold(${String(text)})`);
    assert.equal(PLAIN_COLOR.green(text), chalk0.green(text), `green(${String(text)})`);
    assert.equal(PLAIN_COLOR.red(text), chalk0.red(text), `red(${String(text)})`);
    assert.equal(PLAIN_COLOR.red.bold(text), chalk0.red.bold(text), `red.bold(${String(text)})`);
  }
  assert.equal(PLAIN_COLOR.bold('a', 'b'), chalk0.bold('a', 'b'));
  assert.equal(PLAIN_COLOR.level, 0);
  assert.equal((PLAIN_COLOR as unknown as { then?: unknown }).then, undefined, 'not a thenable: an async function can return it');
});

test('summaryColor: plain off a terminal or with NO_COLOR, chalk level 1 on a terminal', async () => {
  const off = fakeIo('/tmp');
  assert.equal(await summaryColor(off.io), PLAIN_COLOR);
  const tty = fakeIo('/tmp');
  const io = { ...tty.io, stdout: { ...tty.io.stdout, isTTY: true } };
  const colored = await summaryColor(io);
  assert.equal(colored.level, 1);
  assert.equal(colored.red('x'), '\u001b[31mx\u001b[39m');
  assert.equal(await summaryColor({ ...io, env: { NO_COLOR: '1' } }), PLAIN_COLOR);
});
