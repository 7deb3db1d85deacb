import type { Command } from 'commander';
import { CHECK_DEFAULTS, CHECK_PROTOCOLS } from '../check/defaults.js';
import { isOcppVersion, SUPPORTED_VERSIONS } from '../protocol/versions.js';
import type { CheckFlags } from './check-config.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import type { ReportFlags } from './report-command.js';

// The commands besides run and gateway: their flags and help are defined here, and each action
// imports its module only when it runs, so a process pays the memory of the one command it runs.

type Outcome = { code: number };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `check` to `program`; the exit code lands in `outcome.code`. */
export function registerCheckCommand(program: Command, io: Io, outcome: Outcome): void {
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
    .option('--out <[kind=]file>', 'write an output, repeatable: json=check.json (the verdicts, schema ocpp-sim/check@1; a bare FILE is json), junit=check.xml (a testcase per check)', collect, [])
    .option('--junit <file>', 'write a JUnit XML report: one testcase per check (the same as --out junit=FILE)')
    .option('--list', 'list the checks of --protocol and exit')
    .action(async (flags: CheckFlags) => {
      const { checkCommand } = await import('./check-command.js');
      outcome.code = await checkCommand(flags, io);
    });
}

/** Adds `report merge|compare|html` to `program`; the command's exit code lands in `outcome.code`. */
export function registerReportCommand(program: Command, io: Io, outcome: Outcome): void {
  const report = program.command('report').description('work with summary files written by run --out');
  report.command('compare')
    .description('compare two runs: the change of each percentile per action, of errors and of boot figures, marking changes beyond noise (exit 99 when a --max-regression bound fails)')
    .argument('<base>', 'summary JSON of the baseline run (run --out)')
    .argument('<new>', 'summary JSON of the run to judge')
    .option('--max-regression <expr>', "largest change allowed from BASE to NEW, repeatable, e.g. 'p(99)<+10%', 'Heartbeat:p(95)<+20ms', 'errors:rate<+0.5%'", collect, [])
    .action(async (base: string, current: string, flags: { maxRegression: string[] }) => {
      const { reportCompareCommand } = await import('./report-compare-command.js');
      outcome.code = await reportCompareCommand(base, current, flags, io);
    });
  report.command('html')
    .description('write a self-contained HTML report (charts, percentiles, tables) of one summary, or of several merged exactly')
    .argument('<files...>', 'summary JSON files written by run --out')
    .option('-o, --output <file>', 'the HTML file to write')
    .option('--baseline <file>', 'a previous run\'s summary JSON, overlaid dashed in the charts and compared in a table')
    .option('--interval <time>', 'merge the recorded intervals into intervals this long (coarser only), e.g. 1m for a day-long run')
    .action(async (files: string[], flags: { output?: string; baseline?: string; interval?: string }) => {
      const { reportHtmlCommand } = await import('./report-html-command.js');
      outcome.code = await reportHtmlCommand(files, flags, io);
    });
  report.command('merge')
    .description('merge the summaries of several runs (shards of one load test) exactly: counts summed, histograms merged')
    .argument('<files...>', 'summary JSON files written by run --out')
    .option('--out <[kind=]file>', 'write the merged summary JSON here (json=FILE, or a bare FILE), or JUnit XML (junit=FILE, = --junit), repeatable; without a JSON file a short summary goes to stdout', (value: string, previous: string[] = []) => [...previous, value])
    .option('--junit <file>', 'also write a JUnit XML report of the merged summary here')
    .action(async (files: string[], flags: ReportFlags) => {
      const { reportMergeCommand } = await import('./report-command.js');
      outcome.code = await reportMergeCommand(files, flags, io);
    });
}

/** Adds `validate <files...> [--protocol <version>]` to `program`; the exit code lands in `outcome.code`. */
export function registerValidateCommand(program: Command, io: Io, outcome: Outcome): void {
  program.command('validate')
    .description('check scenario files without running them: every problem as file:line:column: message')
    .argument('<files...>', 'scenario files (YAML or JSON) or names of shipped scenarios')
    .option('--protocol <version>', `check the files as this OCPP version instead of their own protocol (${SUPPORTED_VERSIONS.join(', ')})`)
    .action(async (files: string[], flags: { protocol?: string }) => {
      if (flags.protocol !== undefined && !isOcppVersion(flags.protocol)) {
        throw new CliError(`--protocol must be one of ${SUPPORTED_VERSIONS.join(', ')} (got '${flags.protocol}')`, EXIT.INVALID_CONFIG);
      }
      const { validateCommand } = await import('./validate-command.js');
      outcome.code = await validateCommand(files, io, flags.protocol === undefined ? {} : { protocol: flags.protocol });
    });
}

/** Adds `scenarios` to `program`; the exit code lands in `outcome.code`. */
export function registerScenariosCommand(program: Command, io: Io, outcome: Outcome): void {
  program.command('scenarios')
    .description('list the shipped scenarios, a line each: name (for --scenario NAME), protocol, what the charge points do')
    .action(async () => {
      const { scenariosCommand } = await import('./scenarios-command.js');
      outcome.code = scenariosCommand(io);
    });
}

/** Adds `selftest` to `program`; the exit code lands in `outcome.code`. */
export function registerSelftestCommand(program: Command, io: Io, outcome: Outcome): void {
  program.command('selftest')
    .description('start the embedded gateway and fleets in-process (every shipped scenario, OCPP 1.6, 2.0.1 and 2.1, Basic auth, TLS, mutual TLS) and check that everything works; exit 0 or 1, for CI')
    .action(async () => {
      const { selftestCommand } = await import('./selftest-command.js');
      outcome.code = await selftestCommand(io);
    });
}
