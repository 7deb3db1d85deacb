import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { ScriptedCsms, type CallScript } from '../helpers/scripted-csms.js';

// The run's verdict against central systems that do not do their job, on real sockets: each
// case asserts the exit code and the exact counts of the --out summary. The default checks
// (booted:count>0, answered:count>0, local_failures:count==0) make such a run fail with exit 99
// and one line on stderr saying why.

const N = 3;
const run = (url: string, ...more: string[]): string[] => ['run', '--url', url, '--count', String(N), '--duration', '2s', '--out', 'summary.json', ...more];

async function withCsms(script: CallScript, fn: (csms: ScriptedCsms) => Promise<void>): Promise<void> {
  const csms = await ScriptedCsms.start(script);
  try {
    await fn(csms);
  } finally {
    await csms.close();
  }
}

const verdictLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('ocpp-sim: run failed its default check'));

test('a server that accepts the WebSocket and never answers: exit 99, every boot counted unanswered once', () => withTempDir((dir) => withCsms(() => {}, async (csms) => {
  const fake = await runCli(run(csms.url, '--graceful-stop', '200ms'), { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 99, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.counts.sent, { BootNotification: N });
  assert.deepEqual(doc.counts.received, {});
  assert.deepEqual(doc.counts.errors, { 'unanswered:BootNotification': N });
  assert.equal(doc.counts.unanswered, N);
  assert.equal(doc.counts.timeouts, 0);
  assert.deepEqual(doc.counts.anomalies, {});
  assert.deepEqual(doc.chargePoints, { count: N, started: N, connected: N, booted: 0, failed: N, localFailures: 0, lost: 0, allBootedMs: null, firstError: null });
  assert.deepEqual(doc.thresholds.map((t) => [t.expression, t.passed, t.isDefault]), [
    ['booted:count>0', false, true], ['answered:count>0', false, true], ['local_failures:count==0', true, true]]);
  const lines = verdictLines(fake.stderr());
  assert.equal(lines.length, 2, fake.stderr());
  assert.match(lines[0] ?? '', /booted:count>0: no charge point booted/);
  assert.match(lines[1] ?? '', /answered:count>0: the central system answered none of the CALLs sent/);
  assert.match(fake.stdout(), /errors: 3 of 6 operations \(50%\)/);
})));

test('Rejected boots fail the run by default; a threshold on booted says they are expected and the run passes', () => withTempDir((dir) => withCsms((call, csms) => {
  csms.answer(call, { status: 'Rejected', currentTime: new Date().toISOString(), interval: 60 });
}, async (csms) => {
  const failing = await runCli(run(csms.url), { cwd: dir, ms: 20_000 });
  assert.equal(failing.code, 99, failing.stderr());
  let doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.counts.boots, { Rejected: N });
  assert.deepEqual(doc.counts.received, { BootNotification: N });
  assert.deepEqual(doc.counts.errors, {});
  assert.equal(doc.chargePoints.failed, N);
  assert.match(failing.stdout(), /boot answers {3}Rejected 3/);
  assert.equal(verdictLines(failing.stderr()).length, 1);

  const expected = await runCli(run(csms.url, '--threshold', 'booted:count==0'), { cwd: dir, ms: 20_000 });
  assert.equal(expected.code, 0, expected.stderr());
  doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.thresholds.map((t) => [t.expression, t.passed]), [['booted:count==0', true], ['answered:count>0', true], ['local_failures:count==0', true]]);
  assert.deepEqual(verdictLines(expected.stderr()), []);
})));

