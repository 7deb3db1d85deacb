import { readFileSync } from 'node:fs';

/**
 * Open files a process needs besides one socket per charge point, counted generously: stdio,
 * the event loop's own descriptors (about 20 in Node 20), the listening socket or the IPC
 * channel to the embedded gateway, and the --out, --junit and --trace files.
 */
export const FD_MARGIN = 64;

/** The soft and hard limits on open files (RLIMIT_NOFILE); undefined means unlimited or unknown. */
export interface OpenFileLimits {
  soft: number | undefined;
  hard: number | undefined;
}

const MAX_OPEN_FILES = /^Max open files\s+(\S+)\s+(\S+)/m;

/**
 * The open-file limits of this process, as `ulimit -n` / `ulimit -Hn` show them. Node has no
 * getrlimit, so they are read from /proc/self/limits on Linux (or from `limitsText`, for tests);
 * elsewhere, or when the file cannot be read, both are undefined.
 */
export function readOpenFileLimits(limitsText?: string): OpenFileLimits {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return { soft: undefined, hard: undefined };
    }
  }
  const match = MAX_OPEN_FILES.exec(text);
  const parse = (value: string | undefined): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);
  return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** At most this many processes on either side when their number is chosen for the open-file limit (and named as a fix). */
export const MAX_AUTO_PROCESSES = 16;

/**
 * The fewest processes that hold `count` sockets between them, each within `fill` (0–1) of
 * what the soft limit leaves after FD_MARGIN: 1 when the limit is unknown, and more than
 * MAX_AUTO_PROCESSES when even one socket does not fit.
 */
export function processesFor(count: number, softLimit: number | undefined, fill = 1): number {
  if (softLimit === undefined) return 1;
  const capacity = Math.floor(fill * (softLimit - FD_MARGIN));
  return capacity < 1 ? MAX_AUTO_PROCESSES + 1 : Math.max(1, Math.ceil(count / capacity));
}

/** How a run spreads its sockets: the fleet over `workers` processes, the embedded gateway over `gatewayWorkers` (0: an external CSMS). */
export interface OpenFilePlan {
  count: number;
  workers: number;
  gatewayWorkers: number;
}

/**
 * Checks, per process, that the sockets fit under the soft open-file limit with FD_MARGIN to
 * spare: each simulator process holds its share of the `count` charge points (one socket
 * each), and so does each process of the embedded gateway (every process inherits the same
 * limit). Returns one line naming the problem and the fixes (`ulimit -n N`, more --workers,
 * fewer charge points), or undefined when the run fits or the limit is unknown. `limit` (soft)
 * and `hardLimit` default to this process's own limits.
 */
export function checkOpenFileLimit(plan: OpenFilePlan, limit?: number, hardLimit?: number): string | undefined {
  const own = limit === undefined ? readOpenFileLimits() : { soft: limit, hard: hardLimit };
  const soft = own.soft;
  if (soft === undefined) return undefined;
  const { count, workers, gatewayWorkers } = plan;
  const fleet = Math.ceil(count / workers) + FD_MARGIN;
  const gateway = gatewayWorkers > 0 ? Math.ceil(count / gatewayWorkers) + FD_MARGIN : 0;
  const needed = Math.max(fleet, gateway);
  if (needed <= soft) return undefined;
  const suggested = Math.ceil(needed / 100) * 100;
  const hard = hardLimit ?? own.hard;
  const beyondHard = hard !== undefined && suggested > hard
    ? ` — above the hard limit of ${thousands(hard)}, which only root can raise (e.g. /etc/security/limits.conf)`
    : '';
  const fixes = [`run 'ulimit -n ${suggested}' in this shell first${beyondHard}`];
  const fit = processesFor(count, soft);
  if (fleet > soft && fit > workers && fit <= MAX_AUTO_PROCESSES) fixes.push(`split the fleet with --workers ${fit}`);
  fixes.push('use fewer charge points (a lower --count)');
  const who = fleet >= gateway
    ? `${thousands(count)} charge points${workers > 1 ? ` over ${workers} processes` : ''} need about ${thousands(fleet)} open files${workers > 1 ? ' each' : ''}`
    : `${thousands(count)} charge points need about ${thousands(gateway)} open files in each of the embedded gateway's ${gatewayWorkers} process${gatewayWorkers > 1 ? 'es' : ''}`;
  return `${who}, but the limit is ${thousands(soft)}: ${fixes.join(', or ')}`;
}
