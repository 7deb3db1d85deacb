/** The panels below the header, in the order they are drawn in a single column. */
export const PANELS = ['fleet', 'stages', 'throughput', 'latency', 'errors', 'tool'] as const;

export type PanelId = (typeof PANELS)[number];

/** Rows a panel needs to be worth showing (`min`) and to show everything it has (`ideal`). */
export interface PanelNeed {
  min: number;
  ideal: number;
}

export interface PlacedPanel {
  id: PanelId;
  rows: number;
}

export interface LayoutColumn {
  width: number;
  panels: PlacedPanel[];
}

export interface LayoutPlan {
  width: number;
  /** One column (stacked) or two side by side. */
  columns: LayoutColumn[];
  /** Panels left out for lack of rows. */
  dropped: PanelId[];
}

/** The header's height, in rows. */
export const HEADER_ROWS = 2;
/** From this terminal width on, panels go in two columns. */
export const TWO_COLUMNS_FROM = 120;
/** Spaces between the two columns. */
export const COLUMN_GAP = 2;

/** Which panels survive first when rows are short, and which grow first when rows are spare. */
const KEEP_ORDER: readonly PanelId[] = ['fleet', 'stages', 'throughput', 'tool', 'errors', 'latency'];
const GROW_ORDER: readonly PanelId[] = ['fleet', 'stages', 'throughput', 'latency', 'errors', 'tool'];

/** Two columns: the fleet side (narrower) and the latency side, which needs room for its table. */
const TWO_COLUMN_GROUPS: ReadonlyArray<readonly PanelId[]> = [['fleet', 'throughput', 'tool'], ['stages', 'latency', 'errors']];

/** The column widths for a terminal `columns` wide: one column below TWO_COLUMNS_FROM, else about 42/58. Pure. */
export function columnWidths(columns: number): number[] {
  if (columns < TWO_COLUMNS_FROM) return [Math.max(1, columns)];
  const left = Math.floor((columns - COLUMN_GAP) * 0.42);
  return [left, columns - COLUMN_GAP - left];
}

/**
 * Shares `budget` rows among `ids` (drawn in that order): each panel gets its minimum in
 * KEEP_ORDER while rows last (the rest are dropped), then spare rows go up to each ideal in
 * GROW_ORDER. A panel that needs no rows at all (ideal 0: the stages panel of a run without
 * stages) is neither placed nor dropped. Pure.
 */
export function allocateRows(budget: number, ids: readonly PanelId[], needs: (id: PanelId) => PanelNeed): { panels: PlacedPanel[]; dropped: PanelId[] } {
  const rows = new Map<PanelId, number>();
  const absent = new Set(ids.filter((id) => needs(id).ideal <= 0));
  let left = Math.max(0, budget);
  for (const id of KEEP_ORDER) {
    if (!ids.includes(id) || absent.has(id)) continue;
    const need = needs(id);
    if (need.min <= left) {
      rows.set(id, need.min);
      left -= need.min;
    }
  }
  for (const id of GROW_ORDER) {
    const given = rows.get(id);
    if (given === undefined) continue;
    const extra = Math.min(left, Math.max(0, needs(id).ideal - given));
    rows.set(id, given + extra);
    left -= extra;
  }
  return {
    panels: ids.filter((id) => rows.has(id)).map((id) => ({ id, rows: rows.get(id) as number })),
    dropped: ids.filter((id) => !rows.has(id) && !absent.has(id)),
  };
}

/**
 * Where every panel goes on a terminal `columns`×`rows`: the header on top, then one column
 * (narrow) or two. One row is left free, since Ink redraws the whole screen once its output
 * reaches the terminal's height. `needs` says what a panel needs at a given width. Pure.
 */
export function planLayout(columns: number, rows: number, needs: (id: PanelId, width: number) => PanelNeed): LayoutPlan {
  const budget = rows - 1 - HEADER_ROWS;
  const widths = columnWidths(columns);
  const groups = widths.length === 1 ? [PANELS] : TWO_COLUMN_GROUPS;
  const plan: LayoutPlan = { width: Math.max(1, columns), columns: [], dropped: [] };
  groups.forEach((ids, i) => {
    const width = widths[i] as number;
    const { panels, dropped } = allocateRows(budget, ids, (id) => needs(id, width));
    plan.columns.push({ width, panels });
    plan.dropped.push(...dropped);
  });
  return plan;
}
