import { fit, formatRate, titleLine } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';
import { rateSeries, type RateSample } from './rate-history.js';
import { sparkline } from './sparkline.js';

export interface ThroughputPanelProps {
  width: number;
  rows: number;
  sentPerSec: number;
  receivedPerSec: number;
  /** Cumulative totals, oldest first. */
  samples: readonly RateSample[];
}

/** The sparkline shows this much history, in ms, at most one column per second. */
const SPAN_MS = 60_000;
const MAX_COLUMNS = 60;

/** Messages per second sent and received now, and a sparkline of both together over the last minute. */
export function ThroughputPanel(props: ThroughputPanelProps) {
  const { width, rows } = props;
  const prefix = 'last 60s ';
  const columns = Math.max(0, Math.min(MAX_COLUMNS, width - prefix.length - 4));
  const series = rateSeries(props.samples, ['sent', 'received'], SPAN_MS, columns);
  const peak = Math.max(0, ...series.filter((v): v is number => v !== undefined));
  const now = fit(`out ${formatRate(props.sentPerSec)}/s  in ${formatRate(props.receivedPerSec)}/s  ` +
    `total ${formatRate(props.sentPerSec + props.receivedPerSec)}/s  peak ${formatRate(peak)}/s`, width);
  const spark = prefix + paint.accent(sparkline(series)) + ' now';
  return <Lines width={width} lines={[paint.title(titleLine('Throughput (messages/s)', width)), now, spark].slice(0, Math.max(0, rows))} />;
}
