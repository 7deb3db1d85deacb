import type { Percentiles } from '../../metrics/histogram.js';
import { bar } from './bars.js';
import { fit, formatCount, formatMs, titleLine } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';
import { correctedDiffers, ladderRungs, latencySplit, scrollStart } from './panel-data.js';
import { latencyActions } from './selection.js';

export interface LatencyPanelProps {
  width: number;
  rows: number;
  /** Round trip per action, ms. */
  latency: Record<string, Percentiles>;
  /** From the intended send time, scheduled actions only, ms. */
  corrected: Record<string, Percentiles>;
  /** The action whose ladder is drawn. */
  selected: string | undefined;
}

const CELL = 8;
const MARK = 2;
const LABEL = 6;

/**
 * A table per action (count, p50, p90, p99, max, and the coordinated-omission-corrected p99
 * when it differs), then the percentile ladder of the selected action as bars on a linear ms
 * scale; at most `rows` rows, the table scrolled to keep the selected action in view.
 */
export function LatencyPanel(props: LatencyPanelProps) {
  const { width, rows, latency, corrected } = props;
  const lines = [paint.title(titleLine('Latency per action (CALL sent → answer)', width))];
  const actions = latencyActions(latency);
  if (actions.length === 0) {
    lines.push(fit('no answers yet', width));
    return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
  }
  const selected = props.selected !== undefined && actions.includes(props.selected) ? props.selected : actions[0] as string;
  const withCo = actions.some((a) => correctedDiffers(latency[a], corrected[a]));
  const actionWidth = Math.max(4, width - MARK - CELL * (withCo ? 6 : 5));
  const heads = ['count', 'p50', 'p90', 'p99', 'max', ...(withCo ? ['CO p99'] : [])];
  lines.push(fit(' '.repeat(MARK) + 'action'.padEnd(actionWidth) + heads.map((h) => h.padStart(CELL)).join(''), width));

  const rungsFor = (n: number): number => ladderRungs(latency[selected] as Percentiles, corrected[selected], n).length;
  const ladderIdeal = 1 + rungsFor(Infinity);
  const { tableRows, ladderRows } = latencySplit(actions.length, rows - 2, ladderIdeal);
  const index = actions.indexOf(selected);
  const start = scrollStart(index, tableRows, actions.length);
  for (const action of actions.slice(start, start + tableRows)) {
    const l = latency[action] as Percentiles;
    const c = corrected[action];
    const cells = [formatCount(l.count), formatMs(l.p50), formatMs(l.p90), formatMs(l.p99), formatMs(l.max),
      ...(withCo ? [c && c.count > 0 ? formatMs(c.p99) : '-'] : [])];
    const mark = action === selected ? '› ' : '  ';
    const row = fit(mark + fit(action, actionWidth - 1) + ' ' + cells.map((v) => v.padStart(CELL)).join(''), width);
    lines.push(action === selected ? paint.accent(row) : row);
  }
  if (ladderRows > 0) {
    lines.push(fit(`< ${selected} > ${index + 1}/${actions.length}  percentile ladder, linear ms (←/→, tab)`, width));
    const rungs = ladderRungs(latency[selected] as Percentiles, corrected[selected], ladderRows - 1);
    const top = Math.max(...rungs.map((r) => r.ms));
    const barWidth = Math.max(0, width - MARK - LABEL - CELL - 2);
    for (const rung of rungs) {
      const text = ' '.repeat(MARK) + rung.label.padEnd(LABEL) + formatMs(rung.ms).padStart(CELL) + '  ';
      const painted = rung.label === 'CO p99' ? paint.warn(bar(top > 0 ? rung.ms / top : 0, barWidth)) : paint.accent(bar(top > 0 ? rung.ms / top : 0, barWidth));
      lines.push(fit(text, width - barWidth) + painted);
    }
  }
  return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
}
