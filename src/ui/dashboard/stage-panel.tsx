import { formatDuration } from '../../clock/duration.js';
import { fit, formatClock, formatCount, titleLine } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';
import { sparkline } from './sparkline.js';
import { observedColumns, plannedColumns, type StageView } from './stage-track.js';

export interface StagePanelProps {
  width: number;
  rows: number;
  view: StageView;
}

/** Rows the panel needs: title, plan, open, time ruler, then a row per stage. */
export const STAGE_CHART_ROWS = 4;
/** The most stage rows shown; a longer plan lists the stages around the current one. */
export const MAX_STAGE_ROWS = 6;

const PREFIX = 5;

/** `0→1,000 in 30s` or `hold 1,000 for 5m00s`. */
function shape(from: number, target: number, durationMs: number): string {
  return from === target ? `hold ${formatCount(target)} for ${formatDuration(durationMs)}` : `${formatCount(from)}→${formatCount(target)} in ${formatDuration(durationMs)}`;
}

/** The time ruler under the chart: `|` where a stage ends, `↑` at the plan's now. */
function ruler(view: StageView, columns: number): string {
  const cells = Array.from({ length: columns }, () => ' ');
  let at = 0;
  for (const s of view.stages.slice(0, -1)) {
    at += s.durationMs;
    const c = Math.min(columns - 1, Math.floor((at / view.totalMs) * columns));
    if (c >= 0) cells[c] = '|';
  }
  if (view.planMs < view.totalMs) cells[Math.min(columns - 1, Math.floor((view.planMs / view.totalMs) * columns))] = '↑';
  return cells.join('');
}

/** The stages to list in `rows` rows: all when they fit, else a window that holds the current one. */
function stageWindow(view: StageView, rows: number): number[] {
  const n = view.stages.length;
  const shown = Math.max(0, Math.min(n, rows));
  const first = Math.max(0, Math.min(n - shown, view.stage - Math.floor(shown / 2)));
  return Array.from({ length: shown }, (_, i) => first + i);
}

/**
 * The `--stages` plan drawn against what happened: the planned connected count over the whole
 * plan (`plan`), the open sockets seen so far on the same time axis (`open`), a ruler marking the
 * stage ends and now, then each stage with its target and the fleet at its end (open / booted,
 * as the summary reports them; `now` on the stage under way). At most `rows` rows.
 */
export function StagePanel({ width, rows, view }: StagePanelProps) {
  const current = view.stage < view.stages.length ? view.stage : -1;
  const head = current >= 0
    ? `Stages · ${current + 1}/${view.stages.length} · planned ${formatCount(view.planned)} · open ${formatCount(view.now.open)}`
    : `Stages · plan done · open ${formatCount(view.now.open)}`;
  if (width <= PREFIX) return <Lines width={width} lines={[paint.title(titleLine(head, width))].slice(0, Math.max(0, rows))} />;
  const columns = width - PREFIX;
  const planned = plannedColumns(view, columns);
  const open = observedColumns(view, columns, (o) => o.open);
  const top = Math.max(view.peak, ...open.filter((v): v is number => v !== undefined));
  const lines = [
    paint.title(titleLine(head, width)),
    `plan ${sparkline(planned, top)}`,
    `open ${paint.accent(sparkline(open, top))}`,
    `${' '.repeat(PREFIX)}${ruler(view, columns)}`,
  ];
  let from = 0;
  const starts = view.stages.map((s) => { const f = from; from = s.target; return f; });
  let endsAt = 0;
  const ends = view.stages.map((s) => (endsAt += s.durationMs));
  for (const i of stageWindow(view, Math.min(MAX_STAGE_ROWS, rows - STAGE_CHART_ROWS))) {
    const s = view.stages[i];
    if (!s) continue;
    const seen = view.ends[i];
    const result = seen ? `open ${formatCount(seen.open)}  booted ${formatCount(seen.accepted)}` : i === current ? `now open ${formatCount(view.now.open)}` : '-';
    const mark = i === current ? '›' : ' ';
    lines.push(fit(`${mark}${i + 1} ${shape(starts[i] as number, s.target, s.durationMs)}  ends ${formatClock(ends[i] as number)}  ${result}`, width));
  }
  return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
}
