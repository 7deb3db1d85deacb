import type { PanelId, PanelNeed } from './layout.js';
import type { DashboardFrame } from './sampler.js';
import { packItems } from './format.js';
import { correctedDiffers, errorItems, errorItemText } from './panel-data.js';
import { latencyActions } from './selection.js';
import { toolWarning } from '../../metrics/tool-probe.js';
import { CHARGE_POINT_STATES } from '../../chargepoint/states.js';
import { MAX_STAGE_ROWS, STAGE_CHART_ROWS } from './stage-panel.js';

/** The most lines of error kinds, and of recent errors, the errors panel shows. */
export const ERROR_KIND_LINES = 2;
export const RECENT_ERROR_LINES = 5;

/** Ladder rows for `action`: a heading and 6 rungs, 7 when the corrected p99 differs. */
export function ladderIdeal(frame: DashboardFrame, action: string | undefined): number {
  if (action === undefined) return 0;
  const m = frame.snapshot.metrics;
  return 1 + (correctedDiffers(m.latency[action], m.latencyCorrected[action]) ? 7 : 6);
}

/** The rows panel `id` needs at `width` to be useful (min) and complete (ideal). Pure. */
export function panelNeed(id: PanelId, frame: DashboardFrame, width: number, selected: string | undefined): PanelNeed {
  const snap = frame.snapshot;
  const m = snap.metrics;
  switch (id) {
    case 'fleet': {
      const present = CHARGE_POINT_STATES.filter((s) => snap.states[s] > 0).length;
      return { min: 3, ideal: 2 + Math.max(1, present) };
    }
    case 'stages':
      return frame.stages ? { min: 3, ideal: STAGE_CHART_ROWS + Math.min(MAX_STAGE_ROWS, frame.stages.stages.length) } : { min: 0, ideal: 0 };
    case 'throughput':
      return { min: 3, ideal: 3 };
    case 'latency': {
      const actions = latencyActions(m.latency).length;
      return actions === 0 ? { min: 2, ideal: 2 } : { min: 3, ideal: 2 + actions + ladderIdeal(frame, selected) };
    }
    case 'errors': {
      const items = errorItems(m.errors, m.disconnects);
      if (items.length === 0 && m.recentErrors.length === 0) return { min: 1, ideal: 1 };
      const kindLines = Math.min(ERROR_KIND_LINES, packItems(items.map(errorItemText), width, ERROR_KIND_LINES).length);
      return { min: 2, ideal: 1 + kindLines + Math.min(RECENT_ERROR_LINES, m.recentErrors.length) };
    }
    case 'tool': {
      const rows = toolWarning(frame.tool) ? 2 : 1;
      return { min: rows, ideal: rows };
    }
  }
}
