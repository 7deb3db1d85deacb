import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { ReportError } from '../../src/report/errors.js';
import { checkOpenable, checkReplaceable, checkWritable, writeReportFile } from '../../src/report/write-outputs.js';

// Real temporary directories; root ignores permission bits, so those cases are skipped as root.
const isRoot = process.getuid?.() === 0;

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-report-'));
  try {
    await fn(dir);
  } finally {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

const isReportError = (code: string, message: RegExp) => (error: unknown): boolean => {
  assert.ok(error instanceof ReportError, String(error));
  assert.equal(error.code, code);
  assert.match(error.message, message);
  assert.doesNotMatch(error.message, /\n/);
  return true;
};

test('writeReportFile writes the text and leaves no temporary file behind', () => withTempDir(async (dir) => {
  const path = join(dir, 'summary.json');
  await writeReportFile(path, '{"a":1}\n');
  assert.equal(await readFile(path, 'utf8'), '{"a":1}\n');
  assert.deepEqual(await readdir(dir), ['summary.json']);
}));

test('writeReportFile replaces an existing file whole', () => withTempDir(async (dir) => {
  const path = join(dir, 'summary.json');
  await writeFile(path, 'x'.repeat(10_000));
  await writeReportFile(path, 'short');
  assert.equal(await readFile(path, 'utf8'), 'short');
}));

test('writeReportFile goes through <path>.tmp-<pid>: an existing directory of that name makes it fail, and the target stays as it was', () => withTempDir(async (dir) => {
  const path = join(dir, 'report.xml');
  await writeFile(path, 'previous');
  await mkdir(`${path}.tmp-${process.pid}`);
  await assert.rejects(writeReportFile(path, 'new'), isReportError('E_REPORT_WRITE', new RegExp(`^cannot write ${path.replace(/[.]/g, '\\.')}: is a directory$`)));
  assert.equal(await readFile(path, 'utf8'), 'previous');
}));

test('writeReportFile through a symbolic link writes its target and keeps the link', () => withTempDir(async (dir) => {
  await mkdir(join(dir, 'artifacts'));
  await writeFile(join(dir, 'artifacts', 'report.html'), 'previous');
  await symlink(join('artifacts', 'report.html'), join(dir, 'report.html'));
  await writeReportFile(join(dir, 'report.html'), '<html>');
  assert.ok((await lstat(join(dir, 'report.html'))).isSymbolicLink());
  assert.equal(await readlink(join(dir, 'report.html')), join('artifacts', 'report.html'));
  assert.equal(await readFile(join(dir, 'artifacts', 'report.html'), 'utf8'), '<html>');
  assert.deepEqual(await readdir(join(dir, 'artifacts')), ['report.html']);
}));

test('writeReportFile through a dangling symbolic link creates its target', () => withTempDir(async (dir) => {
  await symlink('made.json', join(dir, 'link.json'));
  await writeReportFile(join(dir, 'link.json'), '{}');
  assert.ok((await lstat(join(dir, 'link.json'))).isSymbolicLink());
  assert.equal(await readFile(join(dir, 'made.json'), 'utf8'), '{}');
}));

const hasMkfifo = ((): boolean => { try { execFileSync('mkfifo', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

test('writeReportFile into a FIFO (as /dev/stdout may be) writes through it and leaves it a FIFO', { skip: hasMkfifo ? false : 'no mkfifo' }, () => withTempDir(async (dir) => {
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // The reader is a child process with a deadline: were the FIFO replaced, it would wait forever.
  const reading = promisify(execFile)('cat', [fifo], { timeout: 30_000 });
  await writeReportFile(fifo, '{"through":"the pipe"}\n');
  assert.equal((await reading).stdout, '{"through":"the pipe"}\n');
  assert.ok((await lstat(fifo)).isFIFO());
  assert.deepEqual(await readdir(dir), ['pipe']);
}));

test('writeReportFile into a missing directory is a ReportError naming the path', () => withTempDir(async (dir) => {
  const path = join(dir, 'missing', 'summary.json');
  await assert.rejects(writeReportFile(path, '{}'), isReportError('E_REPORT_WRITE', /^cannot write .*missing\/summary\.json: no such file or directory$/));
  assert.equal(await readdir(dir).then((names) => names.length), 0);
}));

test('without a label the message starts with "cannot write" and the path', () => withTempDir(async (dir) => {
  await assert.rejects(checkWritable(dir), isReportError('E_REPORT_PATH', new RegExp(`^cannot write ${dir}: it is a directory$`)));
}));

test('checkWritable accepts a new file in an existing directory, and an existing file, and creates nothing', () => withTempDir(async (dir) => {
  await checkWritable(join(dir, 'new.json'), '--out');
  await writeFile(join(dir, 'old.json'), '{}');
  await checkWritable(join(dir, 'old.json'), '--out');
  assert.deepEqual(await readdir(dir), ['old.json']);
}));

const REFUSED: Array<{ what: string; setup: (dir: string) => Promise<string>; message: RegExp; asRoot: boolean }> = [
  { what: 'a path in a directory that does not exist', setup: async (dir) => join(dir, 'nope', 'out.json'), message: /^--out: cannot write .*\/nope\/out\.json: directory .*\/nope does not exist$/, asRoot: true },
  { what: 'a path that is a directory', setup: async (dir) => dir, message: /^--out: cannot write .*: it is a directory$/, asRoot: true },
  { what: 'a path under a regular file', setup: async (dir) => { await writeFile(join(dir, 'file'), ''); return join(dir, 'file', 'out.json'); }, message: /^--out: cannot write .*\/file\/out\.json: a part of the path is not a directory$/, asRoot: true },
  { what: 'a new file in a read-only directory', setup: async (dir) => { await mkdir(join(dir, 'ro')); await chmod(join(dir, 'ro'), 0o500); return join(dir, 'ro', 'out.json'); }, message: /^--out: cannot write .*: directory .*\/ro is not writable$/, asRoot: false },
  { what: 'an existing read-only file', setup: async (dir) => { await writeFile(join(dir, 'ro.json'), ''); await chmod(join(dir, 'ro.json'), 0o400); return join(dir, 'ro.json'); }, message: /^--out: cannot write .*\/ro\.json: permission denied$/, asRoot: false },
];

for (const { what, setup, message, asRoot } of REFUSED) {
  test(`checkWritable refuses ${what} with one line naming the flag and the path`, { skip: !asRoot && isRoot ? 'root may write anywhere' : false }, () => withTempDir(async (dir) => {
    const path = await setup(dir);
    await assert.rejects(checkWritable(path, '--out'), isReportError('E_REPORT_PATH', message));
  }));
}

test('checkOpenable opens an existing file for append without changing it, and leaves no file where there was none', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'old.ndjson'), '{"kept":true}\n');
  await checkOpenable(join(dir, 'old.ndjson'), '--trace');
  assert.equal(await readFile(join(dir, 'old.ndjson'), 'utf8'), '{"kept":true}\n');
  await checkOpenable(join(dir, 'new.ndjson'), '--trace');
  assert.deepEqual(await readdir(dir), ['old.ndjson']);
}));

test('checkOpenable refuses where the file cannot really be created, also for root (access() lets root through /proc)', { skip: existsSync('/proc/self') ? false : 'no /proc' }, async () => {
  const path = `/proc/ocpp-sim-${process.pid}.ndjson`;
  // Root gets past access() and is refused by the open; anyone else by access() already.
  const why = isRoot ? 'cannot create it \\(no such file or directory\\)' : 'directory /proc is not writable';
  await assert.rejects(checkOpenable(path, '--trace'), isReportError('E_REPORT_PATH', new RegExp(`^--trace: cannot write /proc/ocpp-sim-\\d+\\.ndjson: ${why}$`)));
  await assert.rejects(checkOpenable('/', '--trace'), isReportError('E_REPORT_PATH', /^--trace: cannot write \/: it is a directory$/));
});

test('checkReplaceable creates and removes the temporary file of the write, leaving the directory and an existing file as they were', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'old.json'), '{"kept":true}');
  await checkReplaceable(join(dir, 'old.json'), '--out');
  await checkReplaceable(join(dir, 'new.json'), '--out');
  assert.deepEqual(await readdir(dir), ['old.json']);
  assert.equal(await readFile(join(dir, 'old.json'), 'utf8'), '{"kept":true}');
}));

test('checkReplaceable refuses an existing file whose directory takes no new file, also for root (--out /proc/version)', { skip: existsSync('/proc/version') ? false : 'no /proc/version' }, async () => {
  // Root gets past access() and is refused when the temporary file cannot be created; anyone else by access() already.
  const why = isRoot ? 'cannot create a file beside it \\(no such file or directory\\)' : 'permission denied';
  await assert.rejects(checkReplaceable('/proc/version', '--out'), isReportError('E_REPORT_PATH', new RegExp(`^--out: cannot write /proc/version: ${why}$`)));
});
