import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IntervalFigures } from '../../../src/metrics/intervals.js';
import type { Output, RunDescription } from '../../../src/report/outputs/output.js';
import { OutputSet, OutputStartError } from '../../../src/report/outputs/output-set.js';
import { emptyFleetSnapshot, type FleetView } from '../../../src/runner/fleet.js';

// The driver every command uses: the order of the steps, every output attempted at the end,
// failures as lines, a refusal at check/start naming the output.

const RUN: RunDescription = { url: 'ws://127.0.0.1:1/ocpp', scenario: 's', protocol: 'ocpp1.6', count: 2, durationMs: 1000, intervalMs: 100 };
const LIVE: FleetView = { snapshot: () => emptyFleetSnapshot(2), outageBegins() {}, paused: false, pause() {}, resume() {} };
const FIGURES = { elapsedMs: 100 } as unknown as IntervalFigures;

/** An output that records every step it is given, and fails the steps named in `fails`. */
function recording(name: string, calls: string[], fails: readonly string[] = []): Output<string> {
  const step = (what: string): void => {
    calls.push(`${name}.${what}`);
    if (fails.includes(what)) throw new Error(`${name} broke at ${what}`);
  };
  return {
    label: `--out ${name}`,
    check: async () => step('check'),
    start: async () => { step('start'); return `${name} started`; },
    attach: () => step('attach'),
    interval: () => step('interval'),
    stop: async () => step('stop'),
    finish: async (doc) => { step(`finish(${doc})`); return `${name} written`; },
    close: async () => step('close'),
  };
}

function logged(): { log: { info(line: string): void; error(line: string): void }; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: { info: (line) => lines.push(line), error: (line) => lines.push(`error: ${line}`) } };
}

test('an output set drives every output through check, start, attach, interval, stop, finish and close, in order', async () => {
  const calls: string[] = [];
  const { log, lines } = logged();
  const set = new OutputSet([recording('a', calls), recording('b', calls)], log);
  await set.check();
  await set.start(RUN);
  set.attach(LIVE);
  set.interval(FIGURES);
  await set.stop();
  await set.stop();
  assert.deepEqual(await set.finish('doc'), []);
  await set.close();
  assert.deepEqual(calls, [
    'a.check', 'b.check', 'a.start', 'b.start', 'a.attach', 'b.attach', 'a.interval', 'b.interval',
    'a.stop', 'b.stop', 'a.finish(doc)', 'b.finish(doc)', 'a.close', 'b.close',
  ], 'stop is idempotent: called once per output');
  assert.deepEqual(lines, ['a started', 'b started', 'a written', 'b written']);
});

test('a failing finish is one error line and a failure; the outputs after it are still finished', async () => {
  const calls: string[] = [];
  const { log, lines } = logged();
  const set = new OutputSet([recording('a', calls, ['finish(doc)']), recording('b', calls)], log);
  assert.deepEqual(await set.finish('doc'), ['--out a: a broke at finish(doc)']);
  assert.deepEqual(lines, ['error: --out a: a broke at finish(doc)', 'b written']);
});

test('an output refusing at check or start stops the set with an OutputStartError naming it; close still releases every output', async () => {
  for (const step of ['check', 'start']) {
    const calls: string[] = [];
    const set = new OutputSet([recording('a', calls), recording('b', calls, [step]), recording('c', calls)], logged().log);
    await assert.rejects(step === 'check' ? set.check() : set.check().then(() => set.start(RUN)), (error: unknown) => {
      assert.ok(error instanceof OutputStartError);
      assert.equal(error.label, '--out b');
      assert.equal(error.message, `--out b: b broke at ${step}`);
      return true;
    });
    assert.ok(!calls.includes(`c.${step}`), `nothing after the refusal is ${step}ed`);
    await set.close();
    assert.deepEqual(calls.filter((c) => c.endsWith('.close')), ['a.close', 'b.close', 'c.close']);
  }
});

test('an output that throws during the run is reported once, left alone afterwards, and counted as failed at the end', async () => {
  const calls: string[] = [];
  const { log, lines } = logged();
  const set = new OutputSet([recording('a', calls, ['interval']), recording('b', calls)], log);
  set.attach(LIVE);
  set.interval(FIGURES);
  set.interval(FIGURES);
  assert.deepEqual(calls, ['a.attach', 'b.attach', 'a.interval', 'b.interval', 'b.interval']);
  assert.deepEqual(await set.finish('doc'), ['--out a: a broke at interval']);
  assert.deepEqual(lines, ['error: --out a: a broke at interval', 'a written', 'b written']);
});

test('close never rejects, even when an output fails to stop or close', async () => {
  const calls: string[] = [];
  const set = new OutputSet([recording('a', calls, ['stop', 'close']), recording('b', calls)], logged().log);
  await set.close();
  assert.deepEqual(calls, ['a.stop', 'b.stop', 'a.close', 'b.close']);
});

test('frames: the run writes the frames one output asks for', () => {
  const trace: Output<string> = { label: '--trace', frames: { file: '/tmp/t.ndjson' } };
  assert.deepEqual(new OutputSet([recording('a', []), trace], logged().log).frames, { file: '/tmp/t.ndjson' });
  assert.equal(new OutputSet([recording('a', [])], logged().log).frames, undefined);
});
