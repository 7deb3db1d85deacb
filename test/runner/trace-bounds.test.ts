import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameTracer } from '../../src/runner/trace.js';
import { runCli, withTempDir } from '../helpers/cli-run.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// The frame tracer's memory is bounded while its file is slower than the frames, and a write that
// fails during the run (a full disk) reaches the run's verdict instead of vanishing.

const FRAME = JSON.stringify([2, 'id-1', 'Heartbeat', {}]);

test('past its backlog bound the tracer drops lines and counts them; the lines it kept are whole and in order', () => withTempDir(async (dir) => {
  const file = join(dir, 't.ndjson');
  const tracer = new FrameTracer(file, undefined, 1000);
  // Written in one synchronous burst: nothing reaches the file before the loop ends, so the backlog fills.
  for (let i = 0; i < 200; i++) tracer.record(`CP-${i}`, 'out', FRAME);
  const { dropped } = tracer.outcome();
  await tracer.close();
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { cp: string });
  assert.ok(dropped > 0, 'some lines dropped');
  assert.equal(lines.length + dropped, 200, `kept ${lines.length} + dropped ${dropped}`);
  assert.ok(lines.length * 60 < 1000 + 200, `about the bound kept: ${lines.length} lines`);
  assert.deepEqual(lines.map((l) => l.cp), lines.map((_, i) => `CP-${i}`), 'the first lines kept, in order');
  assert.deepEqual(tracer.outcome(), { dropped });
}));

test('a write error (ENOSPC on /dev/full) is kept as the outcome, later lines are dropped, and close() still resolves', { skip: !existsSync('/dev/full') }, async () => {
  const tracer = new FrameTracer('/dev/full');
  tracer.record('CP-1', 'out', FRAME);
  for (let i = 0; i < 100 && tracer.outcome().error === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.match(tracer.outcome().error ?? '', /ENOSPC/);
  tracer.record('CP-1', 'in', FRAME);
  assert.equal(tracer.outcome().dropped, 1);
  await tracer.close();
});

test('run --trace on a file that fails during the run exits 103 naming the file and the error, with the summary still written', { skip: !existsSync('/dev/full') }, () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const run = await runCli(['run', '--url', gw.url, '--count', '2', '--duration', '1s', '--no-ui', '--trace', '/dev/full', '--out', 'out.json'], { cwd: dir });
  assert.equal(run.code, 103, run.stderr());
  assert.match(run.stderr(), /cannot write \/dev\/full: ENOSPC[^\n]*the trace is incomplete/);
  assert.doesNotMatch(run.stderr(), /\n\s+at /, 'no stack trace');
  const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { trace?: { dropped: number; error: string | null } };
  assert.match(doc.trace?.error ?? '', /ENOSPC/);
  assert.ok((doc.trace?.dropped ?? 0) > 0, 'the frames after the error are counted as dropped');
})));

test('a run traced without trouble says so in its summary: nothing dropped, no error', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const run = await runCli(['run', '--url', gw.url, '--count', '2', '--duration', '1s', '--no-ui', '--trace', 't.ndjson', '--out', 'out.json'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr());
  const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { trace?: unknown };
  assert.deepEqual(doc.trace, { dropped: 0, error: null });
})));
