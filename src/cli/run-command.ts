import type { Scenario } from '../chargepoint/scenario/types.js';
import { evaluateThresholds, finalFailures, unknownActionProblems } from '../metrics/thresholds.js';
import { validatorFor } from '../protocol/validator.js';
import { thresholdDataFrom } from '../metrics/threshold-data.js';
import { defaultCheckFailures } from '../metrics/default-checks.js';
import type { ThresholdResult } from '../metrics/threshold-types.js';
import { buildSummaryDocument } from '../report/summary-document.js';
import type { FrameTap } from '../report/outputs/output.js';
import { OutputSet } from '../report/outputs/output-set.js';
import { chargePointId, type FleetView } from '../runner/fleet.js';
import { dataIdOf } from '../chargepoint/scenario/data-row.js';
import { requestStepsOf } from '../chargepoint/scenario/parse-device.js';
import { describeScenarios, runLoadTest, type RunHooks, type RunResult } from '../runner/run.js';
import { shardDue } from '../runner/shard.js';
import { runWorkers, type WorkersHooks } from '../runner/workers/run-workers.js';
import { describeStages } from '../runner/stages.js';
import { formatDuration } from '../clock/duration.js';
import { ephemeralPorts, loopbackSources, PORT_FILL } from './source-addresses.js';
import { formatSummary, GATEWAY_DIED } from '../ui/summary.js';
import type { IntervalFigures } from '../metrics/intervals.js';
import { createRunOutputs, uiOutputSpec } from './output-registry.js';
import { outputLog, outputRefused, summaryColor } from './output-io.js';
import { scriptedCallsOf, startEmbeddedGateway, type EmbeddedGateway } from './embedded-gateway.js';
import { planProcesses, type ProcessPlan } from './process-plan.js';
import { checkOpenFileLimit, readOpenFileLimits } from './resource-check.js';
import { CliError } from './errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { VERSION } from './package-root.js';
import { loadBaseline } from './read-summaries.js';
import { resolveRunConfig, type RunConfig } from './run-config.js';
import { runWarnings } from './run-warnings.js';
import { loadRunScenarios, scenarioEnv, WORKER_CHILD, workerJobs } from './workers.js';

/**
 * The run's verdict, worst first: interrupted 105, could not connect or the embedded gateway died 1,
 * a worker died 98, a threshold or default check failed 99; then an output that could not be
 * written 103; else 0.
 */
function exitCodeFor(result: RunResult, thresholds: readonly ThresholdResult[], outputFailures: number, gatewayDied: boolean): ExitCode {
  if (result.outcome === 'interrupted') return EXIT.INTERRUPTED;
  if (result.outcome === 'unreachable' || gatewayDied) return EXIT.RUN_FAILED;
  if (result.outcome === 'partial') return EXIT.PARTIAL;
  if (result.outcome === 'aborted' || thresholds.some((t) => !t.passed)) return EXIT.THRESHOLD_FAILED;
  return outputFailures > 0 ? EXIT.OUTPUT_FAILED : EXIT.OK;
}

/** With `--abort-on-fail`: the first threshold that fails and can no longer recover, checked each second. */
function abortCheck(config: RunConfig): (fleet: FleetView) => string | undefined {
  const t0 = performance.now();
  return (fleet) => {
    const failed = finalFailures(config.thresholds.filter((t) => !t.isDefault), thresholdDataFrom({ elapsedMs: performance.now() - t0, fleet: fleet.snapshot(true) }))[0];
    return failed ? `threshold failed during the run (--abort-on-fail): ${failed.expression}: ${failed.message}` : undefined;
  };
}

/** `--workers N`: the fleet as N processes, one shard each, their results merged into one. */
async function runInWorkers(config: RunConfig, loaded: readonly Scenario[], options: RunConfig['run'], workers: number, url: string, described: { scenario: string; protocol: string }, frames: FrameTap | undefined, hooks: WorkersHooks, io: Io): Promise<RunResult> {
  const { random: _random, ...run } = options;
  const { jobs, counts } = workerJobs({
    run: { ...run, url, ...(config.seed !== undefined ? { seed: config.seed } : {}) },
    scenarioFiles: config.scenarios, protocol: config.protocol, dataFile: config.data, env: scenarioEnv(loaded),
    trace: frames ? { file: frames.file, ...(frames.ids ? { ids: [...frames.ids] } : {}) } : undefined,
  }, workers);
  const { result } = await runWorkers({
    entry: WORKER_CHILD, jobs, counts, url, durationMs: config.run.durationMs, ...described,
    // A worker needs its graceful stop on top of its grace (which grows with its share) to report its result.
    stopMs: config.run.gracefulStopMs ?? 0,
  }, { ...hooks, onWorkerFailed: (line) => io.stderr.write(`ocpp-sim: ${line}\n`) });
  return result;
}

