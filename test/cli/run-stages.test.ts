import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oneErrorLine, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// `run --stages` (and `stages:` in a config file) against a real gateway on port 0: the plan is
// printed up front, and the summary and the JSON draw it against what the fleet had.

test('run --stages prints the plan first, runs for its length, and reports each stage in the summary and the JSON', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--stages', '300ms:3,1s:3,300ms:0', '--out', 'summary.json'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stderr(), /running 3 charge points .* for 1\.6s/);
  assert.match(fake.stderr(), /stages: 0→3 in 300ms, hold 3 for 1s, 3→0 in 300ms \(1\.6s\)/);
  assert.match(fake.stdout(), /stages: planned charge points against what was connected at the end of each stage/);
  assert.match(fake.stdout(), /2 hold 3 for 1s\s+1\.3s\s+3\s+3\s+3/);
  assert.match(fake.stdout(), /3 3→0 in 300ms\s+1\.6s\s+0\s+0\s+0/);
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.durationMs, 1600);
  assert.equal(doc.chargePoints.count, 3, 'the peak of the plan');
  assert.equal(doc.config.stages, '300ms:3,1s:3,300ms:0');
  assert.deepEqual(doc.loadShape?.stages?.map((s) => [s.target, s.endsAtMs]), [[3, 300], [3, 1300], [0, 1600]]);
  assert.deepEqual(doc.loadShape?.stages?.slice(1).map((s) => [s.connected, s.accepted]), [[3, 3], [0, 0]]);
})));

test("a config file's stages in k6's list form shape the run the same way", () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  await writeFile(join(dir, 'shape.yaml'), 'stages:\n  - { duration: 200ms, target: 2 }\n  - { duration: 600ms, target: 2 }\n');
  const fake = await runCli(['run', '--url', gw.url, '--config', 'shape.yaml', '--out', 'summary.json'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.durationMs, 800);
  assert.deepEqual(doc.loadShape?.stages?.map((s) => s.target), [2, 2]);
  assert.equal(doc.loadShape?.stages?.[1]?.connected, 2, 'two connected at the end of the hold');
})));

test('--stages with --count or --duration, or a bad stage, is refused in one line naming the flags (exit 104)', () => withTempDir(async (dir) => {
  const clash = await runCli(['run', '--stages', '1s:5', '--count', '5', '--duration', '2s'], { cwd: dir });
  assert.equal(clash.code, 104);
  assert.match(oneErrorLine(clash), /--stages sets the count \(its peak\), the ramp and the duration: leave out --count, --duration/);
  const bad = await runCli(['run', '--stages', '1s:5,2x:0'], { cwd: dir });
  assert.equal(bad.code, 104);
  assert.match(oneErrorLine(bad), /--stages: stage 2: '2x' is not a duration/);
}));

test('a run without --stages has no load shape in its JSON', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '1', '--duration', '300ms', '--out', 'summary.json'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  assert.equal(readSummary(join(dir, 'summary.json')).loadShape, null);
  assert.doesNotMatch(fake.stdout(), /^stages:/m);
})));

test('with --workers 2 each worker follows its share of the plan and the stage counts are summed', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--stages', '200ms:4,1200ms:4,200ms:1', '--workers', '2', '--out', 'summary.json'], { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 0, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.loadShape?.stages?.slice(1).map((s) => [s.target, s.connected]), [[4, 4], [1, 1]]);
  assert.equal(doc.chargePoints.booted, 4);
})));
