import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { SummaryDocument } from '../../src/report/summary-document.js';
import { fakeIo, type FakeIo } from './fake-io.js';
import { withTimeout } from './wait.js';

/** What one in-process `main` call left behind: its exit code and everything it wrote. */
export interface CliRun extends FakeIo {
  code: number;
  /** Wall time of the call, in milliseconds. */
  elapsedMs: number;
}

/**
 * Runs `main(argv)` in-process with a fresh fake io working in `cwd` with environment `env`
 * (never process.env), giving up after `ms` milliseconds.
 */
export async function runCli(argv: string[], { cwd, env = {}, ms = 10_000 }: { cwd: string; env?: Record<string, string>; ms?: number }): Promise<CliRun> {
  const fake = fakeIo(cwd, env);
  const t0 = performance.now();
  const code = await withTimeout(main(argv, fake.io), ms, `ocpp-sim ${argv.join(' ')}`);
  return { ...fake, code, elapsedMs: performance.now() - t0 };
}

/** Runs `fn` with a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-cli-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Asserts the CLI's error contract: stderr holds exactly one `ocpp-sim: error:` line and no
 * continuation line or stack trace after it; returns that line.
 */
export function oneErrorLine(fake: FakeIo): string {
  const lines = fake.stderrLines();
  const at = lines.findIndex((line) => line.startsWith('ocpp-sim: error:'));
  assert.ok(at >= 0, `an 'ocpp-sim: error:' line in:\n${fake.stderr()}`);
  assert.equal(lines.length - at, 1, `the error is one line, the last one on stderr:\n${fake.stderr()}`);
  assert.doesNotMatch(fake.stderr(), /^\s+at /m, 'no stack trace');
  return lines[at] as string;
}

/** Reads a summary file written by `run --out` or `report merge --out`. */
export function readSummary(path: string): SummaryDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as SummaryDocument;
}

/** `text` with every regular-expression metacharacter escaped, to match it literally. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
