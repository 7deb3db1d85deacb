import { CHARGE_POINT_STATES, type ChargePointState, type StateCounts } from '../../chargepoint/states.js';
import type { Percentiles } from '../../metrics/histogram.js';
import type { Counts } from '../../metrics/recorder.js';
import { formatCount } from './format.js';

/**
 * The states to list when only `maxRows` fit: those with charge points, the biggest first
 * when some must go, shown in lifecycle order; `idle` when all are empty. Pure.
 */
export function visibleStates(states: StateCounts, maxRows: number): ChargePointState[] {
  const present = CHARGE_POINT_STATES.filter((s) => states[s] > 0);
  if (present.length === 0) return maxRows > 0 ? ['idle'] : [];
  const kept = new Set([...present].sort((a, b) => states[b] - states[a]).slice(0, Math.max(0, maxRows)));
  return present.filter((s) => kept.has(s));
}

/** One entry of the errors panel: a readable label and its count. */
export interface ErrorItem {
  label: string;
  count: number;
}

const KIND_LABELS: Array<[prefix: string, label: string]> = [
  ['callerror:', 'CallError '],
  ['timeout:', 'timeout '],
  ['invalid-answer:', 'invalid answer '],
  ['connection-lost:', 'connection lost '],
  ['unanswered:', 'unanswered '],
  ['connect:', 'connect '],
];

/** `callerror:InternalError` → `CallError InternalError`, `timeout:Heartbeat` → `timeout Heartbeat`. */
export function errorLabel(kind: string): string {
  for (const [prefix, label] of KIND_LABELS) if (kind.startsWith(prefix)) return label + kind.slice(prefix.length);
  return kind;
}

/** Errors by kind, most frequent first, then disconnects by close code (`close 1006`). Pure. */
export function errorItems(errors: Counts, disconnects: Counts): ErrorItem[] {
  const byCount = (a: ErrorItem, b: ErrorItem): number => b.count - a.count || a.label.localeCompare(b.label);
  const kinds = Object.entries(errors).filter(([, n]) => n > 0).map(([kind, count]) => ({ label: errorLabel(kind), count })).sort(byCount);
  const closes = Object.entries(disconnects).filter(([, n]) => n > 0).map(([code, count]) => ({ label: `close ${code}`, count })).sort(byCount);
  return [...kinds, ...closes];
}

/** `CallError InternalError ×12`. */
export function errorItemText(item: ErrorItem): string {
  return `${item.label} ×${formatCount(item.count)}`;
}

/** One rung of the latency ladder. */
export interface Rung {
  label: string;
  ms: number;
}

/** Rungs in the order they are drawn. */
const LADDER: ReadonlyArray<[label: string, key: keyof Percentiles]> = [['min', 'min'], ['p50', 'p50'], ['p90', 'p90'], ['p95', 'p95'], ['p99', 'p99'], ['CO p99', 'p99'], ['max', 'max']];
/** Which rungs stay when rows are short, most telling first. */
const RUNG_PRIORITY = ['p50', 'p99', 'CO p99', 'max', 'p90', 'p95', 'min'];

/**
 * The percentile ladder of one action, at most `maxRungs` rungs (the most telling kept), in
 * ladder order. `CO p99` (from the intended send time) appears only when it differs. Pure.
 */
export function ladderRungs(latency: Percentiles, corrected: Percentiles | undefined, maxRungs = Infinity): Rung[] {
  const showCorrected = correctedDiffers(latency, corrected);
  const all = LADDER.filter(([label]) => label !== 'CO p99' || showCorrected)
    .map(([label, key]) => ({ label, ms: (label === 'CO p99' ? (corrected as Percentiles) : latency)[key] }));
  const kept = new Set(RUNG_PRIORITY.filter((label) => all.some((r) => r.label === label)).slice(0, Math.max(0, maxRungs)));
  return all.filter((r) => kept.has(r.label));
}

/** True when the coordinated-omission-corrected p99 exists and differs by at least 1 % (and 0.01 ms). */
export function correctedDiffers(latency: Percentiles | undefined, corrected: Percentiles | undefined): boolean {
  if (!latency || !corrected || corrected.count === 0) return false;
  const diff = Math.abs(corrected.p99 - latency.p99);
  return diff >= 0.01 && diff >= latency.p99 * 0.01;
}

/** Table rows and ladder rows of the latency panel for `avail` rows below its title and column headings. Pure. */
export function latencySplit(actions: number, avail: number, ladderIdeal: number): { tableRows: number; ladderRows: number } {
  if (actions === 0 || avail <= 0) return { tableRows: 0, ladderRows: 0 };
  // The table keeps up to 3 rows before the ladder takes any; a ladder needs a heading and 2 rungs.
  const tableRows = Math.min(actions, avail, Math.max(Math.min(actions, 3), avail - ladderIdeal));
  const rest = avail - tableRows;
  return { tableRows, ladderRows: rest >= 3 ? Math.min(ladderIdeal, rest) : 0 };
}

/** The first visible row of a list scrolled so that `selected` is visible in `rows` rows. */
export function scrollStart(selected: number, rows: number, total: number): number {
  if (rows <= 0 || selected < rows) return 0;
  return Math.min(selected - rows + 1, Math.max(0, total - rows));
}
