import { resolve } from 'node:path';
import { ReportError } from '../report/errors.js';
import { toJUnitXml } from '../report/junit.js';
import { mergeSummaries } from '../report/merge.js';
import { jsonOutput } from '../report/outputs/json.js';
import { junitOutput } from '../report/outputs/junit.js';
import type { Output } from '../report/outputs/output.js';
import { OutputSet } from '../report/outputs/output-set.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { formatSummary } from '../ui/summary.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { outputLog, outputRefused, summaryColor } from './output-io.js';
import { oneEach, parseOutSpecs, type OutputSpec } from './out-specs.js';
import { VERSION } from './package-root.js';
import { readSummaries, warnMixedRuns } from './read-summaries.js';
/** Where `report merge` writes, as given on the command line (relative to the working directory). */
export interface ReportFlags {
  /** `--out [json=|junit=]FILE`, repeatable; a bare FILE is json=FILE. */
  out?: string | string[];
  junit?: string;
}

const MERGE_KINDS = { json: 'file', junit: 'file' } as const;

/** A ReportError becomes a one-line CliError with exit 104; anything else is rethrown. */
function asCliError(error: unknown): never {
  if (error instanceof ReportError) throw new CliError(error.message, EXIT.INVALID_CONFIG);
  throw error;
}

/**
 * What `report merge` writes: the summary JSON (`--out FILE`, `--out json=FILE`) and JUnit XML
 * (`--junit FILE`, `--out junit=FILE`), as run's `--out` reads them, paths resolved against
 * `io.cwd`, in that order; every problem (unknown kind, a kind twice) in one CliError, exit 104.
 */
export function mergeOutputSpecs(flags: ReportFlags, io: Io): OutputSpec[] {
  const problems: string[] = [];
  const problem = (line: string): void => { problems.push(line); };
  const values = flags.out === undefined ? [] : Array.isArray(flags.out) ? flags.out : [flags.out];
  const specs = oneEach([
    ...parseOutSpecs(values, MERGE_KINDS, { cwd: io.cwd, label: '--out', defaultHost: '' }, problem),
    ...(flags.junit === undefined ? [] : [{ kind: 'junit', label: '--junit', path: resolve(io.cwd, flags.junit) }]),
  ], problem);
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  return ['json', 'junit'].flatMap((kind) => specs.filter((spec) => spec.kind === kind));
}

/** The output of one spec of mergeOutputSpecs. */
function mergeOutput(spec: OutputSpec): Output<SummaryDocument> {
  return spec.kind === 'json'
    ? jsonOutput<SummaryDocument>(spec.path as string, { label: spec.label })
    : junitOutput(spec.path as string, toJUnitXml, spec.label);
}

/** The outputs of `report merge` (mergeOutputSpecs, each made an output). */
export function mergeOutputs(flags: ReportFlags, io: Io): Array<Output<SummaryDocument>> {
  return mergeOutputSpecs(flags, io).map(mergeOutput);
}

/**
 * `ocpp-sim report merge <files...>`: reads summary files written with `run --out` by shards
 * of one load test, merges them exactly (mergeSummaries), writes the merged JSON to `--out` or
 * else prints a short text summary on stdout, and writes JUnit XML to `--junit` if given.
 * Unreadable or invalid inputs and unwritable outputs are a CliError, exit 104, naming the
 * file; an output that cannot be written at the end is one line and exit 103 (the other is
 * still written). Otherwise 0: thresholds are not re-evaluated here.
 */
export async function reportMergeCommand(files: string[], flags: ReportFlags, io: Io): Promise<number> {
  if (files.length === 0) throw new CliError('report merge needs at least one summary file', EXIT.INVALID_CONFIG);
  const specs = mergeOutputSpecs(flags, io);
  const outputs = new OutputSet(specs.map(mergeOutput), outputLog(io));
  await outputs.check().catch(outputRefused);
  const docs = await readSummaries(files, io, true);
  warnMixedRuns(docs, io);
  let merged: SummaryDocument;
  try {
    merged = mergeSummaries(docs, { names: files, toolVersion: VERSION });
  } catch (error) {
    asCliError(error);
  }
  // The text stands in for the merged summary JSON when no file of that kind is written.
  if (!specs.some((spec) => spec.kind === 'json')) io.stdout.write(formatSummary(merged, { color: await summaryColor(io) }));
  const failures = await outputs.finish(merged);
  return failures.length > 0 ? EXIT.OUTPUT_FAILED : EXIT.OK;
}
