import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { parseSummaryDocument } from '../../src/report/parse-summary.js';
import { literal, oneErrorLine, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { junitCases } from '../helpers/junit-cases.js';
import { sleep, waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// The files `run` leaves for CI (--out JSON, --junit XML) and `report merge` over them: real
// runs in-process against a real gateway on 127.0.0.1 port 0, files in a temporary directory.

test('Ctrl-C during a 30 s run exits 105 and still writes both reports, marked interrupted', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = fakeIo(dir);
  const exit = main(['run', '--url', gw.url, '--count', '4', '--duration', '30s', '--out', 'x.json', '--junit', 'y.xml'], fake.io);
  let code: number;
  try {
    await waitUntil(() => /running 4 charge points/.test(fake.stderr()), 5000, 'the run to start');
    await sleep(1000);
    assert.equal(fake.interrupt(), true, 'the run listens for interrupts');
    code = await withTimeout(exit, 8000, 'main to return after the interrupt');
  } finally {
    fake.interrupt(); // a failed wait must not leave a 30 s run behind
  }
  assert.equal(code, 105, fake.stderr());

  assert.ok(existsSync(join(dir, 'x.json')), 'the --out file exists');
  assert.ok(existsSync(join(dir, 'y.xml')), 'the --junit file exists');
  const doc = readSummary(join(dir, 'x.json'));
  assert.equal(doc.outcome, 'interrupted');
  assert.equal(doc.interrupted, true);
  assert.ok(doc.elapsedMs < 10_000, `elapsed ${doc.elapsedMs} ms, far below the planned 30 s`);
  assert.equal(doc.durationMs, 30_000);
  assert.equal(doc.chargePoints.booted, 4, 'what was measured before the interrupt is kept');

  const run = junitCases(readFileSync(join(dir, 'y.xml'), 'utf8')).find((c) => c.classname === 'ocpp-sim.scenario' && c.name === 'run');
  assert.ok(run, 'a run testcase');
  assert.equal(run.failure?.type, 'interrupted');
  assert.match(run.failure?.message ?? '', /interrupted/);
  assert.equal(fake.interrupt(), false, 'the handler is removed when main returns');
  await waitUntil(() => gw.gateway.connectionCount === 0, 2000, 'every charge point to have disconnected');
})));

test('an --out path in a missing directory exits 104 naming --out, before any charge point connects', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '3', '--duration', '1s', '--out', 'missing/x.json'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /--out/);
  assert.match(line, literal(join(dir, 'missing')));
  assert.equal(fake.stdout(), '', 'no run, no summary');
  assert.equal(gw.accepted(), 0, 'no charge point ever connected');
  assert.equal(gw.gateway.stats().boots.Accepted, 0);
})));

