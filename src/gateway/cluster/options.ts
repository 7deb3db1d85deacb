import type { OutageAnswer } from '../outage.js';
import { GatewayError } from '../errors.js';
import type { LogSink } from '../logger.js';
import type { WorkerGatewayOptions } from './messages.js';

/** A worker that exited while the gateway was serving (not restarted). */
export interface WorkerExitEvent {
  /** The worker's number, from 1. */
  readonly worker: number;
  readonly pid: number;
  readonly code: number | null;
  readonly signal: string | null;
  /** Workers still running. */
  readonly running: number;
}

/**
 * What `startGatewayCluster` accepts: the options of `startGateway` that are plain data (hooks
 * and handler overrides cannot cross to worker processes), the number of workers, a log sink
 * in this process, and a hook for workers that die.
 */
export interface GatewayClusterOptions extends WorkerGatewayOptions {
  /** Worker processes, at least 1. */
  workers: number;
  /** Receives the primary's records and every worker's (with `entry.worker` set), at or above `logLevel`. */
  log?: LogSink;
  onWorkerExit?: (event: WorkerExitEvent) => void;
}

/** A gateway running as several worker processes behind one port. */
export interface GatewayCluster {
  /** The TCP port every worker serves (the real one when 0 was asked for). */
  readonly port: number;
  /** The OCPP-J endpoint URL, e.g. ws://127.0.0.1:9000/ocpp. */
  readonly url: string;
  /** Base URL of the HTTP endpoints, which answer for the whole gateway. */
  readonly httpUrl: string;
  /** The base seed; worker k (from 1) draws from seed + k − 1. */
  readonly seed: number;
  /** Workers started. */
  readonly workers: number;
  /** Workers running now. */
  readonly running: number;
  /** Every worker's endpoint URL: the same one, or with `exclusivePort` one port per worker. */
  readonly urls: readonly string[];
  /** A simulated outage in every worker (see Gateway.outage). */
  outage(durationMs: number): Promise<OutageAnswer>;
  /** Process ids of the workers, in order. */
  readonly pids: readonly number[];
  /**
   * Tells every worker to close as one gateway does (stop accepting, answer calls in flight
   * up to `shutdownTimeoutMs`, close 1001) and waits for them to exit; a worker still running
   * 5 s past that bound is killed. Idempotent.
   */
  close(): Promise<void>;
}

const NOT_DATA = ['handlers', 'onConnect', 'onDisconnect', 'onMessage', 'onError'] as const;

/** Throws GatewayError E_BAD_OPTIONS for a bad worker count or an option that cannot cross to a worker process. */
export function checkClusterOptions(options: GatewayClusterOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.workers) || options.workers < 1) problems.push('workers must be an integer >= 1');
  for (const key of NOT_DATA) if ((options as unknown as Record<string, unknown>)[key] !== undefined) problems.push(`${key} cannot be used with workers (functions stay in this process)`);
  if (problems.length > 0) throw new GatewayError('E_BAD_OPTIONS', `bad gateway options: ${problems.join('; ')}`);
}

/**
 * The options of worker `index` (from 0) of `total`: the same as the others but for the seed,
 * `seed + index` so the workers do not all draw the same sequence, and `maxConnections`, split
 * evenly (rounded up) since connections are dealt round robin.
 */
export function workerOptions(options: WorkerGatewayOptions, seed: number, index: number, total: number): WorkerGatewayOptions {
  const max = options.maxConnections ?? 0;
  return { ...options, seed: (seed + index) >>> 0, maxConnections: max > 0 ? Math.ceil(max / total) : 0 };
}
