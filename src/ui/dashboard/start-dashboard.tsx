import { render } from 'ink';
import type { FleetSnapshot } from '../../runner/fleet.js';
import type { Stage } from '../../runner/stages.js';
import type { HeaderInfo } from './app.js';
import { Dashboard } from './dashboard.js';
import { processSources, ToolProbe } from '../../metrics/tool-probe.js';

export interface DashboardOptions {
  /** The fleet now; polled every `refreshMs`, never pushed to. */
  snapshot: () => FleetSnapshot;
  header: HeaderInfo;
  /** q or Ctrl-C (the terminal is in raw mode, so Ctrl-C raises no SIGINT). */
  onQuit: () => void;
  /** p: pause the ramp when running, resume it when paused. */
  onTogglePause: () => void;
  /** Where to draw: a TTY. */
  stdout: NodeJS.WriteStream;
  /** Where keys come from: a TTY (put in raw mode while the dashboard runs). */
  stdin: NodeJS.ReadStream;
  /** Poll interval, ms (default 500). */
  refreshMs?: number;
  /** The run's `--stages` plan: drawn against what happens in its own panel. */
  stages?: readonly Stage[];
}

export interface RunningDashboard {
  /** Unmounts the dashboard, erases what it drew and gives the terminal back; idempotent. */
  stop(): Promise<void>;
}

/** Default poll interval, ms: two frames a second. */
export const DEFAULT_REFRESH_MS = 500;

/**
 * Draws the live dashboard with Ink on `stdout` until `stop()`. One snapshot per tick, one
 * React state update per tick; keys call `onQuit` and `onTogglePause` and nothing else, so the
 * caller decides what quitting means. After `stop()` resolves the screen area is clear and the
 * caller can print the final summary.
 */
export function startDashboard(options: DashboardOptions): RunningDashboard {
  const refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  if (!(refreshMs > 0)) throw new RangeError(`refreshMs must be > 0 (got ${options.refreshMs})`);
  const probe = new ToolProbe(processSources());
  const instance = render(
    <Dashboard snapshot={options.snapshot} header={options.header} onQuit={options.onQuit} onTogglePause={options.onTogglePause}
      refreshMs={refreshMs} tool={() => probe.sample()} stages={options.stages} />,
    { stdout: options.stdout, stdin: options.stdin, exitOnCtrlC: false, patchConsole: true },
  );
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        const exited = instance.waitUntilExit();
        // An empty last frame makes Ink erase the lines it drew, leaving the cursor where the dashboard began.
        instance.rerender(<></>);
        instance.unmount();
        await exited;
        probe.close();
      })();
      return stopped;
    },
  };
}
