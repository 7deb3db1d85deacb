import { fit, formatBytes, formatMs } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';
import { CPU_LIMIT_PERCENT, LOOP_DELAY_LIMIT_MS, toolWarning, type ToolStats } from '../../metrics/tool-probe.js';

export interface ToolPanelProps {
  width: number;
  rows: number;
  /** Undefined until the first measurement window has passed. */
  tool: ToolStats | undefined;
}

/** This process's CPU %, RSS and event-loop delay p99 in one row, and a warning row when it is the bottleneck. */
export function ToolPanel({ width, rows, tool }: ToolPanelProps) {
  if (!tool) return <Lines width={width} lines={[fit('tool  measuring…', width)].slice(0, Math.max(0, rows))} />;
  const cpu = `${Math.round(tool.cpuPercent)}%`;
  const delay = formatMs(tool.loopDelayP99Ms);
  const plain = fit(`tool  cpu ${cpu}  rss ${formatBytes(tool.rssBytes)}  event-loop delay p99 ${delay}`, width);
  // Colour only the figures over their limit; the text is the same either way.
  let line = plain;
  if (tool.cpuPercent > CPU_LIMIT_PERCENT) line = line.replace(`cpu ${cpu}`, `cpu ${paint.bad(cpu)}`);
  if (tool.loopDelayP99Ms > LOOP_DELAY_LIMIT_MS) line = line.replace(`p99 ${delay}`, `p99 ${paint.bad(delay)}`);
  const warning = toolWarning(tool);
  const lines = warning ? [line, paint.bad(fit(warning, width))] : [line];
  return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
}
