import { fit, formatClock, formatCount } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';

export interface HeaderProps {
  width: number;
  url: string;
  scenario: string;
  protocol: string;
  elapsedMs: number;
  durationMs: number;
  started: number;
  count: number;
  paused: boolean;
}

const KEYS = '? help  q quit';

/** Two rows: the target, scenario and protocol; elapsed / duration, ramp progress, PAUSED, key hints. */
export function Header(props: HeaderProps) {
  const { width, started, count } = props;
  const top = fit(`ocpp-sim  ${props.url}  ${props.protocol}  scenario ${props.scenario}`, width);
  const pct = count > 0 ? Math.floor((started / count) * 100) : 100;
  const left = `elapsed ${formatClock(props.elapsedMs)} / ${formatClock(props.durationMs)}  ramp ${formatCount(started)}/${formatCount(count)} (${pct}%)`;
  const flag = props.paused ? 'PAUSED' : '';
  const plain = [left, flag].filter(Boolean).join('  ');
  const room = width - plain.length - 2;
  const second = room >= KEYS.length ? `${plain}  ${KEYS.padStart(room)}` : fit(plain, width);
  const painted = props.paused ? second.replace(/PAUSED/, paint.selected(paint.warn('PAUSED'))) : second;
  return <Lines width={width} lines={[paint.title(top), painted]} />;
}
