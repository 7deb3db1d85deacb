import { Command, Option } from 'commander';
import { GATEWAY_COMMAND_DEFAULTS, RUN_DEFAULTS } from './defaults.js';
import { gatewayCommand, type GatewayFlags } from './gateway-command.js';
import type { Io } from './io.js';
import { registerReportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { registerValidateCommand } from './validate-command.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Holds the exit code of the command that ran, set by its action. */
export interface Outcome { code: number }

/**
 * The commander program: `run` and `gateway`, every flag with its default. Output goes
 * through `io`; commander's own exits are turned into exceptions by `exitOverride`.
 */
export function buildProgram(io: Io, outcome: Outcome, version: string): Command {
  const program = new Command('ocpp-sim')
    .description('OCPP-J charge-point simulator and load tester, with an embedded OCPP 1.6 central system')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text), outputError: () => {} })
    .showHelpAfterError(false);

  program.command('run')
    .description('run a fleet of virtual charge points (against the embedded gateway unless --url is given)')
    .option('--url <url>', 'OCPP-J endpoint of the central system; the charge point id is appended (default: embedded gateway)')
    .option('-n, --count <n>', 'number of charge points', String(RUN_DEFAULTS.count))
    .option('--rate <n>', 'new connections per second during the ramp; 0 = all at once', String(RUN_DEFAULTS.rate))
    .option('--concurrency <n>', 'WebSocket handshakes in flight at most', String(RUN_DEFAULTS.concurrency))
    .option('-d, --duration <time>', 'how long the run lasts, e.g. 30s, 5m', RUN_DEFAULTS.duration)
    .option('--scenario <file[:N%]>', 'scenario file (YAML/JSON), repeatable with weights for a mixed fleet, e.g. a.yaml --scenario b.yaml:30% (default: the shipped scenarios/boot-heartbeat-status.yaml)', collect, [])
    .option('--protocol <version>', 'ocpp1.6 or ocpp2.0.1: overrides the protocol of the scenario(s)')
    .option('--seed <n>', 'seed of the scenarios\' random values: the same seed sends the same payloads')
    .option('--id-prefix <prefix>', 'charge point id prefix; ids are PREFIX001, PREFIX002, …', RUN_DEFAULTS.idPrefix)
    .option('--call-timeout <time>', 'time to wait for the answer to a CALL', RUN_DEFAULTS.callTimeout)
    .option('--handshake-timeout <time>', 'time to wait for the WebSocket upgrade', RUN_DEFAULTS.handshakeTimeout)
    .option('--heartbeat-interval <time>', 'heartbeat interval the embedded gateway hands out (ignored with --url)', RUN_DEFAULTS.heartbeatInterval)
    .option('--no-validate', 'do not validate payloads against the OCPP JSON schemas')
    .option('--threshold <expr>', "pass/fail criterion, repeatable, e.g. 'p(99)<500ms', 'errors:rate<1%' (exit 99 when one fails)", collect, [])
    .option('--abort-on-fail', 'stop the run as soon as a threshold fails for good', false)
    .option('--out <file>', 'write the summary as JSON (schema ocpp-sim/summary@1)')
    .option('--junit <file>', 'write a JUnit XML report: one testcase per threshold and per scenario step')
    .option('--progress-interval <time>', 'how often a progress line goes to stderr', RUN_DEFAULTS.progressInterval)
    .option('--trace <file>', 'write every frame sent and received as NDJSON')
    .option('--trace-ids <ids>', 'with --trace: only these charge point ids, comma-separated')
    .option('--gateway-response-delay <time>', 'the embedded gateway answers every CALL this late (ignored with --url)', RUN_DEFAULTS.gatewayResponseDelay)
    .option('--ui', 'live terminal dashboard (the default when stdout is a terminal)')
    .option('--no-ui', 'progress lines on stderr instead of the dashboard')
    .option('--config <file>', 'settings file (YAML/JSON) with run flags as keys; OCPP_SIM_* variables and flags override it')
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const given = new Set(Object.keys(flags).filter((key) => command.getOptionValueSource(key) === 'cli'));
      outcome.code = await runCommand(flags, given, io);
    });

  program.command('gateway')
    .description('run the embedded OCPP 1.6 central system until Ctrl-C')
    .option('--host <host>', 'interface to listen on', GATEWAY_COMMAND_DEFAULTS.host)
    .option('-p, --port <port>', 'TCP port; 0 picks a free one', String(GATEWAY_COMMAND_DEFAULTS.port))
    .option('--path <path>', 'endpoint path; charge points connect to PATH/{id}', GATEWAY_COMMAND_DEFAULTS.path)
    .option('--heartbeat-interval <time>', 'interval handed out in BootNotification answers', GATEWAY_COMMAND_DEFAULTS.heartbeatInterval)
    .option('--response-delay <time>', 'answer every CALL this late, to simulate a slow central system', GATEWAY_COMMAND_DEFAULTS.responseDelay)
    .addOption(new Option('--boot-status <status>', 'status of every BootNotification answer').choices(['Accepted', 'Pending', 'Rejected']).default(GATEWAY_COMMAND_DEFAULTS.bootStatus))
    .option('--no-validate', 'do not validate payloads against the OCPP JSON schemas')
    .action(async (flags: GatewayFlags) => {
      outcome.code = await gatewayCommand(flags, io);
    });

  registerReportCommand(program, io, outcome);
  registerValidateCommand(program, io, outcome);
  return program;
}
