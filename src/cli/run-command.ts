import { ScenarioError } from '../chargepoint/scenario.js';
import { loadScenario } from '../chargepoint/scenario-loader.js';
import { runLoadTest, type RunOptions, type RunResult } from '../runner/run.js';
import { startLineReporter } from '../ui/line-reporter.js';
import { formatSummary } from '../ui/summary.js';
import { DEFAULT_SCENARIO, RUN_DEFAULTS } from './defaults.js';
import { startEmbeddedGateway, type EmbeddedGateway } from './embedded-gateway.js';
import { CliError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { Problems } from './options.js';
import { resolve } from 'node:path';

/** The `run` flags as commander hands them over (strings until validated). */
export interface RunFlags {
  url?: string;
  count: string;
  rate: string;
  concurrency: string;
  duration: string;
  idPrefix: string;
  scenario?: string;
  callTimeout: string;
  handshakeTimeout: string;
  heartbeatInterval: string;
  validate: boolean;
}

type Resolved = { run: Omit<RunOptions, 'scenario' | 'url'>; url: string | undefined; scenarioFile: string; heartbeatSec: number };

/** Validates every flag at once; throws a CliError (exit 104) naming each bad flag. */
function resolveFlags(flags: RunFlags, io: Io): Resolved {
  const p = new Problems();
  const count = p.int('--count', flags.count, 1, 1_000_000);
  const run = {
    count,
    ratePerSec: p.int('--rate', flags.rate, 0),
    concurrency: p.int('--concurrency', flags.concurrency, 1),
    durationMs: p.durationMs('--duration', flags.duration, 1),
    idPrefix: flags.idPrefix,
    callTimeoutMs: p.durationMs('--call-timeout', flags.callTimeout, 1),
    handshakeTimeoutMs: p.durationMs('--handshake-timeout', flags.handshakeTimeout, 1),
    maxPayload: RUN_DEFAULTS.maxPayload,
    validate: flags.validate,
    backoff: { initialMs: p.durationMs('backoff', RUN_DEFAULTS.backoffInitial), maxMs: p.durationMs('backoff', RUN_DEFAULTS.backoffMax), factor: 2 },
    bootRetrySec: (p.durationMs('boot retry', RUN_DEFAULTS.bootRetry) / 1000),
    defaultHeartbeatSec: 60,
    random: Math.random,
  };
  if (/[/?#\s]/.test(flags.idPrefix)) p.add(`--id-prefix must not contain '/', '?', '#' or spaces (got '${flags.idPrefix}')`);
  const heartbeatSec = p.durationMs('--heartbeat-interval', flags.heartbeatInterval, 1000) / 1000;
  if (!Number.isInteger(heartbeatSec)) p.add(`--heartbeat-interval must be whole seconds (got '${flags.heartbeatInterval}')`);
  const url = flags.url === undefined ? undefined : p.wsUrl('--url', flags.url);
  p.throwIfAny();
  return { run, url, heartbeatSec, scenarioFile: flags.scenario ? resolve(io.cwd, flags.scenario) : DEFAULT_SCENARIO };
}

function exitCodeFor(result: RunResult): ExitCode {
  if (result.outcome === 'interrupted') return EXIT.INTERRUPTED;
  if (result.outcome === 'unreachable') return EXIT.RUN_FAILED;
  return EXIT.OK;
}

/**
 * `ocpp-sim run`: loads the scenario, starts the embedded gateway in its own process unless
 * `--url` is given, runs the fleet with progress lines on stderr, and prints the summary on
 * stdout, also when interrupted. Returns the exit code.
 */
export async function runCommand(flags: RunFlags, io: Io): Promise<number> {
  const resolved = resolveFlags(flags, io);
  let scenario;
  try {
    scenario = await loadScenario(resolved.scenarioFile);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(`invalid scenario: ${error.message}`, EXIT.INVALID_CONFIG);
    throw error;
  }
  const abort = new AbortController();
  const unsubscribe = io.onInterrupt(() => abort.abort());
  let gateway: EmbeddedGateway | undefined;
  let reporter: { stop(): void } | undefined;
  try {
    if (!resolved.url) {
      gateway = await startEmbeddedGateway({ host: '127.0.0.1', port: 0, heartbeatIntervalSec: resolved.heartbeatSec });
      io.stderr.write(`embedded gateway listening on ${gateway.url}\n`);
    }
    const url = resolved.url ?? (gateway as EmbeddedGateway).url;
    io.stderr.write(`running ${resolved.run.count} charge point${resolved.run.count === 1 ? '' : 's'} against ${url} for ${flags.duration} (scenario ${scenario.name})\n`);
    const result = await runLoadTest({ ...resolved.run, url, scenario }, {
      signal: abort.signal,
      onStart: (fleet) => {
        reporter = startLineReporter(() => fleet.snapshot(false), (line) => io.stderr.write(line), RUN_DEFAULTS.progressEveryMs);
      },
      onFinish: () => reporter?.stop(),
    });
    io.stdout.write(formatSummary(result));
    if (result.outcome === 'unreachable') io.stderr.write(`ocpp-sim: error: ${result.error ?? 'target unreachable'}\n`);
    return exitCodeFor(result);
  } finally {
    reporter?.stop();
    unsubscribe();
    await gateway?.stop();
  }
}
