import type { FleetSnapshot } from '../../runner/fleet.js';
import { App, type HeaderInfo } from './app.js';
import { latencyActions } from './selection.js';
import type { ToolStats } from '../../metrics/tool-probe.js';
import type { Stage } from '../../runner/stages.js';
import { useDashboardKeys } from './use-dashboard-keys.js';
import { useSnapshot } from './use-snapshot.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface DashboardProps {
  snapshot: () => FleetSnapshot;
  header: HeaderInfo;
  onQuit(): void;
  onTogglePause(): void;
  /** How often the snapshot is polled, ms. */
  refreshMs: number;
  /** This process's load, sampled on the same tick as the snapshot. */
  tool?: () => ToolStats | undefined;
  now?: () => number;
  /** The run's `--stages` plan, drawn against what happens. */
  stages?: readonly Stage[];
}

/** The live dashboard: polls the snapshot on a timer, follows the terminal size and the keys, draws App. */
export function Dashboard(props: DashboardProps) {
  const frame = useSnapshot(props.snapshot, { refreshMs: props.refreshMs, tool: props.tool, now: props.now, stages: props.stages });
  const { columns, rows } = useTerminalSize();
  const keys = useDashboardKeys(latencyActions(frame.snapshot.metrics.latency), { onQuit: props.onQuit, onTogglePause: props.onTogglePause });
  return <App frame={frame} header={props.header} columns={columns} rows={rows} selectedAction={keys.selectedAction} helpVisible={keys.helpVisible} />;
}
