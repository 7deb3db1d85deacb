/**
 * ocpp-sim as a library: the embedded OCPP central system (`startGateway`) and the fleet load
 * test (`runFleet`). Everything exported here is the supported API; deeper imports are not.
 */
import { loadScenario } from './chargepoint/scenario/loader.js';
import { loadDataSet } from './chargepoint/scenario/data-set.js';
import type { Scenario } from './chargepoint/scenario/types.js';
import { DEFAULT_SCENARIO } from './cli/defaults.js';
import { resolveScenarioFile } from './cli/shipped-scenarios.js';
import type { OcppVersion } from './protocol/versions.js';
import type { ValidationMode } from './protocol/validator.js';
import type { Fleet } from './runner/fleet.js';
import { runLoadTest, type RunResult } from './runner/run.js';
import { runSettings } from './cli/run-options.js';
import { VERSION } from './cli/package-root.js';
import type { Output } from './report/outputs/output.js';
import { OutputSet } from './report/outputs/output-set.js';
import { buildSummaryDocument, type SummaryDocument } from './report/summary-document.js';

export { startGateway, GatewayError, type Gateway } from './gateway/server.js';
export { startGatewayCluster } from './gateway/cluster/primary.js';
export type { GatewayCluster, GatewayClusterOptions, WorkerExitEvent } from './gateway/cluster/options.js';
export type {
  BootPolicy, BootStatus, BootWeights, DelaySpec, GatewayAuthOptions, GatewayOptions, GatewayTlsOptions, Pem,
} from './gateway/options.js';
export type { ConnectEvent, DisconnectEvent, ErrorEvent, GatewayCallContext, GatewayHandler, GatewayHooks, MessageEvent } from './gateway/hooks.js';
export type { LogEntry, LogLevel, LogSink } from './gateway/logger.js';
export type { ConnectionInfo } from './gateway/charge-point-connection.js';
export type { GatewayStats } from './gateway/gateway-state.js';
export { GATEWAY_DEFAULTS } from './gateway/options.js';
export { parseBootPolicy, parseDelaySpec } from './gateway/policies.js';
export { OcppError, RpcError } from './protocol/errors.js';
export type { Payload } from './protocol/frame.js';
export type { OcppVersion } from './protocol/versions.js';
export type { ValidationMode } from './protocol/validator.js';
export type { RunResult, RunOutcome } from './runner/run.js';
export { ScenarioError, type Scenario } from './chargepoint/scenario/types.js';
export { DataError } from './chargepoint/scenario/data-set.js';
export type { FleetSnapshot, FleetView } from './runner/fleet.js';
export type { IntervalFigures } from './metrics/intervals.js';
export type { SummaryDocument } from './report/summary-document.js';
export type { FrameTap, Output, RunDescription } from './report/outputs/output.js';
export { OutputStartError } from './report/outputs/output-set.js';
export { jsonOutput } from './report/outputs/json.js';
export { junitOutput } from './report/outputs/junit.js';
export { toJUnitXml } from './report/junit.js';
export { htmlOutput } from './report/outputs/html.js';
export { ndjsonOutput } from './report/outputs/ndjson.js';
export { traceOutput } from './report/outputs/trace.js';
export { prometheusOutput } from './report/outputs/prometheus.js';

