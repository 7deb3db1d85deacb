import { resolve } from 'node:path';
import { parseDuration } from '../clock/duration.js';
import { ReportError } from '../report/errors.js';
import { mergeSummaries } from '../report/merge.js';
import { htmlOutput } from '../report/outputs/html.js';
import { OutputSet } from '../report/outputs/output-set.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { outputLog, outputRefused } from './output-io.js';
import { VERSION } from './package-root.js';
import { loadBaseline, readSummaries, warnMixedRuns } from './read-summaries.js';

interface HtmlFlags { output?: string; baseline?: string; interval?: string }

/**
 * `ocpp-sim report html SUMMARY… -o FILE [--baseline BASE] [--interval T]`: merges the summaries
 * exactly (report merge's rules) when there are several, and writes the HTML report (the same
 * output as `run --out html=FILE`). Exit 104 for bad flags, unreadable summaries or an
 * unwritable path up front; 103 when writing fails at the end.
 */
export async function reportHtmlCommand(files: string[], flags: HtmlFlags, io: Io): Promise<number> {
  if (!flags.output) throw new CliError('report html needs -o FILE, the HTML file to write', EXIT.INVALID_CONFIG);
  let intervalSeconds: number | undefined;
  if (flags.interval !== undefined) {
    const ms = parseDuration(flags.interval);
    if (ms === undefined || ms < 1000) throw new CliError(`--interval must be a time of at least 1s, e.g. 1s, 1m (got '${flags.interval}')`, EXIT.INVALID_CONFIG);
    intervalSeconds = ms / 1000;
  }
  // Several are merged as report merge merges them: the same run twice refused, mixed runs warned about.
  const docs = await readSummaries(files, io, true);
  if (docs.length > 1) warnMixedRuns(docs, io);
  const baseline = await loadBaseline(flags.baseline, io);
  const outputs = new OutputSet([htmlOutput(resolve(io.cwd, flags.output), { ...(baseline ? { baseline } : {}), ...(intervalSeconds ? { intervalSeconds } : {}) }, '-o')], outputLog(io));
  await outputs.check().catch(outputRefused);
  let doc: SummaryDocument;
  try {
    doc = docs.length === 1 ? docs[0] as SummaryDocument : mergeSummaries(docs, { names: files, toolVersion: VERSION });
  } catch (error) {
    if (error instanceof ReportError) throw new CliError(error.message, EXIT.INVALID_CONFIG);
    throw error;
  }
  return (await outputs.finish(doc)).length > 0 ? EXIT.OUTPUT_FAILED : EXIT.OK;
}