test('an echo server: each boot comes back as a CALL the charge point refuses, then as a CALLERROR; exit 99, counted once each', () => withTempDir(async (dir) => {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: () => 'ocpp1.6' });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data.toString())));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  try {
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ocpp`;
    const fake = await runCli(run(url), { cwd: dir, ms: 20_000 });
    assert.equal(fake.code, 99, fake.stderr());
    const doc = readSummary(join(dir, 'summary.json'));
    assert.deepEqual(doc.counts.sent, { BootNotification: N });
    assert.deepEqual(doc.counts.received, { BootNotification: N }, 'the echoed CALLERROR answers the boot');
    assert.deepEqual(doc.counts.errors, { 'callerror:NotSupported': N });
    assert.deepEqual(doc.counts.inbound, { BootNotification: N });
    assert.deepEqual(doc.counts.answeredWithError, { BootNotification: N });
    assert.equal(doc.chargePoints.booted, 0);
    assert.match(verdictLines(fake.stderr()).join('\n'), /no charge point booted/);
  } finally {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    await new Promise((resolve) => http.close(resolve));
  }
}));

test('answers after the call timeout: one timeout each, the late answer an anomaly, not a second error', () => withTempDir((dir) => withCsms((call, csms) => {
  csms.answer(call, undefined, 1500);
}, async (csms) => {
  const fake = await runCli(run(csms.url, '--call-timeout', '1s', '--duration', '3s', '--threshold', 'errors:rate<=50%'), { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 99, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.counts.errors, { 'timeout:BootNotification': N });
  assert.deepEqual(doc.counts.anomalies, { 'late-answer': N });
  assert.deepEqual(doc.counts.received, {});
  assert.equal(doc.counts.timeouts, N);
  assert.deepEqual(doc.thresholds.map((t) => [t.expression, t.passed]), [
    ['errors:rate<=50%', true], ['booted:count>0', false], ['answered:count>0', false], ['local_failures:count==0', true]]);
  assert.equal(doc.thresholds[0]?.observed, 0.5, 'N timeouts over N CALLs + N connection attempts');
  const step = Object.values(doc.steps)[0];
  assert.deepEqual([step?.checks, step?.failures], [N, N], 'the failed boot step is a failed check, apart from the errors');
})));

test('answers that fail schema validation are received, counted invalid once, and the run fails', () => withTempDir((dir) => withCsms((call, csms) => {
  csms.answer(call, { status: 'Bogus', currentTime: 'yesterday', interval: 60 });
}, async (csms) => {
  const fake = await runCli(run(csms.url), { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 99, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.counts.received, { BootNotification: N });
  assert.deepEqual(doc.counts.errors, { 'invalid-answer:BootNotification': N });
  assert.equal(doc.counts.invalidAnswers, N);
  assert.equal(doc.latency.BootNotification?.count, N, 'an invalid answer is still an answer with a round trip');
})));

test('charge points that cannot connect for a cause on this machine (EADDRNOTAVAIL) fail the run', () => withTempDir((dir) => withCsms((call, csms) => csms.answer(call), async (csms) => {
  // 192.0.2.1 (TEST-NET-1) is on no interface here: bind() fails locally, nothing is sent.
  const fake = await runCli(['run', '--url', csms.url, '--count', '4', '--duration', '1500ms', '--local-address', '127.0.0.1,192.0.2.1', '--out', 'summary.json'], { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 99, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.chargePoints.localFailures, 2);
  assert.equal(doc.chargePoints.booted, 2);
  assert.ok((doc.counts.errors['connect:EADDRNOTAVAIL'] ?? 0) >= 2, JSON.stringify(doc.counts.errors));
  assert.match(verdictLines(fake.stderr()).join('\n'), /local_failures:count==0: charge points never connected for a cause on this machine/);
})));

test('a threshold on a misspelt action or an impossible rate is refused before anything connects (exit 104, did you mean)', () => withTempDir((dir) => withCsms((call, csms) => csms.answer(call), async (csms) => {
  const typo = await runCli(run(csms.url, '--threshold', 'Bootnotifcation:p(95)<1s'), { cwd: dir });
  assert.equal(typo.code, 104, typo.stderr());
  assert.match(typo.stderr(), /^ocpp-sim: error: --threshold 'Bootnotifcation:p\(95\)<1s': Bootnotifcation is not an OCPP action of ocpp1\.6 \(did you mean BootNotification\?\)$/m);
  const rate = await runCli(run(csms.url, '--threshold', 'errors:rate<150%'), { cwd: dir });
  assert.equal(rate.code, 104, rate.stderr());
  assert.match(rate.stderr(), /errors:rate is a share of CALLs sent and connection attempts, from 0% to 100%/);
  assert.equal(csms.connections.length, 0, 'nothing connected');
})));
