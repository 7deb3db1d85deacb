import { dirname, resolve } from 'node:path';
import type { Threshold } from '../metrics/threshold-types.js';
import { SUPPORTED_VERSIONS, type OcppVersion } from '../protocol/versions.js';
import type { BootPolicy } from '../gateway/policies.js';
import { defaultChecksFor } from '../metrics/default-checks.js';
import { parseSummaryStats, type StatColumn } from '../ui/summary-table.js';
import type { RunOptions } from '../runner/run.js';
import { parseShard } from '../runner/shard.js';
import { formatStages, stagesDurationMs, stagesPeak } from '../runner/stages.js';
import { formatDuration } from '../clock/duration.js';
import { isIP } from 'node:net';
import { DROP_RULES, MAX_OFFLINE_QUEUE } from '../chargepoint/offline-queue.js';
import type { FullJitterPolicy } from '../transport/backoff.js';
import { resolveRunTls } from './run-tls.js';
import { resolveWorkerCount } from './workers.js';
import { oneEach, parseOutSpecs, type OutputSpec } from './out-specs.js';
import { RUN_OUT_TARGETS } from './output-registry.js';
import { envName, flagName, loadConfigFile } from './config-file.js';
import { RUN_DEFAULTS } from './defaults.js';
import { runSettings } from './run-options.js';
import type { Io } from './io.js';
import { Problems } from './options.js';
import { asList, bootPolicy, outageSettings, reconnectSettings, resolveScenarios, stagesSetting, thresholdSettings, validationMode } from './run-config-values.js';

type Kind = 'string' | 'bool' | 'list';

/** Every `run` setting, as flag, config-file key and OCPP_SIM_* variable (camelCase here). */
const SETTINGS: Readonly<Record<string, Kind>> = Object.freeze({
  url: 'string', count: 'string', rate: 'string', concurrency: 'string', duration: 'string', scenario: 'list',
  seed: 'string', protocol: 'string',
  idPrefix: 'string', callTimeout: 'string', handshakeTimeout: 'string', pingInterval: 'string', heartbeatInterval: 'string', validate: 'string',
  threshold: 'list', abortOnFail: 'bool', defaultChecks: 'bool', gracefulStop: 'string', summaryStats: 'string', out: 'list', junit: 'string', progressInterval: 'string', baseline: 'string', interval: 'string',
  trace: 'string', traceIds: 'string', gatewayResponseDelay: 'string', gatewayBootStatus: 'string', gatewayRemoteStart: 'string',
  password: 'string', ca: 'string', cert: 'string', key: 'string', insecure: 'bool',
  shard: 'string', localAddress: 'string', workers: 'string', metricsPort: 'string', metricsHost: 'string', stages: 'string',
  outage: 'list', data: 'string', offlineQueue: 'string', offlineDrop: 'string', reconnect: 'string', backoffInitial: 'string', backoffMax: 'string',
  retryBackoffWaitMinimum: 'string', retryBackoffRandomRange: 'string', retryBackoffRepeatTimes: 'string',
});

