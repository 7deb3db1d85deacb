import { createWriteStream, type WriteStream } from 'node:fs';
import { nowIso } from '../clock/now-iso.js';
import { nestedDeeperThan } from '../protocol/json-depth.js';

/**
 * Bytes of trace lines a tracer holds while the file is slower than the frames: past it a line
 * is dropped and counted, so a slow or stalled disk costs the run at most this much memory.
 */
export const MAX_TRACE_BACKLOG_BYTES = 16 * 1024 * 1024;

/** How a trace went: lines dropped (backlog full, or after a write error) and the first write error. */
export interface TraceOutcome {
  dropped: number;
  error?: string;
}

/**
 * Writes every traced frame as one NDJSON line: `{"ts":"…","cp":"CP-001","dir":"out","frame":[2,…]}`.
 * `dir` is `out` for frames the charge point sent and `in` for frames it received; a frame that
 * is not JSON, or is nested deeper than MAX_FRAME_DEPTH, is kept as a string. Charge points not traced pay one boolean check per frame.
 * The backlog is bounded (`maxBacklogBytes`); after a write error (a full disk) nothing more is
 * written; both are in `outcome()`, which the run reports.
 */
export class FrameTracer {
  private readonly stream: WriteStream;
  private readonly ids: ReadonlySet<string> | undefined;
  private readonly maxBacklogBytes: number;
  private dropped = 0;
  private error: string | undefined;

  constructor(file: string, ids?: ReadonlySet<string>, maxBacklogBytes = MAX_TRACE_BACKLOG_BYTES) {
    this.stream = createWriteStream(file, { flags: 'w' });
    this.stream.on('error', (error) => { this.error ??= error.message; });
    this.ids = ids;
    this.maxBacklogBytes = maxBacklogBytes;
  }

  /** Whether frames of charge point `id` are traced (all, unless a list of ids was given). */
  wants(id: string): boolean {
    return this.ids === undefined || this.ids.has(id);
  }

  record(chargePoint: string, dir: 'in' | 'out', text: string): void {
    if (this.error !== undefined || this.stream.writableLength > this.maxBacklogBytes) {
      this.dropped++;
      return;
    }
    let frame: unknown = text;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!nestedDeeperThan(parsed)) frame = parsed;
    } catch {
      // Kept as a string: the trace shows exactly what crossed the wire.
    }
    this.stream.write(`${JSON.stringify({ ts: nowIso(), cp: chargePoint, dir, frame })}\n`);
  }

  /** Lines dropped so far and the first write error. */
  outcome(): TraceOutcome {
    return { dropped: this.dropped, ...(this.error !== undefined ? { error: this.error } : {}) };
  }

  /** Flushes and closes the file; resolves also when the file failed. */
  close(): Promise<void> {
    if (this.stream.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.once('close', resolve);
      this.stream.end();
    });
  }
}
