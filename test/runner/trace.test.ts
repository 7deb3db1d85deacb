import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, withTempDir } from '../helpers/cli-run.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// `run --trace`: the NDJSON frame trace the runner writes, from real runs in-process against a
// real gateway on 127.0.0.1 port 0, read back from a temporary directory.

interface TraceLine {
  ts: string;
  cp: string;
  dir: string;
  frame: unknown;
}

function readTrace(path: string): TraceLine[] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'every line is complete');
  return text.split('\n').filter(Boolean).map((line, i) => {
    try {
      return JSON.parse(line) as TraceLine;
    } catch {
      throw new assert.AssertionError({ message: `line ${i + 1} is not JSON: ${line}` });
    }
  });
}

test('--trace with --trace-ids CP-002 writes only CP-002\'s frames, each a line with ts, cp, dir and the frame', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '3', '--duration', '1s', '--trace', 't.ndjson', '--trace-ids', 'CP-002'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  const lines = readTrace(join(dir, 't.ndjson'));
  assert.ok(lines.length >= 2, `frames in the trace: ${lines.length}`);
  for (const line of lines) {
    assert.deepEqual(Object.keys(line).sort(), ['cp', 'dir', 'frame', 'ts']);
    assert.equal(line.cp, 'CP-002');
    assert.ok(line.dir === 'in' || line.dir === 'out', `dir ${line.dir}`);
    assert.ok(Array.isArray(line.frame), `a parsed frame: ${JSON.stringify(line.frame)}`);
    assert.ok(!Number.isNaN(Date.parse(line.ts)) && line.ts.endsWith('Z'), `ts is an ISO time: ${line.ts}`);
  }
  const boot = lines.find((l) => l.dir === 'out' && (l.frame as unknown[])[0] === 2 && (l.frame as unknown[])[2] === 'BootNotification');
  assert.ok(boot, 'the BootNotification CALL sent');
  const messageId = (boot.frame as unknown[])[1];
  const answer = lines.find((l) => l.dir === 'in' && (l.frame as unknown[])[0] === 3 && (l.frame as unknown[])[1] === messageId);
  assert.ok(answer, `the CALLRESULT received for message id ${String(messageId)}`);
  assert.equal(((answer.frame as unknown[])[2] as { status?: string }).status, 'Accepted');
  assert.ok(Date.parse(answer.ts) >= Date.parse(boot.ts), 'the answer is traced after its CALL');
  assert.ok(lines.indexOf(answer) > lines.indexOf(boot));
})));

test('--trace without --trace-ids traces every charge point', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '3', '--duration', '1s', '--trace', 't.ndjson'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  const lines = readTrace(join(dir, 't.ndjson'));
  assert.deepEqual([...new Set(lines.map((l) => l.cp))].sort(), ['CP-001', 'CP-002', 'CP-003']);
  for (const cp of ['CP-001', 'CP-002', 'CP-003']) {
    const boots = lines.filter((l) => l.cp === cp && l.dir === 'out' && (l.frame as unknown[])[2] === 'BootNotification');
    assert.equal(boots.length, 1, `${cp} booted once`);
  }
})));
