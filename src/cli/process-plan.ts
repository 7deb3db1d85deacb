import { MAX_AUTO_PROCESSES, processesFor } from './resource-check.js';

/**
 * Share of its open-file budget a gateway worker is planned to fill: node:cluster deals new
 * connections round robin, which is even on average, not at every moment (reconnects).
 */
export const GATEWAY_FILL = 0.9;

/** What the process plan of a run depends on. */
export interface ProcessPlanInput {
  /** Charge points of this run (its shard, with --shard). */
  count: number;
  /** `--workers` when given (flag, variable or config file); undefined plans it. */
  workers: number | undefined;
  /** True when the run starts the embedded gateway (no --url). */
  embedded: boolean;
  /** The soft open-file limit every process inherits; undefined = unlimited or unknown. */
  softLimit: number | undefined;
}

/** Processes of a run: simulator workers (1 = the run's own process) and embedded gateway workers (0 with --url). */
export interface ProcessPlan {
  workers: number;
  gatewayWorkers: number;
}

/**
 * Plans the processes of a run so every process's sockets fit its open-file limit. Simulator:
 * `--workers` when given (a given count always wins; resource-check refuses it if it cannot
 * fit); otherwise the fewest processes whose shares fit: one process unless the open-file
 * limit needs more, because a worker process costs its own baseline (about 60 MB of RSS: Node,
 * the modules, compiled schemas) and the parent's merging, and saves no CPU per message
 * (docs/benchmarks.md, bench:defaults). Embedded gateway: one process when all the sockets fit in it,
 * else enough node:cluster workers for each to stay within GATEWAY_FILL of its budget.
 * Chosen counts stop at MAX_AUTO_PROCESSES. Pure.
 */
export function planProcesses(input: ProcessPlanInput): ProcessPlan {
  const { count, softLimit } = input;
  const fit = processesFor(count, softLimit);
  const workers = input.workers ?? Math.min(MAX_AUTO_PROCESSES, fit);
  const gatewayWorkers = !input.embedded ? 0 : fit === 1 ? 1 : Math.min(MAX_AUTO_PROCESSES, processesFor(count, softLimit, GATEWAY_FILL));
  return { workers, gatewayWorkers };
}
