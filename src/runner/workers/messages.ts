import type { ToolStats } from '../../metrics/tool-probe.js';
import type { FleetSnapshot } from '../fleet.js';
import type { RunResult } from '../run.js';

/** What the parent sends a worker process over IPC: its job first, then controls. */
export type ToWorker<J> =
  | { type: 'start'; job: J }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** The central system went down now, `atMs` into the run, for `durationMs`: follow the storm. */
  | { type: 'outage'; atMs: number; durationMs: number };

/**
 * What a worker sends back: its fleet every second (with encoded histograms, so the parent
 * merges exactly) and how busy its process is, its final result once, or why it could not run.
 */
export type FromWorker =
  | { type: 'snapshot'; snapshot: FleetSnapshot; stats?: ToolStats }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string };

/** How often a worker sends its snapshot, in ms. */
export const WORKER_SNAPSHOT_MS = 1000;
