import { createWriteStream, type WriteStream } from 'node:fs';
import { nestedDeeperThan } from '../protocol/json-depth.js';

/**
 * Writes every traced frame as one NDJSON line: `{"ts":"…","cp":"CP-001","dir":"out","frame":[2,…]}`.
 * `dir` is `out` for frames the charge point sent and `in` for frames it received; a frame that
 * is not JSON, or is nested deeper than MAX_FRAME_DEPTH, is kept as a string. Charge points not traced pay one boolean check per frame.
 */
export class FrameTracer {
  private readonly stream: WriteStream;
  private readonly ids: ReadonlySet<string> | undefined;

  constructor(file: string, ids?: ReadonlySet<string>) {
    this.stream = createWriteStream(file, { flags: 'w' });
    this.stream.on('error', () => {});
    this.ids = ids;
  }

  /** Whether frames of charge point `id` are traced (all, unless a list of ids was given). */
  wants(id: string): boolean {
    return this.ids === undefined || this.ids.has(id);
  }

  record(chargePoint: string, dir: 'in' | 'out', text: string): void {
    let frame: unknown = text;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!nestedDeeperThan(parsed)) frame = parsed;
    } catch {
      // Kept as a string: the trace shows exactly what crossed the wire.
    }
    this.stream.write(`${JSON.stringify({ ts: new Date().toISOString(), cp: chargePoint, dir, frame })}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
