import type { StateCounts } from '../../chargepoint/states.js';
import { bar } from './bars.js';
import { fit, formatCount, formatRate, titleLine } from './format.js';
import { Lines } from './lines.js';
import { paint, paintState } from './palette.js';
import { visibleStates } from './panel-data.js';

export interface FleetPanelProps {
  width: number;
  rows: number;
  count: number;
  open: number;
  everBooted: number;
  states: StateCounts;
  connectsPerSec: number;
  reconnects: number;
  disconnects: number;
}

const NAME = 10;
const COUNT = 7;
const PCT = 4;

/** Charge points per state with counts, shares and proportional bars, then connection figures; at most `rows` rows. */
export function FleetPanel(props: FleetPanelProps) {
  const { width, rows, count } = props;
  const title = titleLine(`Charge points ${formatCount(count)} · open ${formatCount(props.open)} · booted ${formatCount(props.everBooted)}`, width);
  const barWidth = Math.max(0, width - NAME - COUNT - PCT - 3);
  const stateLines = visibleStates(props.states, rows - 2).map((state) => {
    const n = props.states[state];
    const share = count > 0 ? n / count : 0;
    const text = `${state.padEnd(NAME)}${formatCount(n).padStart(COUNT)} ${`${Math.round(share * 100)}%`.padStart(PCT)} `;
    return fit(text, width - barWidth) + paintState(state, bar(share, barWidth));
  });
  const totals = fit(`connects ${formatRate(props.connectsPerSec)}/s  reconnects ${formatCount(props.reconnects)}  disconnects ${formatCount(props.disconnects)}`, width);
  return <Lines width={width} lines={[paint.title(title), ...stateLines, totals].slice(0, Math.max(0, rows))} />;
}