/** The resolved `run` configuration: one frozen object, every problem reported at once before. */
export interface RunConfig {
  url: string | undefined;
  /** Scenario files with their share of the fleet in percent (one file: 100). */
  scenarios: ReadonlyArray<{ file: string; weight: number }>;
  /** `--data FILE`: per-charge-point rows for every scenario, in place of their own `data:`. */
  data: string | undefined;
  /** Seed of the scenarios' random values, when given. */
  seed: number | undefined;
  /** `--protocol`: overrides the protocol of every scenario. */
  protocol: OcppVersion | undefined;
  run: Omit<RunOptions, 'scenario' | 'url'>;
  heartbeatSec: number;
  gatewayResponseDelayMs: number;
  /** `--gateway-boot-status`: how the embedded gateway answers BootNotification. */
  gatewayBootStatus: BootPolicy;
  /** `--gateway-remote-start`: the embedded gateway starts a transaction this long after each connection's first Heartbeat, in ms. */
  gatewayRemoteStartMs: number | undefined;
  /** The user's thresholds, then the default checks that apply (see DEFAULT_CHECKS). */
  thresholds: Threshold[];
  abortOnFail: boolean;
  /**
   * The outputs selected: `--out [KIND=]TARGET` (repeatable) and the older flags that select one
   * (`--junit`, `--trace`, `--metrics-port`/`--metrics-host`), at most one of each kind; the UI
   * output (dashboard or progress line) is chosen by the command.
   */
  outputs: readonly OutputSpec[];
  /** `--baseline FILE`: a previous run's summary, overlaid in the HTML report. */
  baseline: string | undefined;
  /** `--interval`: length of a reporting interval (the summary's `intervals`), in ms. */
  intervalMs: number;
  progressIntervalMs: number;
  /** `--summary-stats`: the latency columns of the summary. */
  summaryStats: StatColumn[];
  /** `--trace-ids`: with a trace output, only these charge points. */
  traceIds: ReadonlySet<string> | undefined;
  /** `--workers` when given (flag, variable or file): processes the fleet is split over (1: this process runs it); undefined: planned from the count (process-plan.ts). */
  workers: number | undefined;
  /** `--outage AT:DURATION` (repeatable): when the embedded gateway goes down, and for how long, in ms from the start. */
  outages: ReadonlyArray<{ atMs: number; durationMs: number }>;
  /** Settings given by a flag, an OCPP_SIM_* variable or the config file, rather than left at their default. */
  explicit: ReadonlySet<string>;
  /** Where each setting came from, as the user named it: `--trace-ids`, `OCPP_SIM_TRACE_IDS` or `file.yaml: traceIds`. */
  labels: Readonly<Record<string, string>>;
  /** The settings as given (after layering), for the summary document. */
  settings: Readonly<Record<string, unknown>>;
}

function fromEnv(kind: Kind, text: string): unknown {
  if (kind === 'bool') {
    // Anything but a clear yes or no stays text, so it is reported instead of silently turning a setting off.
    if (/^(1|true|yes|on)$/i.test(text.trim())) return true;
    if (/^(0|false|no|off)$/i.test(text.trim())) return false;
    return text;
  }
  if (kind === 'list') return text.split(/[;\n]/).map((s) => s.trim()).filter(Boolean);
  return text;
}

/**
 * Layers the settings, later winning: defaults < config file (`--config` or OCPP_SIM_CONFIG)
 * < OCPP_SIM_* environment < flags given on the command line; then validates all of them,
 * each problem named by where its value came from (flag, variable or file). Throws one
 * CliError (exit 104) listing every problem.
 */
