import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { toJUnitXml } from '../../../src/report/junit.js';
import { htmlOutput } from '../../../src/report/outputs/html.js';
import { jsonOutput } from '../../../src/report/outputs/json.js';
import { junitOutput } from '../../../src/report/outputs/junit.js';
import { ndjsonOutput } from '../../../src/report/outputs/ndjson.js';
import type { Output, RunDescription } from '../../../src/report/outputs/output.js';
import { traceOutput } from '../../../src/report/outputs/trace.js';
import { buildSummaryDocument, type SummaryDocument } from '../../../src/report/summary-document.js';
import { ReportError } from '../../../src/report/errors.js';
import { withTempDir } from '../../helpers/cli-run.js';
import { runResult, smallSamples } from '../run-results.js';

// Each file output's contract, with real files: check refuses an unwritable path up front,
// start/interval/finish write what they say, a write failing at the end rejects naming the path.

const RUN: RunDescription = { url: 'ws://127.0.0.1:9000/ocpp', scenario: 'boot-heartbeat-status', protocol: 'ocpp1.6', count: 10, durationMs: 30_000, intervalMs: 10_000 };
const DOC: SummaryDocument = buildSummaryDocument(runResult({ samples: smallSamples(3, 10) }), { config: { count: 10 }, thresholds: [], toolVersion: '0.0.1' });

/** Runs an output through its steps as a command does; resolves with the line finish returned. */
async function drive<D>(output: Output<D>, doc: D): Promise<string | undefined> {
  await output.check?.();
  await output.start?.(RUN);
  output.interval?.({ elapsedMs: 10_000 } as never);
  await output.stop?.();
  try {
    return await output.finish?.(doc);
  } finally {
    await output.close?.();
  }
}

