import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// `run --outage` with charge points in a transaction whose scenario keeps running offline:
// the storm report counts the messages the herd kept and flushed after coming back, and the
// summary's offline queue section and JSON agree with it.

const SCENARIO = [
  'protocol: ocpp1.6',
  'offline: { keepRunning: true }',
  'steps:',
  '  - boot',
  '  - startTransaction: { connector: 1 }',
  '  - repeat:',
  '      every: 500ms',
  '      steps:',
  '        - meterValues: { connector: 1 }',
].join('\n') + '\n';

test('an outage mid-transaction: the storm reports the queued messages flushed, equal to the offline queue figures of the JSON', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'tx.yaml'), SCENARIO);
  const fake = await runCli([
    'run', '--scenario', 'tx.yaml', '--count', '10', '--rate', '0', '--duration', '12s', '--outage', '3s:3s', '--no-ui', '--out', 'summary.json',
    '--reconnect', 'full-jitter', '--backoff-initial', '200ms', '--backoff-max', '500ms',
  ], { cwd: dir, ms: 40_000 });
  assert.equal(fake.code, 0, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  const outage = doc.loadShape?.outages?.[0] as { queuedMessagesFlushed: number; rebooted: number } | undefined;
  assert.ok(outage, JSON.stringify(doc.loadShape));
  assert.equal(outage.rebooted, 10);
  const flushed = (doc.counts as { offlineFlushed?: Record<string, number> }).offlineFlushed?.MeterValues ?? 0;
  assert.ok(flushed >= 30, `about 6 readings each were kept during the 3 s outage (${flushed})`);
  assert.equal(outage.queuedMessagesFlushed, flushed, 'every flush came after this outage');
  assert.match(fake.stdout(), new RegExp(`queued messages {5}${flushed} flushed from offline queues`));
  assert.match(fake.stdout(), /offline queue \(transaction messages kept while offline/);
  assert.match(fake.stdout(), /MeterValues +\d+ +\d+ +0 +\d+/);
}));