export async function resolveRunConfig(flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<RunConfig> {
  const configPath = given.has('config') ? String(flags.config) : io.env.OCPP_SIM_CONFIG;
  const file = configPath ? await loadConfigFile(resolve(io.cwd, configPath)) : {};
  // Paths written in the config file are relative to its folder, like the gateway's; the rest to the working directory.
  const configDir = configPath ? dirname(resolve(io.cwd, configPath)) : io.cwd;
  const p = new Problems();
  for (const key of Object.keys(file)) if (!(key in SETTINGS)) p.add(`${configPath}: unknown setting '${flagName(key).slice(2)}' (settings are the run flags, e.g. count, duration, threshold)`);
  const value: Record<string, unknown> = {};
  const label: Record<string, string> = {};
  /** Settings given by flag, variable or file (not defaults). */
  const explicit = new Set<string>();
  for (const [key, kind] of Object.entries(SETTINGS)) {
    const env = io.env[envName(key)];
    if (given.has(key)) [value[key], label[key]] = [flags[key], flagName(key)];
    else if (env !== undefined) [value[key], label[key]] = [fromEnv(kind, env), envName(key)];
    else if (key in file) [value[key], label[key]] = [file[key], `${configPath}: ${key}`];
    else [value[key], label[key]] = [flags[key], flagName(key)];
    if (given.has(key) || env !== undefined || key in file) explicit.add(key);
  }
  const str = (key: string): string => String(value[key] ?? '');
  const opt = (key: string): string | undefined => (value[key] === undefined || value[key] === '' ? undefined : str(key));
  const bool = (key: string): boolean => {
    if (typeof value[key] !== 'boolean') p.add(`${label[key]} must be true or false (got '${str(key)}')`);
    return value[key] === true;
  };
  const L = (key: string): string => label[key] as string;
  const fromFile = new Set(Object.keys(value).filter((key) => !given.has(key) && io.env[envName(key)] === undefined && key in file));
  const base = (key: string): string => (fromFile.has(key) ? configDir : io.cwd);
  const seed = opt('seed') === undefined ? undefined : p.int(L('seed'), str('seed'), 0, 4_294_967_295);
  // From the defaults in one place (runSettings); the seed also seeds the reconnect jitter.
  const run: RunConfig['run'] = runSettings({
    ...(seed === undefined ? {} : { seed }),
    count: p.int(L('count'), str('count'), 1, 1_000_000),
    ratePerSec: p.int(L('rate'), str('rate'), 0),
    concurrency: p.int(L('concurrency'), str('concurrency'), 1),
    durationMs: p.durationMs(L('duration'), str('duration'), 1),
    idPrefix: str('idPrefix'),
    callTimeoutMs: p.durationMs(L('callTimeout'), str('callTimeout'), 1),
    gracefulStopMs: p.durationMs(L('gracefulStop'), str('gracefulStop'), 0),
    handshakeTimeoutMs: p.durationMs(L('handshakeTimeout'), str('handshakeTimeout'), 1),
    pingIntervalMs: p.durationMs(L('pingInterval'), str('pingInterval'), 0),
    validate: validationMode(value.validate, L('validate'), p),
    backoff: { initialMs: p.durationMs(L('backoffInitial'), str('backoffInitial'), 1), maxMs: p.durationMs(L('backoffMax'), str('backoffMax'), 1), factor: 2 },
  });
  run.reconnect = reconnectSettings(run.backoff as FullJitterPolicy, {
    mode: [L('reconnect'), str('reconnect')],
    waitMinimum: [L('retryBackoffWaitMinimum'), str('retryBackoffWaitMinimum')],
    randomRange: [L('retryBackoffRandomRange'), str('retryBackoffRandomRange')],
    repeatTimes: [L('retryBackoffRepeatTimes'), str('retryBackoffRepeatTimes')],
  }, p);
  if (opt('offlineQueue') !== undefined || opt('offlineDrop') !== undefined) {
    run.offline = {
      ...(opt('offlineQueue') === undefined ? {} : { capacity: p.int(L('offlineQueue'), str('offlineQueue'), 1, MAX_OFFLINE_QUEUE) }),
      ...(opt('offlineDrop') === undefined ? {} : { drop: p.oneOf(L('offlineDrop'), str('offlineDrop'), DROP_RULES) }),
    };
  }
  if (/[/?#\s]/.test(run.idPrefix)) p.add(`${L('idPrefix')} must not contain '/', '?', '#' or spaces (got '${run.idPrefix}')`);
  const heartbeatSec = p.durationMs(L('heartbeatInterval'), str('heartbeatInterval'), 1000) / 1000;
  if (!Number.isInteger(heartbeatSec)) p.add(`${L('heartbeatInterval')} must be whole seconds (got '${str('heartbeatInterval')}')`);
  // An empty URL (e.g. an unset CI variable) must not silently fall back to the embedded gateway.
  if (value.url === '') p.add(`${L('url')} is empty; leave it out to use the embedded gateway`);
  const url = opt('url') === undefined ? undefined : p.wsUrl(L('url'), str('url'));
  const rawThresholds = Array.isArray(value.threshold) ? value.threshold.map(String) : value.threshold === undefined ? [] : [String(value.threshold)];
  const thresholds = thresholdSettings(rawThresholds, L('threshold'), p);
  if (value.defaultChecks === undefined || bool('defaultChecks')) thresholds.push(...defaultChecksFor(thresholds));
  let summaryStats: StatColumn[] = [];
  try {
    summaryStats = parseSummaryStats(str('summaryStats'));
  } catch (error) {
    p.add(`${L('summaryStats')}: ${(error as Error).message}`);
  }
  const insecure = value.insecure === undefined ? false : bool('insecure');
  const password = opt('password');
  if (password !== undefined) run.auth = { password };
  const inBase = (key: string): string | undefined => (opt(key) === undefined ? undefined : resolve(base(key), str(key)));
  const tls = await resolveRunTls({ ca: inBase('ca'), cert: inBase('cert'), key: inBase('key'), insecure, label: L }, io.cwd, { prefix: run.idPrefix, count: run.count }, p);
  if (tls) run.tls = tls;
  const shardText = opt('shard');
  if (shardText !== undefined) {
    try {
      run.shard = parseShard(shardText);
    } catch (error) {
      p.add(`${L('shard')}: ${(error as Error).message}`);
    }
  }
  const localAddresses = opt('localAddress')?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  for (const address of localAddresses) if (isIP(address) === 0) p.add(`${L('localAddress')}: '${address}' is not an IP address`);
  if (localAddresses.length > 0) run.localAddresses = localAddresses;
  const stages = stagesSetting(value.stages, L('stages'), p);
  if (stages) {
    const clash = ['count', 'rate', 'duration'].filter((key) => explicit.has(key)).map(L);
    if (clash.length > 0) p.add(`${L('stages')} sets the count (its peak), the ramp and the duration: leave out ${clash.join(', ')}`);
    run.stages = stages;
    run.count = Math.max(1, stagesPeak(stages));
    run.durationMs = stagesDurationMs(stages);
  }
  const outages = outageSettings(asList(value.outage), L('outage'), run.durationMs, p);
  if (outages.length > 0 && url !== undefined) p.add(`${L('outage')} takes down the embedded gateway; against --url, start an outage with that gateway's API (POST /outage on an ocpp-sim gateway)`);
  const workers = opt('workers') === undefined ? undefined : resolveWorkerCount(str('workers'));
  if (opt('workers') !== undefined && workers === undefined) p.add(`${L('workers')} must be an integer >= 1 or 'auto' (got '${str('workers')}')`);
  const metricsPort = opt('metricsPort') === undefined ? undefined : p.int(L('metricsPort'), str('metricsPort'), 0, 65_535);
  const metricsHost = opt('metricsHost') ?? RUN_DEFAULTS.metricsHost;
  if (opt('metricsHost') !== undefined && metricsPort === undefined) p.add(`${L('metricsHost')} needs --metrics-port`);
  const problem = (line: string): void => p.add(line);
  const aliases: OutputSpec[] = [
    ...(opt('junit') ? [{ kind: 'junit', label: '--junit', path: resolve(base('junit'), str('junit')) }] : []),
    ...(opt('trace') ? [{ kind: 'trace', label: '--trace', path: resolve(base('trace'), str('trace')) }] : []),
    ...(metricsPort !== undefined ? [{ kind: 'prometheus', label: '--metrics-port', address: { host: metricsHost, port: metricsPort } }] : []),
  ];
  const outputs = oneEach([...parseOutSpecs(asList(value.out), RUN_OUT_TARGETS, { cwd: base('out'), label: L('out'), defaultHost: RUN_DEFAULTS.metricsHost }, problem), ...aliases], problem);
  if (opt('baseline') !== undefined && !outputs.some((o) => o.kind === 'html')) p.add(`${L('baseline')} needs --out html=FILE (it is drawn in the HTML report)`);
  const traceIds = opt('traceIds')?.split(',').map((s) => s.trim()).filter(Boolean);
  const config: RunConfig = {
    url, run, heartbeatSec, thresholds, workers, outages,
    scenarios: resolveScenarios(value.scenario, L('scenario'), p, base('scenario')),
    data: inBase('data'),
    seed,
    protocol: opt('protocol') === undefined ? undefined : p.oneOf(L('protocol'), str('protocol'), SUPPORTED_VERSIONS),
    gatewayResponseDelayMs: p.durationMs(L('gatewayResponseDelay'), str('gatewayResponseDelay')),
    gatewayBootStatus: bootPolicy(str('gatewayBootStatus'), L('gatewayBootStatus'), p),
    gatewayRemoteStartMs: opt('gatewayRemoteStart') === undefined ? undefined : p.durationMs(L('gatewayRemoteStart'), str('gatewayRemoteStart')),
    abortOnFail: bool('abortOnFail'),
    outputs,
    baseline: opt('baseline') && resolve(base('baseline'), str('baseline')),
    intervalMs: p.durationMs(L('interval'), str('interval'), 100),
    progressIntervalMs: p.durationMs(L('progressInterval'), str('progressInterval'), 100),
    summaryStats,
    traceIds: traceIds && traceIds.length > 0 ? new Set(traceIds) : undefined,
    explicit: new Set(Object.keys(SETTINGS).filter((key) => given.has(key) || io.env[envName(key)] !== undefined || key in file)),
    labels: Object.freeze({ ...label }),
    settings: Object.freeze({ ...value, ...(stages ? { stages: formatStages(stages), duration: formatDuration(run.durationMs) } : {}), password: password === undefined ? undefined : '(set)', count: run.count, rate: run.ratePerSec, concurrency: run.concurrency, threshold: rawThresholds, scenario: asList(value.scenario), outage: asList(value.outage) }),
  };
  p.throwIfAny('run');
  return Object.freeze(config);
}

