import { stat } from 'node:fs/promises';
import { ReportError } from '../errors.js';
import { checkOpenable } from '../write-outputs.js';
import type { Output } from './output.js';

/** How much older than the run's start a trace file may look (clock and file-system granularity). */
const MTIME_SLACK_MS = 1000;

/** Whether `path` is a file written since `sinceMs` (epoch ms). */
async function freshFile(path: string, sinceMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.isFile() && info.mtimeMs >= sinceMs - MTIME_SLACK_MS;
}

/**
 * The trace files this run wrote: FILE in one process, FILE.0, FILE.1, … with worker
 * processes (each writes its own); files left by an earlier run (older than this one) do not count.
 */
export async function writtenTraceFiles(path: string, sinceMs: number): Promise<string[]> {
  if (await freshFile(path, sinceMs)) return [path];
  const files: string[] = [];
  while (await freshFile(`${path}.${files.length}`, sinceMs)) files.push(`${path}.${files.length}`);
  return files;
}

/** The `trace` block of a run's summary document, if `doc` is one that has it. */
function traceOutcomeOf(doc: unknown): { dropped: number; error: string | null } | undefined {
  const trace = (doc as { trace?: unknown } | null)?.trace as { dropped?: unknown; error?: unknown } | undefined;
  if (typeof trace?.dropped !== 'number') return undefined;
  return { dropped: trace.dropped, error: typeof trace.error === 'string' ? trace.error : null };
}

/**
 * `--trace FILE` (or `--out trace=FILE`): every frame sent and received as NDJSON, written by
 * the run itself where frames cross the wire (`frames`), so this output checks the path up
 * front by opening it (checkOpenable: root too is refused at once where the run could not open it) and at `finish` says which files the run wrote (`FILE.k` per worker process), or fails
 * in one line when it wrote none (the file could not be opened) or a write failed during the run
 * (the summary's `trace.error`), and how many frames were dropped. `ids`: only these charge points.
 */
export function traceOutput(path: string, ids?: ReadonlySet<string>, label = '--out trace'): Output<unknown> {
  let startedAt = Date.now();
  return {
    label,
    frames: { file: path, ...(ids ? { ids } : {}) },
    check: () => checkOpenable(path),
    start: async () => {
      startedAt = Date.now();
      return undefined;
    },
    async finish(doc) {
      const outcome = traceOutcomeOf(doc);
      const dropped = outcome && outcome.dropped > 0 ? `${outcome.dropped} frames dropped` : undefined;
      if (outcome?.error) throw new ReportError('E_REPORT_WRITE', `cannot write ${path}: ${outcome.error}; the trace is incomplete${dropped ? ` (${dropped})` : ''}`, path);
      const files = await writtenTraceFiles(path, startedAt);
      if (files.length === 0) throw new ReportError('E_REPORT_WRITE', `cannot write ${path}: the run could not open it, no frame was traced`, path);
      return `frame trace written to ${files.join(', ')}${dropped ? ` (${dropped}: the file was slower than the run)` : ''}`;
    },
  };
}
