import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { jsonOutput, OutputStartError, runFleet, startGateway, type IntervalFigures, type Output, type RunDescription, type SummaryDocument } from '../../../src/index.js';
import { withTempDir } from '../../helpers/cli-run.js';

// The output interface as a library user meets it: runFleet drives their own outputs and the
// shipped ones through the same steps as `ocpp-sim run`.

test('runFleet drives a library user\'s output and a shipped one: start, attach, intervals, finish with the summary; a failed write is reported, not thrown', () => withTempDir(async (dir) => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 1 });
  try {
    const seen: { run?: RunDescription; polls: number; intervals: IntervalFigures[]; doc?: SummaryDocument; steps: string[] } = { polls: 0, intervals: [], steps: [] };
    let ticker: NodeJS.Timeout | undefined;
    const mine: Output<SummaryDocument> = {
      label: 'my output',
      async start(run) { seen.steps.push('start'); seen.run = run; return 'my output started'; },
      attach(live) {
        seen.steps.push('attach');
        ticker = setInterval(() => { seen.polls += live.snapshot(false).count > 0 ? 1 : 0; }, 50);
      },
      interval(figures) { seen.intervals.push(figures); },
      async stop() { seen.steps.push('stop'); clearInterval(ticker); },
      async finish(doc) { seen.steps.push('finish'); seen.doc = doc; return `my output saw ${doc.chargePoints.booted} booted`; },
      async close() { seen.steps.push('close'); clearInterval(ticker); },
    };
    await mkdir(join(dir, 'gone'));
    const lines: string[] = [];
    const result = await runFleet({
      url: gateway.url, count: 2, ratePerSec: 0, durationMs: 1200, intervalMs: 300, seed: 1,
      outputs: [mine, jsonOutput(join(dir, 's.json')), jsonOutput(join(dir, 'gone', 'x.json'), { label: 'lost' })],
      onOutputLine: (line, kind) => lines.push(`${kind}: ${line}`),
      onStart: () => { void rm(join(dir, 'gone'), { recursive: true }); },
    });
    assert.equal(result.outcome, 'completed', result.error);
    assert.deepEqual(seen.steps, ['start', 'attach', 'stop', 'finish', 'close']);
    assert.deepEqual(seen.run, { url: gateway.url, scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6', count: 2, durationMs: 1200, intervalMs: 300 });
    assert.ok(seen.polls > 0, 'the output pulled snapshots while the fleet ran');
    assert.deepEqual(seen.intervals, result.intervals, 'every interval, as the result records them');
    assert.equal(seen.doc?.chargePoints.booted, 2);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 's.json'), 'utf8')), seen.doc, 'the shipped JSON output wrote the same document');
    assert.equal(result.outputFailures?.length, 1);
    assert.match(result.outputFailures?.[0] ?? '', /^lost: cannot write .*gone\/x\.json/);
    assert.deepEqual(lines.map((l) => l.replace(/ to .*$/, '')).filter((l) => !l.startsWith('error')), ['info: my output started', 'info: my output saw 2 booted', 'info: summary written']);
    assert.match(lines.find((l) => l.startsWith('error')) ?? '', /^error: lost: cannot write/);
  } finally {
    await gateway.close();
  }
}));

test('runFleet rejects with OutputStartError, before any charge point connects, when an output refuses to start', () => withTempDir(async (dir) => {
  const gateway = await startGateway({ port: 0 });
  try {
    await assert.rejects(runFleet({ url: gateway.url, count: 1, durationMs: 500, outputs: [jsonOutput(join(dir, 'missing', 's.json'))] }), (error: unknown) => {
      assert.ok(error instanceof OutputStartError);
      assert.match(error.message, /^--out json: cannot write .*missing\/s\.json: directory .* does not exist$/);
      return true;
    });
    assert.equal(gateway.stats().messagesReceived, 0, 'no charge point ran');
  } finally {
    await gateway.close();
  }
}));
