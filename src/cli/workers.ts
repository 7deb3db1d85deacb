import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../chargepoint/scenario/types.js';
import { ScenarioError } from '../chargepoint/scenario/types.js';
import { assignScenarios } from '../chargepoint/scenario/weights.js';
import { loadScenario } from '../chargepoint/scenario/loader.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { RunOptions } from '../runner/run.js';
import { shardDue, type Shard } from '../runner/shard.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** The module each worker process runs. */
export const WORKER_CHILD = fileURLToPath(new URL('./worker-child.js', import.meta.url));

/** `--workers`: a count of at least 1, or `auto` for one per core. */
export function resolveWorkerCount(raw: string): number | undefined {
  if (raw.trim() === 'auto') return availableParallelism();
  return /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : undefined;
}

/** The scenarios of a run: loaded from their files, and the per-index assignment of a mixed fleet of `count`. */
export async function loadRunScenarios(files: ReadonlyArray<{ file: string; weight: number }>, protocol: OcppVersion | undefined, count: number):
Promise<{ loaded: Scenario[]; scenarios: Scenario[] | undefined }> {
  const loaded: Scenario[] = [];
  for (const { file } of files) {
    try {
      loaded.push(await loadScenario(file, protocol ? { protocol } : {}));
    } catch (error) {
      if (error instanceof ScenarioError) throw new CliError(`invalid scenario: ${error.message}`, EXIT.INVALID_CONFIG);
      throw error;
    }
  }
  const scenarios = loaded.length > 1 ? assignScenarios(count, loaded.map((s, i) => ({ scenario: s, weight: files[i]?.weight ?? 0 }))) : undefined;
  return { loaded, scenarios };
}

/**
 * Everything a worker process needs to run its shard, JSON-serialisable: the run options
 * without the scenario objects and the random source, and the scenario files, which the worker
 * loads again.
 */
export interface WorkerJob {
  run: Omit<RunOptions, 'scenario' | 'scenarios' | 'random' | 'trace'>;
  scenarioFiles: ReadonlyArray<{ file: string; weight: number }>;
  protocol: OcppVersion | undefined;
  trace: { file: string; ids?: string[] } | undefined;
}

/**
 * The jobs of `workers` processes: worker k runs the shard k/workers (within the shard given
 * by `--shard`, if any, so machines and processes combine), and writes `--trace` to FILE.k.
 */
export function workerJobs(base: WorkerJob, workers: number): { jobs: WorkerJob[]; counts: number[] } {
  const outer: Shard = base.run.shard ?? { index: 0, total: 1 };
  const jobs: WorkerJob[] = [];
  const counts: number[] = [];
  for (let k = 0; k < workers; k++) {
    const shard = { index: outer.index + k * outer.total, total: outer.total * workers };
    jobs.push({ ...base, run: { ...base.run, shard }, trace: base.trace ? { ...base.trace, file: `${base.trace.file}.${k}` } : undefined });
    counts.push(shardDue(base.run.count, shard));
  }
  return { jobs, counts };
}
