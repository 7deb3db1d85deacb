import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { readSummary, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';

const lines = (path: string): Array<Record<string, unknown>> =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) : [];

test('--out ndjson=FILE streams a start line, each interval as it ends, and an end line; the intervals equal the summary\'s', () => withTempDir(async (dir) => {
  const file = join(dir, 'run.ndjson');
  const fake = fakeIo(dir);
  const running = main(['run', '-n', '3', '--rate', '0', '-d', '5s', '--interval', '1s', '--heartbeat-interval', '1s', '--no-ui', '--out', 'summary.json', '--out', 'ndjson=run.ndjson'], fake.io);
  let ended = false;
  void running.finally(() => { ended = true; });
  await waitUntil(() => ended || lines(file).some((l) => l.type === 'interval'), 30_000, 'the first interval line during the run');
  assert.equal(ended, false, 'an interval line is there before the run ends');
  assert.equal(await withTimeout(running, 60_000, 'the run'), 0, fake.stderr());
  const all = lines(file);
  const summary = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(all[0] && { type: all[0].type, count: all[0].count, intervalMs: all[0].intervalMs, scenario: all[0].scenario }, { type: 'start', count: 3, intervalMs: 1000, scenario: 'boot-heartbeat-status' });
  assert.deepEqual(all.filter((l) => l.type === 'interval').map(({ type: _type, ...figures }) => figures), summary.intervals);
  const end = all.at(-1) as Record<string, unknown>;
  assert.deepEqual([end.type, end.outcome, end.chargePoints], ['end', 'completed', summary.chargePoints]);
  assert.match(fake.stderr(), /interval stream written to .*run\.ndjson/);
}));
