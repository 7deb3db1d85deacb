import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasProcFs } from '../helpers/child-processes.js';
import { readSummary, withTempDir } from '../helpers/cli-run.js';
import { repoRoot } from '../helpers/repo-root.js';
import { withTimeout } from '../helpers/wait.js';

// A run whose charge points do not fit one process's open files (here a soft limit of 512 set
// with `ulimit -n` in a shell, so no root is needed) plans workers on both sides by itself:
// two simulator workers and an embedded gateway of two cluster workers, and completes.

const COUNT = 600;

test(`run --count ${COUNT} under 'ulimit -n 512' uses two simulator and two gateway processes and boots all`, { skip: !hasProcFs() && 'needs Linux open-file limits' }, () => withTempDir(async (dir) => {
  const entry = join(dir, 'cli.mjs');
  const main = pathToFileURL(join(repoRoot(), 'build', 'src', 'cli', 'main.js')).href;
  await writeFile(entry, `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const script = `ulimit -n 512 && exec "$0" "$1" run --count ${COUNT} --rate 0 --duration 8s --no-ui --out out.json`;
  const child = spawn('sh', ['-c', script, process.execPath, entry], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await withTimeout(new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c))), 45_000, 'the run to end')
    .catch((error: Error) => { child.kill('SIGKILL'); throw error; });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  assert.match(stderr, /embedded gateway listening on ws:\/\/127\.0\.0\.1:\d+\/ocpp \(2 worker processes, a port each: \d+, \d+\)/);
  assert.match(stderr, new RegExp(`running ${COUNT} charge points in 2 worker processes`));
  const summary = readSummary(join(dir, 'out.json'));
  assert.equal(summary.chargePoints.booted, COUNT);
  assert.deepEqual(summary.counts.errors, {});
}));
