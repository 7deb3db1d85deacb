import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// Coordinated omission against a slow central system: the embedded gateway forked by `run`,
// told to hand out a 1 s heartbeat and to answer every CALL 1.5 s late.
//
// Timeline of each charge point (scenario: boot, heartbeat, one StatusNotification):
//   0 s    BootNotification sent                1.5 s  Accepted; heartbeat grid starts, first due 2.5 s
//   1.5 s  StatusNotification sent              3.0 s  answered
//   2.5 s  Heartbeat due, but a CALL is outstanding (OCPP-J 1.6 §4.1.1): sent at 3.0 s, 500 ms late
//   4.5 s  its answer: 1.5 s after the actual send, 2.0 s after the intended one.
const SCENARIO = `name: slow-heartbeat
protocol: ocpp1.6
chargePoint:
  connectors: 1
steps:
  - boot: {}
  - heartbeat: {}
  - statusNotification: { connector: 0, status: Available }
`;

test('against a slow central system, corrected Heartbeat latency exceeds the actual one and late sends are counted', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'slow.yaml'), SCENARIO);
  const argv = ['run', '--count', '5', '--duration', '5500ms', '--scenario', 'slow.yaml', '--heartbeat-interval', '1s',
    '--gateway-response-delay', '1500ms', '--out', 'summary.json'];
  const fake = await runCli(argv, { cwd: dir, ms: 20_000 });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stderr(), /embedded gateway listening on ws:\/\/127\.0\.0\.1:\d+/);

  const doc = readSummary(join(dir, 'summary.json'));
  const actual = doc.latency.Heartbeat;
  const corrected = doc.latencyCorrected.Heartbeat;
  assert.ok(actual && corrected, `Heartbeat latencies in ${JSON.stringify(Object.keys(doc.latency))}`);
  assert.ok(actual.p50 >= 1400, `the gateway's 1.5 s delay shows in the actual round trip: p50 ${actual.p50} ms`);
  assert.ok(corrected.p50 > actual.p50, `corrected p50 ${corrected.p50} ms > actual p50 ${actual.p50} ms`);
  assert.ok(corrected.p50 - actual.p50 >= 300, `the wait behind the outstanding CALL (~500 ms) is counted: ${corrected.p50 - actual.p50} ms`);
  assert.ok((doc.counts.scheduled.Heartbeat ?? 0) >= 5, `scheduled ${doc.counts.scheduled.Heartbeat}`);
  assert.ok((doc.counts.delayed.Heartbeat ?? 0) > 0, `delayed ${doc.counts.delayed.Heartbeat}`);

  const out = fake.stdout();
  assert.match(out, /scheduled sends \(heartbeat, repeat every\): coordinated omission/);
  assert.match(out, /^\s+action\s+scheduled\s+delayed\s+skipped\s+queued at end\s+late by \(max\)$/m);
  assert.match(out, /^\s+action\s+p50\s+p99\s+max\s+actual p50\s+actual p99\s+actual max$/m);
  assert.match(out, /^\s+Heartbeat\s+\d+\s+[1-9]\d*\s+/m, `a Heartbeat row with delayed sends in:\n${out}`);
  assert.equal(doc.latencyScheduled.Heartbeat?.count, corrected.count, 'actual and corrected over the same scheduled sends');
}));

test('a repeat every on a slow central system: each iteration corrected from its slot, actual and corrected over the same sends, the backlog at the end reported', () => withTempDir(async (dir) => {
  // MeterValues every 500 ms against answers 1.2 s late: iterations fall behind, run late from their slots, and queue up.
  await writeFile(join(dir, 'meters.yaml'), `name: slow-meters
protocol: ocpp1.6
chargePoint:
  connectors: 1
steps:
  - boot: {}
  - repeat:
      every: 500ms
      steps:
        - call: { action: DataTransfer, payload: { vendorId: acme } }
`);
  const fake = await runCli(['run', '--count', '2', '--duration', '6s', '--scenario', 'meters.yaml', '--gateway-response-delay', '1200ms',
    '--graceful-stop', '0s', '--threshold', 'booted:count==2', '--out', 'summary.json'], { cwd: dir, ms: 30_000 });
  const doc = readSummary(join(dir, 'summary.json'));
  const corrected = doc.latencyCorrected.DataTransfer;
  const actual = doc.latencyScheduled.DataTransfer;
  assert.ok(corrected && actual, fake.stdout());
  assert.equal(corrected.count, actual.count, 'the two histograms hold the same sends');
  assert.ok(corrected.max > actual.max + 500, `the wait behind earlier iterations shows only in the corrected figures (${corrected.max} vs ${actual.max})`);
  assert.equal(doc.counts.scheduled.DataTransfer, doc.counts.sent.DataTransfer, 'every DataTransfer was a scheduled send');
  assert.match(fake.stdout(), /queued at end/);
}));