test('the --out summary has the documented ocpp-sim/summary@2 shape and figures that agree with each other', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '4', '--duration', '2s', '--out', 'summary.json'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stderr(), literal(`summary written to ${join(dir, 'summary.json')}`));
  const text = readFileSync(join(dir, 'summary.json'), 'utf8');
  const doc = parseSummaryDocument(text, 'summary.json');
  assert.equal(doc.schema, 'ocpp-sim/summary@2');
  assert.equal(doc.mergedFrom, 1);
  assert.equal(doc.outcome, 'completed');
  assert.equal(doc.error, null);
  assert.ok(!Number.isNaN(Date.parse(doc.startedAt)), `startedAt is a date: ${doc.startedAt}`);
  assert.equal(doc.durationMs, 2000);
  assert.ok(doc.elapsedMs >= 2000 && doc.elapsedMs < 5000, `elapsedMs ${doc.elapsedMs}`);
  assert.equal(doc.target.url, gw.url);

  assert.equal(doc.chargePoints.count, 4);
  assert.equal(doc.chargePoints.booted, doc.chargePoints.count);
  assert.equal(doc.chargePoints.failed, 0);
  assert.equal(doc.counts.boots.Accepted, 4);
  assert.equal(doc.counts.sent.BootNotification, 4);
  assert.equal(gw.gateway.stats().boots.Accepted, 4, 'the gateway counted the same boots');

  const boot = doc.latency.BootNotification;
  assert.ok(boot, 'latency of BootNotification');
  assert.equal(boot.count, 4);
  assert.ok(boot.min > 0 && boot.min <= boot.p50, `min ${boot.min} <= p50 ${boot.p50}`);
  assert.ok(boot.p50 <= boot.p99, `p50 ${boot.p50} <= p99 ${boot.p99}`);
  assert.ok(boot.p99 <= boot.max, `p99 ${boot.p99} <= max ${boot.max}`);

  assert.ok(doc.histograms, 'encoded histograms are kept');
  assert.equal(typeof doc.histograms.latency.BootNotification, 'string');
  assert.ok((doc.histograms.latency.BootNotification ?? '').length > 0, 'a non-empty encoded histogram');

  assert.ok(doc.intervals.length > 0, 'at least the final interval');
  for (let i = 1; i < doc.intervals.length; i++) {
    assert.ok((doc.intervals[i]?.t ?? 0) > (doc.intervals[i - 1]?.t ?? 0), `interval t increases at ${i}`);
  }
  const last = doc.intervals[doc.intervals.length - 1];
  assert.ok(last && Math.abs(last.t - doc.elapsedMs / 1000) <= 0.1, `the last interval ends with the run (t in s): ${JSON.stringify(last)}`);
  assert.equal(last.booted, 4);
  assert.deepEqual(doc.thresholds.map((t) => [t.expression, t.isDefault, t.passed]), [
    ['booted:count>0', true, true], ['answered:count>0', true, true], ['local_failures:count==0', true, true]], 'only the default checks');
  assert.equal(doc.thresholdsPassed, true);
})));

test('report merge of two real runs sums boots and messages per action and says it merged 2', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const first = await runCli(['run', '--url', gw.url, '--count', '2', '--duration', '1s', '--out', 'a.json'], { cwd: dir });
  assert.equal(first.code, 0, first.stderr());
  const second = await runCli(['run', '--url', gw.url, '--count', '3', '--duration', '1s', '--id-prefix', 'B-', '--out', 'b.json'], { cwd: dir });
  assert.equal(second.code, 0, second.stderr());
  const merge = await runCli(['report', 'merge', 'a.json', 'b.json', '--out', 'merged.json'], { cwd: dir });
  assert.equal(merge.code, 0, merge.stderr());

  const a = readSummary(join(dir, 'a.json'));
  const b = readSummary(join(dir, 'b.json'));
  const merged = readSummary(join(dir, 'merged.json'));
  assert.equal(merged.mergedFrom, 2);
  assert.equal(merged.chargePoints.count, 5);
  assert.equal(merged.chargePoints.booted, 5);
  assert.equal(merged.counts.boots.Accepted, 5);
  assert.equal(merged.counts.boots.Accepted, gw.gateway.stats().boots.Accepted, 'as many boots as the gateway answered');
  for (const action of new Set([...Object.keys(a.counts.sent), ...Object.keys(b.counts.sent)])) {
    assert.equal(merged.counts.sent[action], (a.counts.sent[action] ?? 0) + (b.counts.sent[action] ?? 0), `sent ${action}`);
    assert.equal(merged.counts.received[action], (a.counts.received[action] ?? 0) + (b.counts.received[action] ?? 0), `received ${action}`);
  }
  assert.equal(merged.latency.BootNotification?.count, 5);
  assert.equal(merged.latency.BootNotification?.max, Math.max(a.latency.BootNotification?.max ?? 0, b.latency.BootNotification?.max ?? 0));
  assert.equal(merged.thresholdsPassed, null, 'thresholds are not re-evaluated by a merge');
})));
