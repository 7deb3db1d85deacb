import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checksFor } from '../check/checks/index.js';
import { CHECK_DEFAULTS } from '../check/defaults.js';
import { checkDocument, checkJUnitXml, formatOutcome, formatTotals, reference } from '../check/report.js';
import { CsmsUnreachable, probeCsms, runChecks } from '../check/run-checks.js';
import { checkWritable, writeReportFile } from '../report/write-outputs.js';
import { CHECK_PROTOCOLS, resolveCheckPlan, type CheckFlags } from './check-config.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

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
 * bad flags, 105 when interrupted. `--out`/`--junit` are written at the end, also after a failure.
 */
export async function checkCommand(flags: CheckFlags, io: Io): Promise<number> {
  if (flags.list) return listChecks(flags, io);
  const { settings, checks } = await resolveCheckPlan(flags, io);
  const out = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  const junit = flags.junit === undefined ? undefined : resolve(io.cwd, flags.junit);
  for (const [flag, path] of [['--out', out], ['--junit', junit]] as const) {
    if (path !== undefined) await checkWritable(path, flag).catch((error: Error) => { throw new CliError(error.message, EXIT.INVALID_CONFIG); });
  }
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
  const problems: string[] = [];
  if (out !== undefined) await writeReportFile(out, `${JSON.stringify(doc, null, 2)}\n`).catch((e: Error) => problems.push(e.message));
  if (junit !== undefined) await writeReportFile(junit, checkJUnitXml(doc)).catch((e: Error) => problems.push(e.message));
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.RUN_FAILED);
  if (controller.signal.aborted) return EXIT.INTERRUPTED;
  return doc.counts.failed > 0 ? EXIT.CHECK_FAILED : EXIT.OK;
}

/** Adds `check` to `program`; the exit code lands in `outcome.code`. */
export function registerCheckCommand(program: Command, io: Io, outcome: { code: number }): void {
  program.command('check')
    .description('conformance smoke test of a central system: named checks from the charge point side, ✓/✗ each with its OCPP section and OCTT id; exit 0 all passed, 99 one failed, 1 unreachable')
    .option('--url <url>', 'OCPP-J endpoint of the CSMS; the charge point id is appended')
    .option('--protocol <version>', `${CHECK_PROTOCOLS.join(' or ')}`, CHECK_DEFAULTS.protocol)
    .option('--id-prefix <prefix>', 'charge point ids are PREFIX1, PREFIX2', CHECK_DEFAULTS.idPrefix)
    .option('--id-tag <token>', 'a token the CSMS accepts (the unknown one is made up per run)', CHECK_DEFAULTS.idTag)
    .option('--password <password>', 'HTTP Basic password of the charge points, username = id (security profile 1/2): unlocks the basic-auth checks')
    .option('--ca <file>', 'CA certificate (PEM) to trust for wss://')
    .option('--cert <file>', 'client certificate (PEM), security profile 3: unlocks the client certificate checks')
    .option('--key <file>', 'private key (PEM) of --cert')
    .option('--insecure', 'accept any server certificate (the tls-server-certificate check then fails)')
    .option('--trigger-url <url>', "base URL of the CSMS's trigger API (POST {url}/api/octt/{version}/{id}/{action}): unlocks the checks the CSMS starts")
    .option('--trigger-header <header>', "header sent with every trigger request, e.g. 'Authorization: Bearer …' (repeatable)", collect, [])
    .option('--connectors <n>', 'connectors (1.6) or EVSEs (2.0.1) each charge point reports', String(CHECK_DEFAULTS.connectors))
    .option('--pending-id <id>', 'a charge point id the CSMS answers Pending: unlocks boot-pending')
    .option('--rejected-id <id>', 'a charge point id the CSMS answers Rejected: unlocks boot-rejected')
    .option('--call-timeout <time>', 'time allowed for each answer of the CSMS', `${CHECK_DEFAULTS.callTimeoutMs / 1000}s`)
    .option('--only <checks>', 'run only these checks (comma-separated, repeatable)', collect, [])
    .option('--skip <checks>', 'leave these checks out (comma-separated, repeatable)', collect, [])
    .option('--out <file>', 'write the verdicts as JSON (schema ocpp-sim/check@1)')
    .option('--junit <file>', 'write a JUnit XML report: one testcase per check')
    .option('--list', 'list the checks of --protocol and exit')
    .action(async (flags: CheckFlags) => {
      outcome.code = await checkCommand(flags, io);
    });
}