/**
 * `ocpp-sim run`: resolves the configuration, loads the scenario, builds the selected outputs
 * (output-registry.ts) and lets them refuse what cannot work, starts the embedded gateway in its
 * own process unless a URL is given, runs the fleet with the outputs attached (the dashboard or
 * the progress line among them), evaluates the thresholds, prints the summary on stdout and
 * finishes every output with the summary document: on a normal end, on Ctrl-C and when nothing
 * could connect.
 */
export async function runCommand(flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<number> {
  // Listening from the start: a Ctrl-C at any moment, even before the fleet exists, ends the run
  // as interrupted, with its summary and every output file.
  const abort = new AbortController();
  const unsubscribe = io.onInterrupt(() => abort.abort());
  try {
    return await runWith(abort, flags, given, io);
  } finally {
    unsubscribe();
  }
}

async function runWith(abort: AbortController, flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<number> {
  const config = await resolveRunConfig(flags, given, io);
  const { loaded, scenarios } = await loadRunScenarios(config.scenarios, { protocol: config.protocol, count: config.run.count, dataFile: config.data, env: io.env });
  const scenario = loaded[0] as Scenario;
  const described = describeScenarios(loaded);
  // A threshold on an action no protocol of the run has could only fail for lack of data at the end: refused now.
  const protocols = [...new Set(loaded.map((s) => s.protocol))];
  const actionProblems = unknownActionProblems(config.thresholds, new Set(protocols.flatMap((v) => [...validatorFor(v).actions])), protocols.join(' and '));
  if (actionProblems.length > 0) throw new CliError(`--threshold ${actionProblems.join('; ')}`, EXIT.INVALID_CONFIG);
  const outputs = new OutputSet(await createRunOutputs([...config.outputs, uiOutputSpec(flags.ui, io)], {
    io, abort, progressIntervalMs: config.progressIntervalMs, baseline: await loadBaseline(config.baseline, io), traceIds: config.traceIds,
  }), outputLog(io));
  await outputs.check().catch(outputRefused);
  // Every process holds the sockets of its own share only, under the limit all of them inherit:
  // the fleet's workers and the embedded gateway's workers are planned (or checked) for it.
  const inThisRun = shardDue(config.run.count, config.run.shard);
  const limits = readOpenFileLimits();
  const planned: ProcessPlan = planProcesses({ count: inThisRun, workers: config.workers, embedded: !config.url, softLimit: limits.soft });
  // More worker processes than charge points would leave some with nothing to run.
  const plan: ProcessPlan = { ...planned, workers: Math.max(1, Math.min(planned.workers, inThisRun)) };
  for (const warning of runWarnings({
    explicit: config.explicit, label: (key) => config.labels[key] ?? key, url: config.url, count: config.run.count, shard: config.run.shard,
    ratePerSec: config.run.ratePerSec, durationMs: config.run.durationMs, idPrefix: config.run.idPrefix, trace: outputs.frames?.file, traceIds: config.traceIds, workers: config.workers,
    idOf: (i) => dataIdOf(scenarios?.[i] ?? scenario, i) ?? chargePointId(config.run.idPrefix, i, config.run.count),
    idsFromData: loaded.every((s) => s.data?.columnIndex.has('id') === true), requestSteps: requestStepsOf(loaded),
  })) io.stderr.write(`ocpp-sim: warning: ${warning}\n`);
  const fdProblem = checkOpenFileLimit({ count: inThisRun, ...plan }, limits.soft, limits.hard);
  if (fdProblem) throw new CliError(fdProblem, EXIT.RUN_FAILED);
  let gateway: EmbeddedGateway | undefined;
  const scriptedCalls = scriptedCallsOf(loaded);
  try {
    if (!config.url) {
      if (config.gatewayRemoteStartMs !== undefined && plan.gatewayWorkers > 1) io.stderr.write(`ocpp-sim: warning: ${config.labels.gatewayRemoteStart ?? '--gateway-remote-start'} is ignored with an embedded gateway of ${plan.gatewayWorkers} processes (it needs one)\n`);
      if (scriptedCalls.length > 0 && plan.gatewayWorkers > 1) io.stderr.write(`ocpp-sim: warning: the scenario's csms calls are ignored with an embedded gateway of ${plan.gatewayWorkers} processes (they need one)\n`);
      gateway = await startEmbeddedGateway({
        host: '127.0.0.1', port: 0, heartbeatIntervalSec: config.heartbeatSec, responseDelayMs: Math.round(config.gatewayResponseDelayMs), bootStatus: config.gatewayBootStatus,
      }, plan.gatewayWorkers, undefined, {
        ...(config.gatewayRemoteStartMs === undefined ? {} : { remoteStartAfterMs: Math.round(config.gatewayRemoteStartMs) }),
        ...(scriptedCalls.length > 0 ? { scriptedCalls } : {}),
      });
      const gatewayPorts = gateway.urls.map((u) => new URL(u).port).join(', ');
      io.stderr.write(`embedded gateway listening on ${gateway.url}${plan.gatewayWorkers > 1 ? ` (${plan.gatewayWorkers} worker processes, a port each: ${gatewayPorts})` : ''}\n`);
    } else if (scriptedCalls.length > 0) {
      io.stderr.write('ocpp-sim: warning: the scenario\'s csms calls are ignored with --url (the embedded gateway sends them; your central system decides what it sends)\n');
    }
    const url = config.url ?? (gateway as EmbeddedGateway).url;
    await outputs.start({
      url, ...described, count: config.run.count, durationMs: config.run.durationMs, intervalMs: config.intervalMs,
      ...(config.run.stages ? { stages: config.run.stages } : {}),
    }).catch(outputRefused);
    const where = `${config.run.shard ? ` (shard ${config.run.shard.index}/${config.run.shard.total} of ${config.run.count})` : ''}${plan.workers > 1 ? ` in ${plan.workers} worker processes` : ''}`;
    io.stderr.write(`running ${inThisRun} charge point${inThisRun === 1 ? '' : 's'}${where} against ${url} for ${String(config.settings.duration)} (scenario ${described.scenario})\n`);
    if (config.run.stages) io.stderr.write(`stages: ${describeStages(config.run.stages)}\n`);
    // Past one source address's ephemeral ports towards a loopback target: more addresses of 127.0.0.0/8.
    const ports = ephemeralPorts();
    // Only Linux routes all of 127.0.0.0/8 to the loopback interface by default (macOS has 127.0.0.1 alone).
    const sources = config.run.localAddresses || process.platform !== 'linux' ? undefined : loopbackSources(url, inThisRun, ports);
    if (sources) io.stderr.write(`source addresses ${sources.join(', ')}: ${inThisRun} connections need more than one address (${Math.floor(ports * PORT_FILL)} of its ${ports} ephemeral ports planned per address)\n`);
    const urls = gateway && gateway.urls.length > 1 ? { urls: gateway.urls } : {};
    const run = { ...config.run, ...urls, ...(sources ? { localAddresses: sources } : {}) };
    const outageTimers: NodeJS.Timeout[] = [];
    // The embedded gateway ending on its own (killed, out of memory) leaves nothing to test: the run ends at the next check.
    let gatewayDied: string | undefined;
    if (gateway) gateway.onExit = (how) => { gatewayDied = `${GATEWAY_DIED} (${how}); the run ended there`; };
    const thresholdAbort = config.abortOnFail && config.thresholds.some((t) => !t.isDefault) ? abortCheck(config) : undefined;
    const hooks = {
      signal: abort.signal,
      intervalMs: config.intervalMs,
      onInterval: (figures: IntervalFigures) => outputs.interval(figures),
      onStart: (fleet: FleetView) => {
        outputs.attach(fleet);
        for (const { atMs, durationMs } of config.outages) {
          outageTimers.push(setTimeout(() => {
            io.stderr.write(`outage: the embedded gateway drops every connection and refuses upgrades for ${formatDuration(durationMs)}\n`);
            gateway?.outage(durationMs);
            fleet.outageBegins(atMs, durationMs);
          }, atMs));
        }
      },
      onFinish: () => {
        outageTimers.forEach(clearTimeout);
        // The run's time is up: live outputs stop drawing (awaited below, before the summary).
        void outputs.stop();
      },
      ...(gateway || thresholdAbort ? { check: (fleet: FleetView) => gatewayDied ?? thresholdAbort?.(fleet) } : {}),
    } satisfies RunHooks;
    const result = plan.workers > 1 ? await runInWorkers(config, loaded, run, plan.workers, url, described, outputs.frames, hooks, io) : await runLoadTest({
      ...run, url, scenario,
      ...(scenarios ? { scenarios } : {}),
      ...(config.seed !== undefined ? { seed: config.seed } : {}),
      ...(outputs.frames ? { trace: outputs.frames } : {}),
    }, hooks);
    await outputs.stop();
    const thresholds = evaluateThresholds(config.thresholds, thresholdDataFrom(result));
    if (result.outcome !== 'unreachable') for (const line of defaultCheckFailures(thresholds)) io.stderr.write(`ocpp-sim: ${line}\n`);
    const doc = buildSummaryDocument(result, { config: { ...config.settings, workers: plan.workers, url, scenario: loaded.map((s) => s.file), protocol: result.protocol }, thresholds, toolVersion: VERSION });
    io.stdout.write(formatSummary(doc, { stats: config.summaryStats, color: await summaryColor(io), ...(result.waiting ? { waiting: result.waiting } : {}) }));
    // Every output attempted: a failure is one line, and the verdict stays the run's (103 only when it passed).
    const outputFailures = await outputs.finish(doc);
    if (result.outcome === 'unreachable' || result.outcome === 'aborted') io.stderr.write(`ocpp-sim: error: ${result.error ?? result.outcome}\n`);
    return exitCodeFor(result, thresholds, outputFailures.length, gatewayDied !== undefined);
  } finally {
    await outputs.close();
    await gateway?.stop();
  }
}
