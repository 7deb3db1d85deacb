import type { Output } from '../../report/outputs/output.js';
import type { HeaderInfo } from '../dashboard/app.js';
import type { Stage } from '../../runner/stages.js';
import type { RunningDashboard, startDashboard } from '../dashboard/start-dashboard.js';

/** Where the dashboard draws and what its keys do besides pausing. */
export interface DashboardOutputOptions {
  /** A TTY on both ends: drawn on `output`, keys from `input` (raw mode while drawn). */
  terminal: { input: NodeJS.ReadStream; output: NodeJS.WriteStream };
  /** q or Ctrl-C: in raw mode Ctrl-C arrives as a key, not as SIGINT, so the caller decides what quitting means. */
  onQuit(): void;
}

/**
 * The live Ink dashboard as an output (`--ui`, the default on a terminal outside CI). Ink and
 * React are loaded at `start` only (they cost a process about 30 MB); the dashboard draws from
 * `attach` on, polling the fleet's snapshot (with the run's `--stages` plan drawn against it), p
 * pausing and resuming the ramp; `stop` erases it before the summary is printed.
 */
export function dashboardOutput(options: DashboardOutputOptions): Output<unknown> {
  let start: typeof startDashboard | undefined;
  let header: HeaderInfo | undefined;
  let stages: readonly Stage[] | undefined;
  let running: RunningDashboard | undefined;
  const stop = async (): Promise<void> => { await running?.stop(); };
  return {
    label: '--ui',
    async start(run) {
      ({ startDashboard: start } = await import('../dashboard/start-dashboard.js'));
      header = { url: run.url, scenario: run.scenario, protocol: run.protocol, durationMs: run.durationMs };
      stages = run.stages;
      return undefined;
    },
    attach(live) {
      if (!start || !header) return;
      running = start({
        snapshot: () => live.snapshot(false), header, onQuit: options.onQuit,
        onTogglePause: () => (live.paused ? live.resume() : live.pause()),
        stdout: options.terminal.output, stdin: options.terminal.input, ...(stages ? { stages } : {}),
      });
    },
    stop,
    close: stop,
  };
}
