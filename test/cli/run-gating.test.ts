import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { literal, oneErrorLine, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { junitCases, junitFailureCount } from '../helpers/junit-cases.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// Thresholds as the CI gate: `main(argv, fakeIo)` in-process against a real gateway on
// 127.0.0.1 port 0, reports written to a temporary directory and read back.

// The run's default checks are left out: these tests are about the user's thresholds.
const small = (url: string, ...more: string[]): string[] => ['run', '--url', url, '--count', '3', '--duration', '1s', '--no-default-checks', ...more];

test('a threshold no run can meet exits 99, fails its JUnit testcase and is marked failed in the --out summary', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(small(gw.url, '--threshold', 'p(99)<1us', '--out', 'summary.json', '--junit', 'report.xml'), { cwd: dir });
  assert.equal(fake.code, 99, fake.stderr());

  const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
  const threshold = junitCases(xml).find((c) => c.classname === 'ocpp-sim.thresholds');
  assert.ok(threshold, `a thresholds testcase in:\n${xml}`);
  assert.equal(threshold.name, 'p(99)<1us');
  assert.equal(threshold.failure?.type, 'threshold');
  assert.match(threshold.failure?.message ?? '', /p\(99\) of latency is .+, limit < 1us/);
  assert.equal(junitFailureCount(xml), 1);

  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.thresholds.length, 1);
  assert.equal(doc.thresholds[0]?.expression, 'p(99)<1us');
  assert.equal(doc.thresholds[0]?.passed, false);
  assert.ok((doc.thresholds[0]?.observed ?? 0) > 0.001, 'the observed p(99) is recorded, in ms');
  assert.equal(doc.thresholdsPassed, false);
  assert.equal(doc.outcome, 'completed', 'the run itself completed: only the verdict failed');
})));

test('a threshold the run meets exits 0 and the JUnit report has no failure', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(small(gw.url, '--threshold', 'p(99)<5s', '--out', 'summary.json', '--junit', 'report.xml'), { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  const xml = readFileSync(join(dir, 'report.xml'), 'utf8');
  assert.equal(junitFailureCount(xml), 0);
  assert.doesNotMatch(xml, /<failure/);
  const cases = junitCases(xml);
  assert.deepEqual(cases.filter((c) => c.classname === 'ocpp-sim.thresholds').map((c) => [c.name, c.failure]), [['p(99)<5s', undefined]]);
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.thresholds[0]?.passed, true);
  assert.equal(doc.thresholdsPassed, true);
  assert.match(fake.stdout(), /thresholds: all passed/);
})));

test('an invalid threshold expression exits 104 on one line naming it, before any charge point connects', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(small(gw.url, '--threshold', 'p(99) < 500 parsecs', '--out', 'summary.json'), { cwd: dir });
  assert.equal(fake.code, 104);
  assert.match(fake.stderr(), /^ocpp-sim: error: .*--threshold.*'p\(99\) < 500 parsecs'/m);
  assert.equal(fake.stdout(), '', 'no run, no summary');
  assert.equal(gw.accepted(), 0, 'no charge point ever connected');
  assert.equal(gw.gateway.connectionCount, 0);
  assert.equal(gw.gateway.stats().messagesReceived, 0);
  assert.throws(() => readFileSync(join(dir, 'summary.json')), /ENOENT/, 'no report is written');
  // README: every error is one line on stderr, never more.
  const line = oneErrorLine(fake);
  assert.match(line, /--threshold/);
  assert.match(line, literal('p(99) < 500 parsecs'));
})));

test('a threshold on a metric without data fails, exit 99, saying it had no data', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(small(gw.url, '--threshold', 'Authorize:p(99)<1s', '--out', 'summary.json'), { cwd: dir });
  assert.equal(fake.code, 99, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.thresholds[0]?.passed, false);
  assert.equal(doc.thresholds[0]?.observed, null);
  assert.match(doc.thresholds[0]?.message ?? '', /has no data/);
  assert.match(fake.stdout(), /✗ Authorize:p\(99\)<1s\s+.*no data/);
})));

test('--abort-on-fail stops a 30 s run within seconds once an upper bound breaks, exit 99, summary ABORTED', () => withTempDir((dir) => withWatchedGateway({ responseDelayMs: 1000 }, async (gw) => {
  // Every answer leaves after 1 s and a CALL waits 200 ms: the first BootNotification times out.
  const argv = ['run', '--url', gw.url, '--count', '3', '--duration', '30s', '--call-timeout', '200ms',
    '--threshold', 'timeouts:count<1', '--abort-on-fail', '--out', 'summary.json', '--junit', 'report.xml'];
  const fake = await runCli(argv, { cwd: dir, ms: 15_000 });
  assert.equal(fake.code, 99, fake.stderr());
  assert.ok(fake.elapsedMs < 8000, `aborted long before 30 s (took ${Math.round(fake.elapsedMs)} ms)`);
  assert.match(fake.stdout(), /ocpp-sim run ABORTED/);
  assert.match(oneErrorLine(fake), /--abort-on-fail.*timeouts:count<1/);
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.outcome, 'aborted');
  assert.match(doc.error ?? '', /timeouts:count<1/);
  assert.ok(doc.counts.timeouts >= 1);
  const run = junitCases(readFileSync(join(dir, 'report.xml'), 'utf8')).find((c) => c.name === 'run');
  assert.equal(run?.failure?.type, 'aborted', 'the JUnit report has a failing run testcase');
})));

test('with several thresholds one failing exits 99 and the summary has a ✓ or ✗ line for each', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const expressions = ['p(99)<5s', 'errors:rate<1%', 'booted:count>=100', 'BootNotification:max<10s'];
  const fake = await runCli(small(gw.url, ...expressions.flatMap((e) => ['--threshold', e])), { cwd: dir });
  assert.equal(fake.code, 99, fake.stderr());
  const out = fake.stdout();
  assert.match(out, /thresholds: 1 of 4 FAILED/);
  assert.match(out, /^ {2}✓ p\(99\)<5s {2}p\(99\) of latency is /m);
  assert.match(out, /^ {2}✓ errors:rate<1% {2}rate of errors is 0%/m);
  assert.match(out, /^ {2}✗ booted:count>=100 {2}count of booted is 3, limit >= 100$/m);
  assert.match(out, /^ {2}✓ BootNotification:max<10s /m);
  const verdictLines = out.split('\n').filter((line) => /^ {2}[✓✗] /.test(line));
  assert.deepEqual(verdictLines.map((line) => line.slice(4).split('  ')[0]), expressions, 'one line per threshold, in the order given');
})));
