import { resolve } from 'node:path';
import { checksFor } from '../check/checks/index.js';
import { CHECK_DEFAULTS, CHECK_PROTOCOLS } from '../check/defaults.js';
import { checkDocument, checkJUnitXml, formatOutcome, formatTotals, reference, type CheckDocument } from '../check/report.js';
import { CsmsUnreachable, probeCsms, runChecks } from '../check/run-checks.js';
import { jsonOutput } from '../report/outputs/json.js';
import { junitOutput } from '../report/outputs/junit.js';
import type { Output } from '../report/outputs/output.js';
import { OutputSet } from '../report/outputs/output-set.js';
import { resolveCheckPlan, type CheckFlags } from './check-config.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { oneEach, parseOutSpecs, type OutputSpec } from './out-specs.js';
import { outputLog, outputRefused } from './output-io.js';

/** The outputs `check` can write, in the order they are written: the same modules as run's, with the check's document. */
const CHECK_OUTPUTS: Readonly<Record<string, (spec: OutputSpec) => Output<CheckDocument>>> = Object.freeze({
  json: (spec) => jsonOutput<CheckDocument>(spec.path as string, { label: spec.label, what: 'check verdicts' }),
  junit: (spec) => junitOutput(spec.path as string, checkJUnitXml, spec.label),
});

/** `--out [json=|junit=]FILE` (repeatable) and `--junit FILE`, resolved against `io.cwd`; every problem in one CliError, exit 104. */
function checkOutputs(flags: CheckFlags, io: Io): Array<Output<CheckDocument>> {
  const problems: string[] = [];
  const problem = (line: string): void => { problems.push(line); };
  const kinds = Object.fromEntries(Object.keys(CHECK_OUTPUTS).map((kind) => [kind, 'file' as const]));
  const specs = oneEach([
    ...parseOutSpecs(flags.out ?? [], kinds, { cwd: io.cwd, label: '--out', defaultHost: '' }, problem),
    ...(flags.junit === undefined ? [] : [{ kind: 'junit', label: '--junit', path: resolve(io.cwd, flags.junit) }]),
  ], problem);
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  const order = Object.keys(CHECK_OUTPUTS);
  return specs.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)).map((spec) => (CHECK_OUTPUTS[spec.kind] as (s: OutputSpec) => Output<CheckDocument>)(spec));
}

/** `--list`: every check of the protocol with its reference and what it proves. */
function listChecks(flags: CheckFlags, io: Io): number {
  const protocol = flags.protocol ?? CHECK_DEFAULTS.protocol;
  if (!CHECK_PROTOCOLS.includes(protocol as never)) throw new CliError(`--protocol must be one of ${CHECK_PROTOCOLS.join(', ')} (got '${protocol}')`, EXIT.INVALID_CONFIG);
  for (const check of checksFor(protocol as (typeof CHECK_PROTOCOLS)[number])) {
    const ref = check.refs[protocol as (typeof CHECK_PROTOCOLS)[number]];
    io.stdout.write(`${check.name}  [${ref ? reference(ref) : ''}]${check.needs ? `  (needs ${check.needs.join(', ')})` : ''}\n    ${check.proves}\n`);
  }
  return EXIT.OK;
}

/**
 * `ocpp-sim check --url …`: runs the checks of one protocol against a live CSMS from the charge
 * point side, one line per verdict on stdout as it comes, then the totals. Exit 0 when every
 * check that ran passed, 99 when one failed, 1 when the CSMS cannot be reached at all, 104 for
 * bad flags, 105 when interrupted. `--out`/`--junit` are written at the end, also after a failure:
 * each attempted, a failed write one line, 103 only when every check passed.
 */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  if (flags.list) return listChecks(flags, io);
  const { settings, checks } = await resolveCheckPlan(flags, io);
  const outputs = new OutputSet(checkOutputs(flags, io), outputLog(io));
  await outputs.check().catch(outputRefused);
  try {
    await probeCsms(settings);
  } catch (error) {
    if (error instanceof CsmsUnreachable) throw new CliError(`cannot reach the CSMS: ${error.message}`, EXIT.RUN_FAILED);
    throw error;
  }
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt(() => controller.abort());
  const startedAt = new Date();
  const t0 = performance.now();
  let outcomes;
  try {
    outcomes = await runChecks(checks, settings, { signal: controller.signal, onOutcome: (o) => io.stdout.write(`${formatOutcome(o)}\n`) });
  } finally {
    unsubscribe();
  }
  const doc = checkDocument(settings.url, settings.version, startedAt, performance.now() - t0, outcomes);
  io.stdout.write(`${formatTotals(doc)}\n`);
  const failures = await outputs.finish(doc);
  if (controller.signal.aborted) return EXIT.INTERRUPTED;
  if (doc.counts.failed > 0) return EXIT.CHECK_FAILED;
  return failures.length > 0 ? EXIT.OUTPUT_FAILED : EXIT.OK;
}
