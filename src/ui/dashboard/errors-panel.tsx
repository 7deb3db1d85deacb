import type { Counts, RecentError } from '../../metrics/recorder.js';
import { clip, fit, formatClock, formatCount, packItems, titleLine } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';
import { errorItems, errorItemText } from './panel-data.js';
import { ERROR_KIND_LINES, RECENT_ERROR_LINES } from './panel-needs.js';

export interface ErrorsPanelProps {
  width: number;
  rows: number;
  /** Errors by kind, as the recorder counts them (`callerror:<code>`, `timeout:<action>`, …). */
  errors: Counts;
  /** Disconnects by WebSocket close code. */
  disconnects: Counts;
  /** The last errors, newest last. */
  recent: readonly RecentError[];
}

/** Error counts by kind (CallError codes, timeouts, close codes), then the last errors with their charge point; at most `rows` rows. */
export function ErrorsPanel(props: ErrorsPanelProps) {
  const { width, rows } = props;
  const items = errorItems(props.errors, props.disconnects);
  const total = Object.values(props.errors).reduce((a, b) => a + b, 0);
  const dropped = Object.values(props.disconnects).reduce((a, b) => a + b, 0);
  if (items.length === 0 && props.recent.length === 0) {
    return <Lines width={width} lines={[paint.title(titleLine('Errors: none', width))].slice(0, Math.max(0, rows))} />;
  }
  const title = titleLine(`Errors ${formatCount(total)} · disconnects ${formatCount(dropped)}`, width);
  const kindLines = packItems(items.map(errorItemText), width, Math.min(ERROR_KIND_LINES, Math.max(0, rows - 1)));
  const recentRows = Math.min(RECENT_ERROR_LINES, props.recent.length, Math.max(0, rows - 1 - kindLines.length));
  const recent = props.recent.slice(props.recent.length - recentRows).map((e) =>
    paint.dim(formatClock(e.atMs).padStart(5)) + ' ' + clip(`${e.chargePoint}  ${e.detail}`, width - 6));
  const lines = [paint.title(total > 0 ? paint.bad(title) : title), ...kindLines.map((l) => fit(l, width)), ...recent];
  return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
}
