import { formatDuration, formatLatency } from '../clock/duration.js';
import type { FleetSnapshot } from '../runner/fleet.js';

/** Width of the progress bar in characters, between its brackets. */
const BAR_WIDTH = 20;

/** What a progress line needs besides the snapshot: the run's length and the previous line's message count. */
export interface ProgressContext {
  /** How long the run lasts, in ms: the bar, the percentage and the ETA are of this. */
  durationMs: number;
  /** Elapsed time and messages (sent + received) at the previous line, for the rate since then. */
  previous?: { elapsedMs: number; messages: number };
}

const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Messages sent and received so far. */
export function messageCount(snap: FleetSnapshot): number {
  return sum(snap.metrics.sent) + sum(snap.metrics.received);
}

/** The highest p99 round trip over the actions answered so far, with its action; undefined before any answer. */
function worstP99(snap: FleetSnapshot): { action: string; ms: number } | undefined {
  let worst: { action: string; ms: number } | undefined;
  for (const [action, p] of Object.entries(snap.metrics.latency)) if (p.count > 0 && (!worst || p.p99 > worst.ms)) worst = { action, ms: p.p99 };
  return worst;
}

/**
 * One k6-like progress line: a bar and percentage of the run's duration, elapsed/total and ETA,
 * then charge point states, messages (with the rate per second since the previous line), the
 * worst p99 round trip so far and errors. Pure.
 */
export function formatProgressLine(elapsedMs: number, snap: FleetSnapshot, context: ProgressContext): string {
  const s = snap.states;
  const share = Math.min(1, Math.max(0, elapsedMs / context.durationMs));
  const filled = Math.floor(share * BAR_WIDTH);
  const bar = `${'='.repeat(filled)}${filled < BAR_WIDTH ? '>' : ''}${' '.repeat(Math.max(0, BAR_WIDTH - filled - 1))}`;
  const messages = messageCount(snap);
  const since = context.previous ?? { elapsedMs: 0, messages: 0 };
  const windowSec = (elapsedMs - since.elapsedMs) / 1000;
  const rate = windowSec > 0 ? (messages - since.messages) / windowSec : 0;
  const p99 = worstP99(snap);
  const eta = Math.max(0, context.durationMs - elapsedMs);
  return `[${bar}] ${String(Math.floor(share * 100)).padStart(3)}% ${formatDuration(elapsedMs)}/${formatDuration(context.durationMs)} ETA ${formatDuration(eta)}  ` +
    `started ${snap.started}/${snap.count}  open ${snap.open}  connecting ${s.connecting}  accepted ${s.accepted}  booting ${s.booting + s.pending + s.rejected}  backoff ${s.backoff}  offline ${s.offline}  ` +
    `msgs ${messages} (${rate >= 100 ? Math.round(rate) : Number(rate.toFixed(1))}/s)  p99 ${p99 ? `${formatLatency(p99.ms)} (${p99.action})` : '-'}  errors ${sum(snap.metrics.errors)}`;
}

/**
 * Prints a progress line every `everyMs` by polling `snapshot` (never per message), for
 * non-TTY output such as CI logs. `stop()` ends it.
 */
export function startLineReporter(snapshot: () => FleetSnapshot, write: (line: string) => void, everyMs: number, durationMs: number): { stop(): void } {
  const t0 = performance.now();
  let previous: ProgressContext['previous'];
  const timer = setInterval(() => {
    const elapsedMs = performance.now() - t0;
    const snap = snapshot();
    write(formatProgressLine(elapsedMs, snap, { durationMs, ...(previous ? { previous } : {}) }) + '\n');
    previous = { elapsedMs, messages: messageCount(snap) };
  }, everyMs);
  return { stop: () => clearInterval(timer) };
}
