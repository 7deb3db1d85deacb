import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How busy this process (the load generator) is. */
export interface ToolStats {
  /** User + system CPU time of the process since it started, in seconds (a counter). */
  cpuSeconds: number;
  /** CPU time used per wall-clock time over the last window, in % of one core (can exceed 100 with threads). */
  cpuPercent: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
  /** 99th percentile of the event-loop delay over the last window, in ms (timer resolution subtracted). */
  loopDelayP99Ms: number;
}

/** Above this CPU %, the numbers measure the load generator rather than the target. */
export const CPU_LIMIT_PERCENT = 90;
/** Above this event-loop delay p99 (ms), sends and latency measurements are late. */
export const LOOP_DELAY_LIMIT_MS = 100;

/** Where a probe reads from; injected so tests need no real process. */
export interface ToolSources {
  /** Monotonic time in ms. */
  now(): number;
  /** User + system CPU time of the process so far, in µs. */
  cpuMicros(): number;
  rssBytes(): number;
  /** Event-loop delay p99 since the last reset, in ms. */
  loopDelayP99Ms(): number;
  resetLoopDelay(): void;
  close(): void;
}

const RESOLUTION_MS = 10;

/** The real process: `process.cpuUsage`, `process.memoryUsage.rss`, `perf_hooks.monitorEventLoopDelay`. */
export function processSources(): ToolSources {
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  return {
    now: () => performance.now(),
    cpuMicros() {
      const usage = process.cpuUsage();
      return usage.user + usage.system;
    },
    rssBytes: () => process.memoryUsage.rss(),
    // The histogram holds whole timer intervals in ns: subtract the resolution to get the delay.
    loopDelayP99Ms: () => (loop.count > 0 ? Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION_MS) : 0),
    resetLoopDelay: () => loop.reset(),
    close: () => loop.disable(),
  };
}

/**
 * Samples the process's own load. CPU % and loop delay are measured over windows of at least
 * `windowMs` (default 1 s) and hold their value in between, so frequent sampling stays steady.
 */
export class ToolProbe {
  private windowStart: number;
  private cpuAtStart: number;
  private last: ToolStats | undefined;

  constructor(private readonly sources: ToolSources, private readonly windowMs = 1000) {
    this.windowStart = sources.now();
    this.cpuAtStart = sources.cpuMicros();
  }

  /** The stats now; undefined until the first window has passed. */
  sample(): ToolStats | undefined {
    const now = this.sources.now();
    const elapsed = now - this.windowStart;
    if (elapsed >= this.windowMs) {
      const cpu = this.sources.cpuMicros();
      this.last = {
        cpuSeconds: cpu / 1e6,
        cpuPercent: ((cpu - this.cpuAtStart) / 1000 / elapsed) * 100,
        rssBytes: this.sources.rssBytes(),
        loopDelayP99Ms: this.sources.loopDelayP99Ms(),
      };
      this.sources.resetLoopDelay();
      this.windowStart = now;
      this.cpuAtStart = cpu;
    }
    return this.last;
  }

  close(): void {
    this.sources.close();
  }
}

/** The warning to show when the load generator itself is saturated, or undefined. Pure. */
export function toolWarning(stats: ToolStats | undefined): string | undefined {
  if (!stats) return undefined;
  const reasons: string[] = [];
  if (stats.cpuPercent > CPU_LIMIT_PERCENT) reasons.push(`CPU ${Math.round(stats.cpuPercent)}% > ${CPU_LIMIT_PERCENT}%`);
  if (stats.loopDelayP99Ms > LOOP_DELAY_LIMIT_MS) reasons.push(`loop delay p99 ${Math.round(stats.loopDelayP99Ms)}ms > ${LOOP_DELAY_LIMIT_MS}ms`);
  return reasons.length > 0 ? `WARNING: the load generator is the bottleneck (${reasons.join(', ')})` : undefined;
}
