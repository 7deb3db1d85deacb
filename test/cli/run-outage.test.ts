import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { oneErrorLine, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// `run --outage`: the embedded gateway (its own process) drops every connection and refuses
// upgrades for the window; the fleet's reconnect storm is reported in the summary and the JSON.

test('100 charge points through a 5 s outage of the embedded gateway: every one boots again, and the storm figures are in the JSON', () => withTempDir(async (dir) => {
  const fake = await runCli([
    'run', '--count', '100', '--rate', '0', '--duration', '16s', '--outage', '2s:5s', '--no-ui', '--out', 'summary.json',
    '--reconnect', 'retry-backoff', '--retry-backoff-wait-minimum', '1s', '--retry-backoff-random-range', '2s', '--retry-backoff-repeat-times', '2',
  ], { cwd: dir, ms: 40_000 });
  assert.equal(fake.code, 0, fake.stderr());
  assert.match(fake.stderr(), /outage: the embedded gateway drops every connection and refuses upgrades for 5s/);
  const doc = readSummary(join(dir, 'summary.json'));
  const outage = doc.loadShape?.outages?.[0];
  assert.ok(outage, JSON.stringify(doc.loadShape));
  assert.equal(doc.loadShape?.outages?.length, 1);
  assert.equal(outage.atMs, 2000);
  assert.equal(outage.durationMs, 5000);
  assert.equal(outage.herd, 100, 'all 100 were running when the gateway went down');
  assert.equal(outage.rebooted, 100, 'every one booted again');
  assert.equal(doc.counts.boots.Accepted, 200, 'each booted twice');
  assert.ok(outage.msToAllRebooted !== null && outage.msTo95PercentRebooted !== null);
  assert.ok(outage.msTo95PercentRebooted <= outage.msToAllRebooted);
  // Waits of 1-3, 2-4, then 4-6 s: none can still be waiting more than 6 s after the gateway is back.
  assert.ok(outage.msToAllRebooted <= 7000, `all back ${outage.msToAllRebooted} ms after the outage`);
  assert.ok(outage.attemptsPerSecDuringOutage > 0, 'charge points kept trying during the outage');
  assert.ok(outage.peakAttemptsPerSec >= 1 && outage.peakConnectsPerSec >= 1);
  assert.equal(outage.queuedMessagesFlushed, 0, 'boot-heartbeat-status has no transaction messages to keep offline');
  assert.equal(outage.connects.reduce((a, b) => a + b, 0), 100, 'one successful reconnect each');
  assert.ok(outage.attempts.reduce((a, b) => a + b, 0) >= 200, 'refused attempts during the outage, then the reconnects');
  assert.equal(outage.reboots.reduce((a, b) => a + b, 0), 100);
  assert.equal(doc.counts.disconnects['1006'], 100, 'dropped without a closing handshake');
  assert.ok((doc.counts.errors['connect:http-503'] ?? 0) > 0, JSON.stringify(doc.counts.errors));
  assert.match(fake.stdout(), /outage at 2s for 5s: 100 of 100 charge points booted again/);
  assert.match(fake.stdout(), /booted again {8}95% [\d.]+m?s, all [\d.]+m?s after it came back/);
}));

test('--outage with --url, or one that does not parse, is refused in one line (exit 104)', () => withTempDir(async (dir) => {
  const withUrl = await runCli(['run', '--url', 'ws://127.0.0.1:9/ocpp', '--outage', '1s:1s'], { cwd: dir });
  assert.equal(withUrl.code, 104);
  assert.match(oneErrorLine(withUrl), /--outage takes down the embedded gateway; against --url, start an outage with that gateway's API \(POST \/outage/);
  const bad = await runCli(['run', '--outage', '1s'], { cwd: dir });
  assert.equal(bad.code, 104);
  assert.match(oneErrorLine(bad), /--outage must be AT:DURATION such as 2m:60s/);
  const late = await runCli(['run', '--duration', '10s', '--outage', '20s:1s'], { cwd: dir });
  assert.match(oneErrorLine(late), /--outage '20s:1s' begins after the run ends/);
}));
