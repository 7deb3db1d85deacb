import { formatDuration } from '../clock/duration.js';
import type { FleetSnapshot } from '../runner/fleet.js';

/** One progress line from a snapshot: elapsed, states, messages and errors so far. Pure. */
export function formatProgressLine(elapsedMs: number, snap: FleetSnapshot): string {
  const s = snap.states;
  const sent = Object.values(snap.metrics.sent).reduce((a, b) => a + b, 0);
  const received = Object.values(snap.metrics.received).reduce((a, b) => a + b, 0);
  const errors = Object.values(snap.metrics.errors).reduce((a, b) => a + b, 0);
  return `[${formatDuration(elapsedMs).padStart(6)}] started ${snap.started}/${snap.count}  open ${snap.open}  ` +
    `accepted ${s.accepted}  booting ${s.booting + s.pending + s.rejected}  backoff ${s.backoff}  ` +
    `msgs out ${sent} in ${received}  errors ${errors}`;
}

/**
 * Prints a progress line every `everyMs` by polling `snapshot` (never per message), for
 * non-TTY output such as CI logs. `stop()` ends it.
 */
export function startLineReporter(snapshot: () => FleetSnapshot, write: (line: string) => void, everyMs: number): { stop(): void } {
  const t0 = performance.now();
  const timer = setInterval(() => write(formatProgressLine(performance.now() - t0, snapshot()) + '\n'), everyMs);
  return { stop: () => clearInterval(timer) };
}
