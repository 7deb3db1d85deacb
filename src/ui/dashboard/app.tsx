import { Box } from 'ink';
import type { ReactElement } from 'react';
import { ErrorsPanel } from './errors-panel.js';
import { FleetPanel } from './fleet-panel.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { LatencyPanel } from './latency-panel.js';
import { COLUMN_GAP, HEADER_ROWS, planLayout, type PlacedPanel } from './layout.js';
import { panelNeed } from './panel-needs.js';
import { StagePanel } from './stage-panel.js';
import type { DashboardFrame } from './sampler.js';
import { ThroughputPanel } from './throughput-panel.js';
import { ToolPanel } from './tool-panel.js';

/** What the run is: shown in the header. */
export interface HeaderInfo {
  url: string;
  scenario: string;
  protocol: string;
  /** The run's planned duration, ms. */
  durationMs: number;
}

export interface AppProps {
  frame: DashboardFrame;
  header: HeaderInfo;
  /** Terminal size in characters. */
  columns: number;
  rows: number;
  selectedAction: string | undefined;
  helpVisible: boolean;
}

/**
 * The whole dashboard for one frame at one terminal size: header, then the panels stacked
 * (below 120 columns) or in two columns, the less important ones left out when rows are short;
 * never wider than `columns` nor taller than `rows - 1`. No state: a pure function of its props.
 */
export function App(props: AppProps) {
  const { frame, columns, rows, selectedAction } = props;
  const snap = frame.snapshot;
  const m = snap.metrics;
  const width = Math.max(1, columns);
  const header = (
    <Header width={width} {...props.header} elapsedMs={frame.elapsedMs} started={snap.started} count={snap.count} paused={snap.paused} />
  );
  if (props.helpVisible) {
    return (
      <Box flexDirection="column" width={width}>
        {header}
        <HelpOverlay width={width} rows={rows - 1 - HEADER_ROWS} />
      </Box>
    );
  }
  const plan = planLayout(width, rows, (id, w) => panelNeed(id, frame, w, selectedAction));
  const panel = ({ id, rows: r }: PlacedPanel, w: number): ReactElement | null => {
    switch (id) {
      case 'fleet':
        return <FleetPanel key={id} width={w} rows={r} count={snap.count} open={snap.open} everBooted={snap.everBooted} states={snap.states}
          connectsPerSec={frame.connectsPerSec} reconnects={m.reconnects} disconnects={Object.values(m.disconnects).reduce((a, b) => a + b, 0)} />;
      case 'stages':
        return frame.stages ? <StagePanel key={id} width={w} rows={r} view={frame.stages} /> : null;
      case 'throughput':
        return <ThroughputPanel key={id} width={w} rows={r} sentPerSec={frame.sentPerSec} receivedPerSec={frame.receivedPerSec} samples={frame.samples} />;
      case 'latency':
        return <LatencyPanel key={id} width={w} rows={r} latency={m.latency} corrected={m.latencyCorrected} selected={selectedAction} />;
      case 'errors':
        return <ErrorsPanel key={id} width={w} rows={r} errors={m.errors} disconnects={m.disconnects} recent={m.recentErrors} />;
      case 'tool':
        return <ToolPanel key={id} width={w} rows={r} tool={frame.tool} />;
    }
  };
  return (
    <Box flexDirection="column" width={width}>
      {header}
      <Box flexDirection="row" columnGap={COLUMN_GAP}>
        {plan.columns.map((column, i) => (
          <Box key={i} flexDirection="column" width={column.width} flexShrink={0}>
            {column.panels.map((p) => panel(p, column.width))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
