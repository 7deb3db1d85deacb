import { createWriteStream, type WriteStream } from 'node:fs';
import type { IntervalFigures } from '../../metrics/intervals.js';
import { ReportError } from '../errors.js';
import type { SummaryDocument } from '../summary-document.js';
import { checkWritable, reason } from '../write-outputs.js';
import type { Output, RunDescription } from './output.js';

/**
 * `--out ndjson=FILE`: the run as it happens, one JSON object a line, each written when it is
 * known (so `tail -f` follows a run): `{"type":"start",…}` with the run's description, then
 * `{"type":"interval",…}` with each reporting interval's figures (the summary's `intervals`
 * entries), then `{"type":"end",…}` with the outcome, charge points, totals and threshold
 * verdicts. Writes are sequential through one stream; a failed write surfaces at `end`.
 */
export class IntervalStream {
  private failure: Error | undefined;

  private constructor(private readonly path: string, private readonly out: WriteStream) {
    out.on('error', (error) => { this.failure ??= error; });
  }

  /** Opens (truncates) `path`; rejects with a ReportError `E_REPORT_WRITE` naming it. */
  static open(path: string): Promise<IntervalStream> {
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
      out.once('open', () => resolve(new IntervalStream(path, out)));
      out.once('error', (error: NodeJS.ErrnoException) => reject(new ReportError('E_REPORT_WRITE', `cannot write ${path}: ${reason(error)}`, path)));
    });
  }

  start(run: RunDescription): void {
    this.line({ type: 'start', time: new Date().toISOString(), ...run });
  }

  interval(figures: IntervalFigures): void {
    this.line({ type: 'interval', ...figures });
  }

  /** Writes the last line and closes the file; rejects with a ReportError if any write failed. */
  async end(doc: SummaryDocument | undefined): Promise<void> {
    if (doc) {
      const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
      this.line({
        type: 'end', time: new Date().toISOString(), outcome: doc.outcome, elapsedMs: doc.elapsedMs, chargePoints: doc.chargePoints,
        sent: total(doc.counts.sent), received: total(doc.counts.received), errors: total(doc.counts.errors),
        thresholdsPassed: doc.thresholdsPassed, thresholds: doc.thresholds.map((t) => ({ expression: t.expression, passed: t.passed })),
      });
    }
    await new Promise<void>((resolve) => this.out.end(resolve));
    if (this.failure) throw new ReportError('E_REPORT_WRITE', `cannot write ${this.path}: ${reason(this.failure)}`, this.path);
  }

  private line(value: unknown): void {
    if (!this.failure) this.out.write(`${JSON.stringify(value)}\n`);
  }
}

/**
 * `--out ndjson=FILE` as an output: the path checked up front, the file opened (truncated) and
 * its start line written at `start`, a line per `interval`, the end line at `finish`
 * (`interval stream written to FILE`); `close` ends a stream the run left open without its end line.
 */
export function ndjsonOutput(path: string, label = '--out ndjson'): Output<SummaryDocument> {
  let stream: IntervalStream | undefined;
  const take = (): IntervalStream | undefined => {
    const taken = stream;
    stream = undefined;
    return taken;
  };
  return {
    label,
    check: () => checkWritable(path),
    async start(run) {
      stream = await IntervalStream.open(path);
      stream.start(run);
      return undefined;
    },
    interval: (figures) => stream?.interval(figures),
    async finish(doc) {
      const ending = take();
      if (!ending) return undefined;
      await ending.end(doc);
      return `interval stream written to ${path}`;
    },
    close: async () => { await take()?.end(undefined).catch(() => undefined); },
  };
}