const rejectsNaming = (path: string) => (error: unknown): boolean => {
  assert.ok(error instanceof ReportError, String(error));
  assert.match(error.message, new RegExp(`cannot write ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.doesNotMatch(error.message, /\n/);
  return true;
};

test('json: the document as indented JSON, the line says "summary written to FILE" (or what it holds)', () => withTempDir(async (dir) => {
  const path = join(dir, 's.json');
  assert.equal(await drive(jsonOutput<SummaryDocument>(path), DOC), `summary written to ${path}`);
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), DOC);
  assert.equal(await drive(jsonOutput(path, { label: '--out', what: 'check verdicts' }), { schema: 'x' }), `check verdicts written to ${path}`);
  assert.equal(await readFile(path, 'utf8'), '{\n  "schema": "x"\n}\n');
}));

test('junit: the XML its renderer makes (run or check), written whole', () => withTempDir(async (dir) => {
  const path = join(dir, 'j.xml');
  const output = junitOutput(path, toJUnitXml, '--junit');
  assert.equal(output.label, '--junit');
  assert.equal(await drive(output, DOC), `JUnit report written to ${path}`);
  assert.equal(await readFile(path, 'utf8'), toJUnitXml(DOC));
  assert.equal(await drive(junitOutput(path, (doc: { n: number }) => `<n>${doc.n}</n>`), { n: 7 }), `JUnit report written to ${path}`);
  assert.equal(await readFile(path, 'utf8'), '<n>7</n>');
}));

test('html: a self-contained page holding the summary\'s figures', () => withTempDir(async (dir) => {
  const path = join(dir, 'r.html');
  assert.equal(await drive(htmlOutput(path), DOC), `HTML report written to ${path}`);
  const html = await readFile(path, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.doesNotMatch(html, /<script[^>]+src=/, 'no script loaded from elsewhere');
  assert.match(html, /BootNotification/);
}));

test('ndjson: the start line at start, a line per interval as it comes, the end line at finish', () => withTempDir(async (dir) => {
  const path = join(dir, 'i.ndjson');
  const output = ndjsonOutput(path);
  await output.check?.();
  await output.start?.(RUN);
  const lines = async (): Promise<Array<Record<string, unknown>>> => (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const figures = { ...(DOC.intervals[0] ?? {}), elapsedMs: 10_000 } as never;
  output.interval?.(figures);
  output.interval?.(figures);
  assert.equal(await output.finish?.(DOC), `interval stream written to ${path}`);
  await output.close?.();
  const all = await lines();
  assert.deepEqual(all.map((l) => l.type), ['start', 'interval', 'interval', 'end']);
  assert.deepEqual({ ...all[0], time: undefined }, { type: 'start', time: undefined, ...RUN });
  assert.deepEqual([all[3]?.outcome, all[3]?.chargePoints], [DOC.outcome, DOC.chargePoints]);
}));

test('ndjson: a run that ends without a summary (an error) still closes the file with what it had', () => withTempDir(async (dir) => {
  const path = join(dir, 'i.ndjson');
  const output = ndjsonOutput(path);
  await output.start?.(RUN);
  await output.close?.();
  assert.deepEqual((await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type), ['start']);
  assert.equal(await output.finish?.(DOC), undefined, 'nothing left to finish');
}));

test('ndjson: a file that cannot be opened at start rejects with one line naming the path and why, in words', () => withTempDir(async (dir) => {
  const path = join(dir, 'gone', 'i.ndjson');
  await assert.rejects(ndjsonOutput(path).start?.(RUN) ?? Promise.resolve(), (error: unknown) => {
    assert.ok(error instanceof ReportError);
    assert.equal(error.message, `cannot write ${path}: no such file or directory`);
    return true;
  });
}));

test('trace: asks the run for the frames of the given ids and checks the path; it writes nothing itself, and fails at finish when the run wrote no trace', () => withTempDir(async (dir) => {
  const path = join(dir, 't.ndjson');
  const output = traceOutput(path, new Set(['CP-001']), '--trace');
  assert.deepEqual(output.frames, { file: path, ids: new Set(['CP-001']) });
  await assert.rejects(drive(output, DOC), (error: unknown) => {
    assert.ok(error instanceof ReportError);
    assert.equal(error.message, `cannot write ${path}: the run could not open it, no frame was traced`);
    return true;
  });
  assert.equal(existsSync(path), false);
  assert.deepEqual(traceOutput(path).frames, { file: path });
}));

test('trace: finish names the file the run wrote, or FILE.0, FILE.1 … of worker processes; files older than the run do not count', () => withTempDir(async (dir) => {
  const path = join(dir, 't.ndjson');
  const one = traceOutput(path);
  await one.start?.(RUN);
  await writeFile(path, '{}\n');
  assert.equal(await one.finish?.(DOC), `frame trace written to ${path}`);
  // An earlier run's FILE, an hour old, beside this run's per-worker files.
  const hourAgo = new Date(Date.now() - 3_600_000);
  await utimes(path, hourAgo, hourAgo);
  const workers = traceOutput(path);
  await workers.start?.(RUN);
  await writeFile(`${path}.0`, '{}\n');
  await writeFile(`${path}.1`, '{}\n');
  assert.equal(await workers.finish?.(DOC), `frame trace written to ${path}.0, ${path}.1`);
}));

test('every file output refuses at check a path in a missing directory, creating nothing', () => withTempDir(async (dir) => {
  const path = join(dir, 'missing', 'x');
  for (const output of [jsonOutput(path), junitOutput(path, toJUnitXml), htmlOutput(path), ndjsonOutput(path), traceOutput(path)] as Array<Output<SummaryDocument>>) {
    await assert.rejects(output.check?.() ?? Promise.reject(new Error(`${output.label} has no check`)), (error: unknown) => {
      assert.ok(error instanceof ReportError, `${output.label}: ${String(error)}`);
      assert.match(error.message, /directory .* does not exist/);
      return true;
    });
  }
  assert.deepEqual(await readdir(dir), []);
}));

test('a file output whose directory vanished after check rejects at finish naming the path, and leaves no temporary file', () => withTempDir(async (dir) => {
  const sub = join(dir, 'sub');
  await mkdir(sub);
  for (const output of [jsonOutput<SummaryDocument>(join(sub, 'x.json')), junitOutput(join(sub, 'x.xml'), toJUnitXml), htmlOutput(join(sub, 'x.html'))]) {
    await mkdir(sub, { recursive: true });
    await output.check?.();
    await rm(sub, { recursive: true });
    await assert.rejects(output.finish?.(DOC) ?? Promise.resolve(), rejectsNaming(join(sub, 'x.')));
  }
  assert.deepEqual(await readdir(dir), []);
}));
