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

/**
 * Checks that `count` charge points, one socket each, fit under the soft open-file limit with
 * FD_MARGIN to spare. With the embedded gateway (`embedded`), its process holds one socket per
 * charge point too and inherits the same limit, so the same figure applies to both processes.
 * Returns one line naming the problem and the fix (`ulimit -n N`, or fewer charge points per
 * process), or undefined when the run fits or the limit is unknown. `limit` (soft) and
 * `hardLimit` default to this process's own limits.
 */
export function checkOpenFileLimit(count: number, embedded: boolean, limit?: number, hardLimit?: number): string | undefined {
  const own = limit === undefined ? readOpenFileLimits() : { soft: limit, hard: hardLimit };
  const soft = own.soft;
  if (soft === undefined) return undefined;
  const needed = count + FD_MARGIN;
  if (needed <= soft) return undefined;
  const suggested = Math.ceil(needed / 100) * 100;
  const who = embedded ? ' (the fleet and the embedded gateway each hold one socket per charge point)' : '';
  const hard = hardLimit ?? own.hard;
  const beyondHard = hard !== undefined && suggested > hard
    ? ` — above the hard limit of ${thousands(hard)}, which only root can raise (e.g. /etc/security/limits.conf)`
    : '';
  return `${thousands(count)} charge points need about ${thousands(needed)} open files${who}, but the limit is ${thousands(soft)}: ` +
    `run 'ulimit -n ${suggested}' in this shell first${beyondHard}, or use fewer charge points (a lower --count)`;
}
