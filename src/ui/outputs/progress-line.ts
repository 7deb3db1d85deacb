import type { Output } from '../../report/outputs/output.js';
import { startLineReporter } from '../line-reporter.js';

/**
 * The progress line as an output (`--no-ui`, or no terminal): from `attach` on, a k6-like line
 * every `everyMs` through `write`, pulled from the fleet's snapshot (startLineReporter); the bar
 * is of the run's duration, given at `start`. `stop` ends it when the run's time is up.
 */
export function progressLineOutput(write: (text: string) => void, everyMs: number): Output<unknown> {
  let durationMs = 0;
  let reporter: { stop(): void } | undefined;
  const stop = async (): Promise<void> => {
    reporter?.stop();
    reporter = undefined;
  };
  return {
    label: 'progress line',
    async start(run) {
      durationMs = run.durationMs;
      return undefined;
    },
    attach(live) {
      reporter = startLineReporter(() => live.snapshot(false), write, everyMs, durationMs);
    },
    stop,
    close: stop,
  };
}
