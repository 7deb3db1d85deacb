import { Chalk, type ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ReportError } from '../report/errors.js';
import { toJUnitXml } from '../report/junit.js';
import { mergeSummaries } from '../report/merge.js';
import { parseSummaryDocument } from '../report/parse-summary.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { formatSummary } from '../ui/summary.js';
import { checkWritable, writeReportFile } from '../report/write-outputs.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { VERSION } from './package-root.js';
import { registerCompareCommand } from './report-compare-command.js';
import { registerHtmlCommand } from './report-html-command.js';

/** Where reports go, as given on the command line (relative to the working directory). */
export interface ReportFlags {
  out?: string;
  junit?: string;
}

/** Report paths resolved against `io.cwd` and checked writable. */
export interface ReportPaths {
  out: string | undefined;
  junit: string | undefined;
}

/** A ReportError becomes a one-line CliError with exit 104; anything else is rethrown. */
function asCliError(error: unknown): never {
  if (error instanceof ReportError) throw new CliError(error.message, EXIT.INVALID_CONFIG);
  throw error;
}

/**
 * Resolves `--out` and `--junit` against `io.cwd` and refuses, up front, a path that could
 * not be written (missing directory, a directory, no permission): a CliError, exit 104,
 * naming the flag and the path. Call it before a run so no run is wasted.
 */
export async function checkReportPaths(flags: ReportFlags, io: Io): Promise<ReportPaths> {
  const paths = {
    out: flags.out === undefined ? undefined : resolve(io.cwd, flags.out),
    junit: flags.junit === undefined ? undefined : resolve(io.cwd, flags.junit),
  };
  try {
    if (paths.out) await checkWritable(paths.out, '--out');
    if (paths.junit) await checkWritable(paths.junit, '--junit');
  } catch (error) {
    asCliError(error);
  }
  return paths;
}

/**
 * Writes the summary JSON to `paths.out` and the JUnit XML to `paths.junit` (each atomically,
 * when given), every one attempted even when another failed, and says so on stderr: a written
 * file in a line, a failed one in one `ocpp-sim: error:` line naming the flag and the path.
 * Resolves with the failures' messages (empty when all were written); the caller decides the
 * exit code (EXIT.OUTPUT_FAILED only when nothing worse happened).
 */
export async function writeReports(doc: SummaryDocument, paths: ReportPaths, io: Io): Promise<string[]> {
  const outputs: Array<[flag: string, path: string | undefined, what: string, render: () => string]> = [
    ['--out', paths.out, 'summary', () => JSON.stringify(doc, null, 2) + '\n'],
    ['--junit', paths.junit, 'JUnit report', () => toJUnitXml(doc)],
  ];
  const failures: string[] = [];
  for (const [flag, path, what, render] of outputs) {
    if (!path) continue;
    try {
      await writeReportFile(path, render());
      io.stderr.write(`${what} written to ${path}\n`);
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      failures.push(`${flag}: ${error.message}`);
      io.stderr.write(`ocpp-sim: error: ${flag}: ${error.message}\n`);
    }
  }
  return failures;
}

/** Colour for the summary: on a terminal, unless NO_COLOR is set (https://no-color.org). */
export function summaryColor(io: Io): ChalkInstance {
  return new Chalk({ level: io.stdout.isTTY === true && !io.env.NO_COLOR ? 1 : 0 });
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

/**
 * Reads and validates every input, reporting all bad files at once (a CliError, exit 104). With
 * `distinct` (a merge) the same file given twice, by path or as a copy with the same content,
 * is refused too, since merging it would count its run twice.
 */
export async function readSummaries(files: readonly string[], io: Io, distinct = false): Promise<SummaryDocument[]> {
  const problems: string[] = [];
  const docs: SummaryDocument[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = resolve(io.cwd, file);
    const before = seen.get(path);
    if (distinct && before !== undefined) {
      problems.push(`${file} is given twice (as ${before} too): its run would be counted twice`);
      continue;
    }
    seen.set(path, file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      problems.push(`cannot read summary ${file}: ${readFailure(error)}`);
      continue;
    }
    const digest = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const copy = seen.get(digest);
    if (distinct && copy !== undefined) {
      problems.push(`${file} is the same summary as ${copy}: its run would be counted twice`);
      continue;
    }
    seen.set(digest, file);
    try {
      docs.push(parseSummaryDocument(text, file));
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  return docs;
}

/**
 * `ocpp-sim report merge <files...>`: reads summary files written with `run --out` by shards
 * of one load test, merges them exactly (mergeSummaries), writes the merged JSON to `--out` or
 * else prints a short text summary on stdout, and writes JUnit XML to `--junit` if given.
 * Unreadable or invalid inputs and unwritable outputs are a CliError, exit 104, naming the
 * file. Returns 0: thresholds are not re-evaluated here.
 */
export async function reportMergeCommand(files: string[], flags: ReportFlags, io: Io): Promise<number> {
  if (files.length === 0) throw new CliError('report merge needs at least one summary file', EXIT.INVALID_CONFIG);
  const paths = await checkReportPaths(flags, io);
  const docs = await readSummaries(files, io, true);
  for (const [what, pick] of [['targets', (d: SummaryDocument) => d.target.url], ['scenarios', (d: SummaryDocument) => `${d.target.scenario} (${d.target.protocol})`]] as const) {
    const values = [...new Set(docs.map(pick))];
    if (values.length > 1) io.stderr.write(`ocpp-sim: warning: merging runs of different ${what}: ${values.join(', ')}\n`);
  }
  let merged: SummaryDocument;
  try {
    merged = mergeSummaries(docs, { names: files, toolVersion: VERSION });
  } catch (error) {
    asCliError(error);
  }
  if (!paths.out) io.stdout.write(formatSummary(merged, { color: summaryColor(io) }));
  const failures = await writeReports(merged, paths, io);
  return failures.length > 0 ? EXIT.OUTPUT_FAILED : EXIT.OK;
}

/**
 * Adds `report merge <files...> [--out <file>] [--junit <file>]` to `program`; the command's
 * exit code lands in `outcome.code`.
 */
export function registerReportCommand(program: Command, io: Io, outcome: { code: number }): void {
  const report = program.command('report').description('work with summary files written by run --out');
  registerCompareCommand(report, io, outcome);
  registerHtmlCommand(report, io, outcome);
  report.command('merge')
    .description('merge the summaries of several runs (shards of one load test) exactly: counts summed, histograms merged')
    .argument('<files...>', 'summary JSON files written by run --out')
    .option('--out <file>', 'write the merged summary JSON here (default: print a short summary on stdout)')
    .option('--junit <file>', 'also write a JUnit XML report of the merged summary here')
    .action(async (files: string[], flags: ReportFlags) => {
      outcome.code = await reportMergeCommand(files, flags, io);
    });
}
