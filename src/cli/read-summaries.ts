import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { HtmlReportOptions } from '../report/html/page.js';
import { ReportError } from '../report/errors.js';
import { DecodedHistograms } from '../metrics/decoded-histograms.js';
import { MAX_SUMMARY_BYTES, parseSummaryDocument } from '../report/parse-summary.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

/**
 * Reads and validates every input, reporting all bad files at once (a CliError, exit 104); a file
 * larger than MAX_SUMMARY_BYTES is refused without being read. With
 * `distinct` (a merge) the same file given twice, by path or as a copy with the same content,
 * is refused too, since merging it would count its run twice.
 */
export async function readSummaries(files: readonly string[], io: Io, distinct = false): Promise<SummaryDocument[]> {
  const problems: string[] = [];
  const docs: SummaryDocument[] = [];
  const seen = new Map<string, string>();
  // One store for all the inputs: the histograms the check decodes are those the command reads.
  const decoded = new DecodedHistograms();
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
      // Checked before reading: a file far larger than any summary would take about twice its size in memory.
      const { size } = await stat(path);
      if (size > MAX_SUMMARY_BYTES) {
        problems.push(`summary ${file} is ${size} bytes, more than a summary may be (${MAX_SUMMARY_BYTES / 1024 / 1024} MiB): not read`);
        continue;
      }
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
      docs.push(parseSummaryDocument(text, file, decoded));
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  return docs;
}

/**
 * One warning line each when the runs had different targets or scenarios (`merging`: merged all
 * the same), or, for `comparing`, different scenarios (an embedded gateway's port differs every run).
 */
export function warnMixedRuns(docs: readonly SummaryDocument[], io: Io, doing: 'merging' | 'comparing' = 'merging'): void {
  const figures = [['targets', (d: SummaryDocument) => d.target.url], ['scenarios', (d: SummaryDocument) => `${d.target.scenario} (${d.target.protocol})`]] as const;
  for (const [what, pick] of figures) {
    if (doing === 'comparing' && what === 'targets') continue;
    const values = [...new Set(docs.map(pick))];
    if (values.length > 1) io.stderr.write(`ocpp-sim: warning: ${doing} runs of different ${what}: ${values.join(', ')}\n`);
  }
}

/** Reads `--baseline FILE` (a summary JSON) for the HTML report; a CliError naming `--baseline`, exit 104, when it cannot. */
export async function loadBaseline(file: string | undefined, io: Io): Promise<HtmlReportOptions['baseline']> {
  if (file === undefined) return undefined;
  const [doc] = await readSummaries([file], io).catch((error: unknown) => {
    throw error instanceof CliError ? new CliError(`--baseline: ${error.message}`, error.exitCode) : error;
  });
  return { doc: doc as SummaryDocument, name: basename(file) };
}
