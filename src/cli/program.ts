import { Command } from 'commander';
import { SUPPORTED_VERSIONS } from '../protocol/versions.js';
import { GATEWAY_COMMAND_DEFAULTS, RUN_DEFAULTS } from './defaults.js';
import { GATEWAY_CALL_DEFAULTS, gatewayCallCommand, type GatewayCallFlags } from './gateway-call-command.js';
import { registerHelpCommand } from './help-command.js';
import { optionDescription } from './help-format.js';
import { addHelpTexts } from './help-texts.js';
import { outHelp } from './output-registry.js';
import { docPath } from './package-root.js';
import type { Io } from './io.js';
import { registerCheckCommand, registerReportCommand, registerScenariosCommand, registerSelftestCommand, registerValidateCommand } from './program-commands.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The terminal's width when stdout is one, else 80 columns. */
function helpWidth(io: Io): number {
  return io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80;
}

/** Holds the exit code of the command that ran, set by its action. */
export interface Outcome { code: number }

/**
 * The commander program: `run` and `gateway`, every flag with its default. Output goes
 * through `io`; commander's own exits are turned into exceptions by `exitOverride`.
 */
export function buildProgram(io: Io, outcome: Outcome, version: string): Command {
  const program = new Command('ocpp-sim')
    .description('OCPP-J charge-point simulator and load tester (OCPP 1.6, 2.0.1 and 2.1), with an embedded central system')
    .version(version)
    .exitOverride()
    // Help is wrapped to the terminal (80 columns elsewhere). Errors, and the help commander would
    // dump after a missing subcommand, are left to main: one line each.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text), writeErr: () => {}, outputError: () => {},
      getOutHelpWidth: () => helpWidth(io), getErrHelpWidth: () => helpWidth(io),
    })
    .showHelpAfterError(false)
    .helpCommand(false)
    // Subcommands listed by name and arguments, without '[options]', so the flag descriptions keep room to wrap.
    .configureHelp({ minWidthToWrap: 24, optionDescription, subcommandTerm: (cmd) => [cmd.name(), ...cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))].join(' ') });

  program.command('run')
    .description('run a fleet of virtual charge points (against the embedded gateway unless --url is given)')
    .option('--url <url>', 'OCPP-J endpoint of the central system; the charge point id is appended (default: embedded gateway)')
    .option('-n, --count <n>', 'number of charge points', String(RUN_DEFAULTS.count))
    .option('--rate <n>', 'new connections per second during the ramp; 0 = all at once', String(RUN_DEFAULTS.rate))
    .option('--concurrency <n>', 'WebSocket handshakes in flight at most', String(RUN_DEFAULTS.concurrency))
    .option('-d, --duration <time>', 'how long the run lasts, e.g. 30s, 5m', RUN_DEFAULTS.duration)
    .option('--stages <plan>', "load shape instead of --count/--rate/--duration, k6's syntax DURATION:TARGET,…: e.g. 30s:1000,5m:1000,30s:0 ramps the connected charge points to each target over each duration")
    .option('--scenario <file[:N%]>', 'scenario file (YAML/JSON) or the name of a shipped one (ocpp-sim scenarios lists them), repeatable with weights for a mixed fleet, e.g. a.yaml --scenario charging-session:30% (default: boot-heartbeat-status)', collect)
    .option('--protocol <version>', `${SUPPORTED_VERSIONS.join(', ')}: overrides the protocol of the scenario(s)`)
    .option('--seed <n>', 'seed of the scenarios\' random values: the same seed sends the same payloads')
    .option('--data <file>', 'per-charge-point rows, CSV with a header or a JSON array of objects: charge point i takes row i mod rows; columns id, password, vendor, model, serial, firmwareVersion are used as such, every column is {{data.NAME}} in templates (replaces the scenarios\' data:)')
    .option('--id-prefix <prefix>', 'charge point id prefix; ids are PREFIX001, PREFIX002, …', RUN_DEFAULTS.idPrefix)
    .option('--call-timeout <time>', 'time to wait for the answer to a CALL', RUN_DEFAULTS.callTimeout)
    .option('--graceful-stop <time>', 'at the end, how long CALLs in flight get for their answer before they count as unanswered', RUN_DEFAULTS.gracefulStop)
    .option('--handshake-timeout <time>', 'time to wait for the WebSocket upgrade', RUN_DEFAULTS.handshakeTimeout)
    .option('--ping-interval <time>', 'WebSocket ping interval; a ping unanswered by the next one drops the connection; 0 = off', RUN_DEFAULTS.pingInterval)
    .option('--outage <at:duration>', 'the embedded gateway goes down at AT for DURATION (every connection dropped, upgrades refused), repeatable, e.g. 2m:60s; the summary reports the reconnect storm', collect, [])
    .option('--offline-queue <n>', "transaction messages each charge point keeps while offline, flushed in order after its next Accepted boot (default: the scenario's offline.queueSize, else 1000)")
    .option('--offline-drop <rule>', "what goes when the offline queue is full: updates-first (the oldest meter values/Updated event, else the new message), oldest, newest (default: the scenario's offline.drop, else updates-first)")
    .option('--reconnect <policy>', "back-off after a lost connection: retry-backoff (OCPP 2.0.1's RetryBackOff* model), full-jitter, or auto = retry-backoff for 2.0.1 charge points and full-jitter for 1.6", RUN_DEFAULTS.reconnect)
    .option('--retry-backoff-wait-minimum <time>', 'RetryBackOffWaitMinimum: the first retry waits this, whole seconds', RUN_DEFAULTS.retryBackoffWaitMinimum)
    .option('--retry-backoff-random-range <time>', 'RetryBackOffRandomRange: a random part of at most this is added to every wait, whole seconds', RUN_DEFAULTS.retryBackoffRandomRange)
    .option('--retry-backoff-repeat-times <n>', 'RetryBackOffRepeatTimes: the wait doubles after each failure at most this many times', String(RUN_DEFAULTS.retryBackoffRepeatTimes))
    .option('--backoff-initial <time>', 'full jitter: the first retry waits a random share of this, doubling per failure', RUN_DEFAULTS.backoffInitial)
    .option('--backoff-max <time>', 'full jitter: the doubling stops at this', RUN_DEFAULTS.backoffMax)
    .option('--password <password>', 'HTTP Basic password of every charge point, the username being its id (security profile 1/2)')
    .option('--ca <file>', 'CA certificate (PEM) to trust for wss:// (security profile 2)')
    .option('--cert <file>', 'client certificate (PEM) for mutual TLS (security profile 3); a directory (DIR/{{cp.id}}.pem) or a path with {{cp.id}} gives each charge point its own')
    .option('--key <file>', 'private key (PEM) of --cert; a directory (DIR/{{cp.id}}.key) or a path with {{cp.id}} with a per-charge-point --cert')
    .option('--insecure', 'accept any server certificate (self-signed test servers only)')
    .option('--heartbeat-interval <time>', 'heartbeat interval the embedded gateway hands out (ignored with --url)', RUN_DEFAULTS.heartbeatInterval)
    .option('--validate <mode>', "schema validation of payloads both ways: all, sample (the first 100 per action, then 1 in 100) or off", RUN_DEFAULTS.validate)
    .option('--no-validate', 'the same as --validate off')
    .option('--threshold <expr>', "pass/fail criterion, repeatable, e.g. 'p(99)<500ms', 'errors:rate<1%' (exit 99 when one fails)", collect)
    .option('--abort-on-fail', 'stop the run as soon as a threshold fails for good', false)
    .option('--no-default-checks', "drop the run's default checks (booted:count>0, answered:count>0, local_failures:count==0)")
    .option('--out <kind=target>', outHelp(), collect, [])
    .option('--baseline <file>', 'with --out html=FILE: a previous run\'s summary JSON, overlaid in the report\'s charts and tables')
    .option('--interval <time>', 'length of a reporting interval: the resolution of the summary\'s intervals and the report\'s charts (1s for short runs, 1m for a day)', RUN_DEFAULTS.interval)
    .option('--summary-stats <list>', 'latency columns of the summary: avg, min, med, max, p(50), p(90), p(95), p(99)', RUN_DEFAULTS.summaryStats)
    .option('--junit <file>', 'write a JUnit XML report: one testcase per threshold and per scenario step (= --out junit=FILE)')
    .option('--progress-interval <time>', 'how often a progress line goes to stderr', RUN_DEFAULTS.progressInterval)
    .option('--trace <file>', 'write every frame sent and received as NDJSON (= --out trace=FILE)')
    .option('--trace-ids <ids>', 'with --trace: only these charge point ids, comma-separated')
    .option('--gateway-response-delay <time>', 'the embedded gateway answers every CALL this late (ignored with --url)', RUN_DEFAULTS.gatewayResponseDelay)
    .option('--gateway-boot-status <policy>', 'how the embedded gateway answers BootNotification: Accepted, Pending, Rejected, or weights such as Accepted:70,Pending:30 (for boot-pending; ignored with --url)', RUN_DEFAULTS.gatewayBootStatus)
    .option('--gateway-remote-start <time>', 'the embedded gateway starts a transaction on each charge point this long after its first Heartbeat (RemoteStartTransaction / RequestStartTransaction; for remote-start; ignored with --url)')
    .option('--shard <K/N>', 'run only the charge points whose index ≡ K (mod N) of --count; ids stay global (merge the --out files with report merge)')
    .option('--workers <n|auto>', `split the fleet over N processes, one shard each, results merged exactly; 'auto' = one per core (default: 1, or as many as the open-file limit needs)`)
    .option('--metrics-port <port>', 'serve the run\'s figures as Prometheus text at http://HOST:PORT/metrics during the run (0 picks a free port; = --out prometheus=HOST:PORT)')
    .option('--metrics-host <host>', `interface of --metrics-port (default: ${RUN_DEFAULTS.metricsHost})`)
    .option('--local-address <ips>', 'comma-separated source IP addresses; charge point i uses address i mod n (⌊i / ports⌋ mod n over the embedded gateway\'s ports); an address has ~28k ports; against 127.x.y.z or localhost on Linux past 22,585 connections the run picks 127.0.0.1, 127.0.0.2, … itself, 5,646 connections each')
    .option('--ui', 'force the live dashboard on (default: on when stdin and stdout are a terminal and CI is not set)')
    .option('--no-ui', 'force it off: progress lines on stderr instead')
    .option('--config <file>', 'settings file (YAML/JSON) with run flags as keys; OCPP_SIM_* variables and flags override it')
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const given = new Set(Object.keys(flags).filter((key) => command.getOptionValueSource(key) === 'cli'));
      const { runCommand } = await import('./run-command.js');
      outcome.code = await runCommand(flags, given, io);
    });

  const gateway = program.command('gateway')
    .description(`run the embedded OCPP 1.6 / 2.0.1 / 2.1 central system until Ctrl-C (settings: defaults < --config < environment < flags; see ${docPath('gateway.md')})`)
    .option('--config <file>', 'YAML settings file with sections server, ocpp, faults, security, log')
    .option('--host <host>', `interface to listen on [SERVER_HOST] (default: ${GATEWAY_COMMAND_DEFAULTS.host})`)
    .option('-p, --port <port>', `TCP port; 0 picks a free one [SERVER_PORT] (default: ${GATEWAY_COMMAND_DEFAULTS.port})`)
    .option('--path <path>', `endpoint path; charge points connect to PATH/{id} [SERVER_WEBSOCKET_PATH] (default: ${GATEWAY_COMMAND_DEFAULTS.path})`)
    .option('--workers <n|auto>', `processes serving the port (node:cluster), 'auto' = one per core; the HTTP endpoints answer for all [SERVER_WORKERS] (default: ${GATEWAY_COMMAND_DEFAULTS.workers})`)
    .option('--read-timeout <time>', 'time to receive an HTTP request (upgrade or API) [SERVER_READ_TIMEOUT] (default: 10s)')
    .option('--write-timeout <time>', 'drop a connection whose writes do not drain this long; 0 = never [SERVER_WRITE_TIMEOUT] (default: 30s)')
    .option('--max-connections <n>', 'open connections at most, further upgrades get 503; 0 = no limit [MAX_CONNECTIONS] (default: 0)')
    .option('--max-message-size <bytes>', 'largest inbound message; larger closes with 1009 (default: 65536)')
    .option('--max-buffered <bytes>', 'cut a connection with more outgoing bytes than this waiting (a peer that does not read) (default: 4194304)')
    .option('--ping-interval <time>', 'WebSocket ping interval; 0 = no pings (default: 30s)')
    .option('--idle-timeout <time>', 'drop a connection silent this long (no message, no pong); 0 = never (default: 70s)')
    .option('--shutdown-timeout <time>', 'on Ctrl-C, wait this long for answers in flight (default: 5s)')
    .option('--heartbeat-interval <time>', `interval handed out in BootNotification answers (default: ${GATEWAY_COMMAND_DEFAULTS.heartbeatInterval})`)
    .option('--boot-status <policy>', `Accepted, Pending, Rejected, or weights such as Accepted:90,Pending:10 (default: ${GATEWAY_COMMAND_DEFAULTS.bootStatus})`)
    .option('--boot-status-for <id=status>', 'the BootNotification answer of one charge point id, e.g. CP7=Pending (repeatable)', collect, [])
    .option('--id-tags <tokens>', 'the tokens the gateway knows (comma-separated, repeatable): others are answered Invalid (default: every token Accepted)', collect, [])
    .option('--call-timeout <time>', 'timeout of the gateway\'s own CALLs (default: 30s)')
    .option('--max-queued-calls <n>', 'gateway CALLs waiting per connection behind the one in flight; more get 429 at once (default: 100)')
    .option('--no-validate', 'do not validate payloads against the OCPP JSON schemas')
    .option('--rate-limit <n>', 'inbound CALLs per second per connection; extra get CALLERROR GenericError; 0 = no limit (default: 0)')
    .option('--rate-limit-burst <n>', 'CALLs allowed in a burst above the rate (default: the rate)')
    .option('--response-delay <delay>', `delay every answer: 200ms, uniform:100ms-500ms or exp:200ms (default: ${GATEWAY_COMMAND_DEFAULTS.responseDelay})`)
    .option('--call-error-ratio <r>', 'share of CALLs answered with CALLERROR InternalError, 0-1 (default: 0)')
    .option('--drop-ratio <r>', 'share of CALLs after which the TCP connection is cut, 0-1 (default: 0)')
    .option('--unanswered-ratio <r>', 'share of CALLs never answered, 0-1 (default: 0)')
    .option('--misbehave <switch>', 'break one rule on purpose so one check of `ocpp-sim check` fails (comma-separated, repeatable; docs/check.md lists them)', collect, [])
    .option('--seed <n>', 'seed of every random choice (boot weights, delays, faults) (default: random, logged)')
    .option('--password <password>', 'HTTP Basic password of every charge point (security profile 1/2); prefer --passwords-file')
    .option('--passwords-file <file>', "HTTP Basic passwords, one 'id:password' a line, '*:password' for all others")
    .option('--tls-cert <file>', 'server certificate (PEM): serve wss:// (security profile 2)')
    .option('--tls-key <file>', 'private key of --tls-cert (PEM)')
    .option('--tls-ca <file>', 'CA (PEM) client certificates must chain to: mutual TLS (security profile 3)')
    .option('--no-cert-id-check', 'with --tls-ca, accept a client certificate whose subject CN is not the charge point id (test PKIs)')
    .option('--allowed-origin <origin>', 'allow this Origin only (repeatable); other Origins get 403 (the HTTP API refuses every Origin not listed)', collect, [])
    .option('--allowed-host <host>', 'also accept this name in the HTTP API\'s Host header (repeatable); other names get 403', collect, [])
    .option('--api-token-file <file>', 'file holding the HTTP API token (Authorization: Bearer); needed beyond loopback or with charge point auth')
    .option('--api-token <token>', 'the HTTP API token itself [OCPP_SIM_API_TOKEN] (visible in ps: prefer the file or the variable)')
    .option('--log-level <level>', 'error, warn, info or debug (debug shows every frame, secrets redacted) [LOG_LEVEL] (default: info)')
    .option('--log-format <format>', 'text or json (default: text)')
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const given = new Set(Object.keys(flags).filter((key) => command.getOptionValueSource(key) === 'cli'));
      const { gatewayCommand } = await import('./gateway-command.js');
      outcome.code = await gatewayCommand(flags, given, io);
    });

  gateway.command('call')
    .description("send one CALL through a running gateway's HTTP API and print the answer (exit 0 on a CALLRESULT, 1 on a CallError, a timeout or an unreachable gateway)")
    .argument('<id>', 'id of a connected charge point, e.g. CP-001')
    .argument('<action>', 'OCPP action, e.g. Reset')
    .argument('[payload]', 'JSON payload, e.g. \'{"type":"Soft"}\'', '{}')
    .option('--url <url>', 'HTTP base URL of the gateway', GATEWAY_CALL_DEFAULTS.url)
    .option('--timeout <time>', 'how long to wait for the answer', GATEWAY_CALL_DEFAULTS.timeout)
    .option('--api-token-file <file>', "file holding the gateway's API token")
    .option('--api-token <token>', "the gateway's API token [OCPP_SIM_API_TOKEN]")
    .action(async (id: string, action: string, payload: string, flags: GatewayCallFlags) => {
      // `gateway` has the same token flags: commander hands them to the parent command.
      const parent = gateway.opts<Partial<GatewayCallFlags>>();
      const token = { apiToken: flags.apiToken ?? parent.apiToken, apiTokenFile: flags.apiTokenFile ?? parent.apiTokenFile };
      outcome.code = await gatewayCallCommand(id, action, payload, { ...flags, ...token }, io);
    });

  registerReportCommand(program, io, outcome);
  registerValidateCommand(program, io, outcome);
  registerScenariosCommand(program, io, outcome);
  registerSelftestCommand(program, io, outcome);
  registerCheckCommand(program, io, outcome);
  registerHelpCommand(program, io, outcome);
  addHelpTexts(program, () => helpWidth(io));
  return program;
}