/** What `runFleet` accepts; only `url` is required, the rest default like `ocpp-sim run`. */
export interface FleetRunOptions {
  /** OCPP-J endpoint of the central system; each charge point appends `/{id}`, e.g. ws://127.0.0.1:8080/ocpp. */
  url: string;
  /** A scenario file (YAML), the name of a shipped scenario (e.g. 'charging-session') or an already loaded scenario; default: the shipped boot-heartbeat-status. */
  scenario?: string | Scenario;
  /** Overrides the scenario file's `protocol` (only when `scenario` is a file). */
  protocol?: OcppVersion;
  /** A data file (CSV with a header, or a JSON array of objects) replacing the scenario's `data:`; charge point i takes row i mod rows (only when `scenario` is a file). */
  data?: string;
  /** What `{{env.NAME}}` templates read (only when `scenario` is a file); without it such a template is an error. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Number of charge points (default 10). */
  count?: number;
  /** New connections per second during the ramp; 0 = all at once (default 1000). */
  ratePerSec?: number;
  /** WebSocket handshakes in flight at most (default 200). */
  concurrency?: number;
  /** How long the run lasts, in milliseconds (default 30 000). */
  durationMs?: number;
  /** Charge point ids are PREFIX001, PREFIX002, … (default `CP-`). */
  idPrefix?: string;
  /** Time to wait for the answer to a CALL, in milliseconds (default 30 000). */
  callTimeoutMs?: number;
  /** At the end, how long CALLs in flight get for their answer before they count as unanswered, in ms (default 5 000). */
  gracefulStopMs?: number;
  /** Time to wait for the WebSocket upgrade, in milliseconds (default 10 000). */
  handshakeTimeoutMs?: number;
  /** Validate payloads against the OCPP JSON schemas: 'all' (default, or true), 'sample', 'off' (or false). */
  validate?: boolean | ValidationMode;
  /** Seed of the scenarios' random values and of the reconnect jitter: the same seed sends the same payloads. */
  seed?: number;
  /** Aborting ends the run early with outcome `interrupted`. */
  signal?: AbortSignal;
  /** Called once the fleet exists; poll `fleet.snapshot(false)` for progress. */
  onStart?: (fleet: Fleet) => void;
  /** Length of a reporting interval, in milliseconds: how often outputs get `interval()` (default 10 000). */
  intervalMs?: number;
  /**
   * Outputs driven through the run as `ocpp-sim run` drives its own (README, "Writing an output"):
   * checked and started before the fleet, attached to it, given each interval, stopped when the
   * time is up, finished with the summary document (no thresholds), closed. A refusal at check or
   * start rejects with OutputStartError before any charge point starts.
   */
  outputs?: ReadonlyArray<Output<SummaryDocument>>;
  /** Each line an output says (`summary written to …`) and each failure (`kind` 'error', `label: why`); default: silent. */
  onOutputLine?: (line: string, kind: 'info' | 'error') => void;
}

/** `runFleet`'s result: the run's, with the failures of its outputs when `outputs` were given (`label: why` each; empty when all were written). */
export type FleetRunResult = RunResult & { outputFailures?: string[] };

/**
 * Runs a fleet of virtual charge points against `url` for `durationMs` and resolves with the
 * result (never rejects for a run that could not connect: see `result.outcome`), after every
 * output was attempted (`outputFailures`). Rejects with ScenarioError for an invalid scenario
 * file, DataError for an invalid data file, OutputStartError for an output refusing to start.
 * Defaults are those of `ocpp-sim run`.
 */
export async function runFleet(options: FleetRunOptions): Promise<FleetRunResult> {
  const source = options.scenario ?? DEFAULT_SCENARIO;
  const data = options.data === undefined ? undefined : await loadDataSet(options.data);
  const scenario = typeof source === 'string' ? await loadScenario(resolveScenarioFile(source, process.cwd()), {
    ...(options.protocol ? { protocol: options.protocol } : {}), ...(data ? { data } : {}), ...(options.env ? { env: options.env } : {}), needData: true,
  }) : source;
  const given = Object.fromEntries(Object.entries({
    count: options.count, ratePerSec: options.ratePerSec, concurrency: options.concurrency, durationMs: options.durationMs,
    idPrefix: options.idPrefix, callTimeoutMs: options.callTimeoutMs, handshakeTimeoutMs: options.handshakeTimeoutMs,
    gracefulStopMs: options.gracefulStopMs, seed: options.seed,
    validate: options.validate === undefined ? undefined : options.validate === true ? 'all' : options.validate === false ? 'off' : options.validate,
  }).filter(([, value]) => value !== undefined));
  const settings = { ...runSettings(given), url: options.url.replace(/\/+$/, ''), scenario };
  const say = options.onOutputLine ?? (() => undefined);
  const outputs = new OutputSet(options.outputs ?? [], { info: (line) => say(line, 'info'), error: (line) => say(line, 'error') });
  const intervalMs = options.intervalMs ?? 10_000;
  try {
    await outputs.check();
    await outputs.start({ url: settings.url, scenario: scenario.name, protocol: scenario.protocol, count: settings.count, durationMs: settings.durationMs, intervalMs });
    const result = await runLoadTest({ ...settings, ...(outputs.frames ? { trace: outputs.frames } : {}) }, {
      ...(options.signal ? { signal: options.signal } : {}),
      intervalMs,
      onStart: (fleet) => {
        outputs.attach(fleet);
        options.onStart?.(fleet);
      },
      onInterval: (figures) => outputs.interval(figures),
      onFinish: () => void outputs.stop(),
    });
    await outputs.stop();
    if (outputs.outputs.length === 0) return result;
    const doc = buildSummaryDocument(result, { config: { ...given, url: settings.url, scenario: scenario.file }, thresholds: [], toolVersion: VERSION });
    return { ...result, outputFailures: await outputs.finish(doc) };
  } finally {
    await outputs.close();
  }
}
