import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A function that runs a full garbage collection: `global.gc` when node runs with --expose-gc,
 * otherwise the flag is set at run time and `gc` taken from a fresh context (V8 exposes it to
 * contexts created after the flag is set). Lets heap figures be compared without a flag on the
 * test command line.
 */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** heapUsed after two full collections, in bytes. */
export function settledHeap(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
