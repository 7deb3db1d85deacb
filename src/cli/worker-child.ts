import { processSources, ToolProbe } from '../metrics/tool-probe.js';
import { runSettings } from './run-options.js';
import type { FromWorker, ToWorker } from '../runner/workers/messages.js';
import { WORKER_SNAPSHOT_MS } from '../runner/workers/messages.js';
import type { Fleet } from '../runner/fleet.js';
import { runLoadTest } from '../runner/run.js';
import { loadRunScenarios, type WorkerJob } from './workers.js';

/** Sends one message and waits until it left, so an exit right after loses nothing. */
function post(message: FromWorker): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send?.(message, undefined, {}, () => resolve());
  });
}

/**
 * Entry of one worker process of `run --workers N`: waits for its job over IPC, runs its shard
 * with runLoadTest, sends its fleet's snapshot (encoded histograms) every second and its
 * RunResult at the end, then exits. `stop` (or the parent going away) ends the run early;
 * SIGINT is ignored, because the parent forwards Ctrl-C as `stop` and reports what was measured.
 */
function child(): void {
  const abort = new AbortController();
  let fleet: Fleet | undefined;
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => abort.abort());
  process.on('disconnect', () => abort.abort());
  process.on('message', (message: ToWorker<WorkerJob>) => {
    if (message.type === 'start') void run(message.job);
    else if (message.type === 'stop') abort.abort();
    else if (message.type === 'pause') fleet?.pause();
    else if (message.type === 'resume') fleet?.resume();
    else if (message.type === 'outage') fleet?.outageBegins(message.atMs, message.durationMs);
  });

  async function run(job: WorkerJob): Promise<void> {
    let ticker: NodeJS.Timeout | undefined;
    const probe = new ToolProbe(processSources());
    try {
      const { loaded, scenarios } = await loadRunScenarios(job.scenarioFiles, { protocol: job.protocol, count: job.run.count, dataFile: job.dataFile, env: job.env });
      const result = await runLoadTest({
        // runSettings seeds the reconnect jitter from the run's seed, as in one process.
        ...runSettings(job.run), url: job.run.url, scenario: loaded[0] as NonNullable<(typeof loaded)[0]>,
        ...(scenarios ? { scenarios } : {}),
        ...(job.trace ? { trace: { file: job.trace.file, ...(job.trace.ids ? { ids: new Set(job.trace.ids) } : {}) } } : {}),
      }, {
        signal: abort.signal,
        onStart: (started) => {
          fleet = started;
          ticker = setInterval(() => void post({ type: 'snapshot', snapshot: started.snapshot(true), stats: probe.sample() }), WORKER_SNAPSHOT_MS);
        },
        onFinish: () => {
          clearInterval(ticker);
          probe.close();
        },
      });
      await post({ type: 'result', result });
    } catch (error) {
      clearInterval(ticker);
      await post({ type: 'error', message: (error as Error).message ?? String(error) });
      process.exitCode = 1;
    }
    process.disconnect?.();
  }
}

child();
