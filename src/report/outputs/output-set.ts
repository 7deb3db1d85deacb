import type { IntervalFigures } from '../../metrics/intervals.js';
import type { FleetView } from '../../runner/fleet.js';
import type { FrameTap, Output, RunDescription } from './output.js';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An output refused at `check()` or `start()`: `label` names it, `cause` is what it threw; the message is `label: why`. */
export class OutputStartError extends Error {
  readonly label: string;
  override readonly cause: unknown;
  constructor(label: string, cause: unknown) {
    super(`${label}: ${reason(cause)}`);
    this.name = 'OutputStartError';
    this.label = label;
    this.cause = cause;
  }
}

/** Where the set says what its outputs did: `info` for a line an output returned, `error` for a failure (`label: why`). */
export interface OutputLog {
  info(line: string): void;
  error(line: string): void;
}

/**
 * Drives the outputs of one run or check through their steps (see Output), in the order given.
 * `check` and `start` stop at the first refusal (an OutputStartError); during the run an output
 * that throws is reported once and counted as failed, and the others go on; `finish` attempts
 * every output and resolves with the failures (`label: why`), each also one `error` line;
 * `close` releases them all and never rejects.
 */
export class OutputSet<D> {
  private stopping: Promise<void> | undefined;
  private readonly failedLive = new Map<Output<D>, string>();

  constructor(readonly outputs: readonly Output<D>[], private readonly log: OutputLog) {}

  /** The frames the run must write for its outputs (the trace), if one asks. */
  get frames(): FrameTap | undefined {
    return this.outputs.find((o) => o.frames)?.frames;
  }

  async check(): Promise<void> {
    for (const output of this.outputs) await output.check?.().catch((error: unknown) => { throw new OutputStartError(output.label, error); });
  }

  async start(run: RunDescription): Promise<void> {
    for (const output of this.outputs) {
      const line = await output.start?.(run).catch((error: unknown) => { throw new OutputStartError(output.label, error); });
      if (line) this.log.info(line);
    }
  }

  attach(live: FleetView): void {
    for (const output of this.outputs) this.live(output, () => output.attach?.(live));
  }

  interval(figures: IntervalFigures): void {
    for (const output of this.outputs) this.live(output, () => output.interval?.(figures));
  }

  /** Idempotent: every output's `stop()` at once; resolves when all have stopped. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.outputs.map((output) => output.stop?.().catch((error: unknown) => this.fail(output, error)))).then(() => undefined);
    return this.stopping;
  }

  async finish(doc: D): Promise<string[]> {
    const failures = [...this.failedLive.entries()].map(([output, why]) => `${output.label}: ${why}`);
    for (const output of this.outputs) {
      if (!output.finish) continue;
      try {
        const line = await output.finish(doc);
        if (line) this.log.info(line);
      } catch (error) {
        const failure = `${output.label}: ${reason(error)}`;
        failures.push(failure);
        this.log.error(failure);
      }
    }
    return failures;
  }

  async close(): Promise<void> {
    await this.stop();
    for (const output of this.outputs) await output.close?.().catch(() => undefined);
  }

  private live(output: Output<D>, step: () => void): void {
    if (this.failedLive.has(output)) return;
    try {
      step();
    } catch (error) {
      this.fail(output, error);
    }
  }

  private fail(output: Output<D>, error: unknown): void {
    if (this.failedLive.has(output)) return;
    this.failedLive.set(output, reason(error));
    this.log.error(`${output.label}: ${reason(error)}`);
  }
}
