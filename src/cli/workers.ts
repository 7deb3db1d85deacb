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
import { loadRunData, repeatedIdProblem } from './run-data.js';
import { EXIT } from './exit-codes.js';

/** The module each worker process runs. */
export const WORKER_CHILD = fileURLToPath(new URL('./worker-child.js', import.meta.url));

/** `--workers`: a count of at least 1, or `auto` for one per core. */
export function resolveWorkerCount(raw: string): number | undefined {
  if (raw.trim() === 'auto') return availableParallelism();
  return /^\d+$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : undefined;
}

/** How the scenarios of a run are read: `--protocol`, the fleet's size, `--data` and the environment templates read. */
export interface RunScenarioOptions {
  protocol: OcppVersion | undefined;
  count: number;
  /** `--data FILE`, in place of every scenario's own `data:`. */
  dataFile?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The scenarios of a run: loaded from their files (with `--data` rows when given), and the
 * per-index assignment of a mixed fleet of `count`. Throws CliError (exit 104) for an invalid
 * scenario or data file, or a data file whose ids would repeat.
 */
export async function loadRunScenarios(files: ReadonlyArray<{ file: string; weight: number }>, options: RunScenarioOptions):
Promise<{ loaded: Scenario[]; scenarios: Scenario[] | undefined }> {
  const data = await loadRunData(options.dataFile);
  const loaded: Scenario[] = [];
  for (const { file } of files) {
    try {
      loaded.push(await loadScenario(file, { ...(options.protocol ? { protocol: options.protocol } : {}), ...(data ? { data } : {}), env: options.env, needData: true }));
    } catch (error) {
      if (error instanceof ScenarioError) throw new CliError(`invalid scenario: ${error.message}`, EXIT.INVALID_CONFIG);
      throw error;
    }
  }
  const scenarios = loaded.length > 1 ? assignScenarios(options.count, loaded.map((s, i) => ({ scenario: s, weight: files[i]?.weight ?? 0 }))) : undefined;
  const repeated = repeatedIdProblem(options.count, (i) => scenarios?.[i] ?? (loaded[0] as Scenario));
  if (repeated) throw new CliError(repeated, EXIT.INVALID_CONFIG);
  return { loaded, scenarios };
}

/** The environment variables the scenarios' templates read, with their values: all a worker needs of the environment. */
export function scenarioEnv(loaded: readonly Scenario[]): Record<string, string> {
  return Object.assign({}, ...loaded.map((s) => ({ ...s.env }))) as Record<string, string>;
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
  /** `--data FILE`: every worker reads it, and charge point i (global index) takes row i mod rows. */
  dataFile: string | undefined;
  /** The environment variables the scenarios read (scenarioEnv), so every worker renders the same values. */
  env: Record<string, string>;
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
