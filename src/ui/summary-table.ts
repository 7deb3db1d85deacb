import { formatLatency } from '../clock/duration.js';
import type { Percentiles } from '../metrics/histogram.js';

/** The summary's width: every line fits an 80-column terminal. */
export const SUMMARY_WIDTH = 80;

/** A latency column of the summary: `avg`, `min`, `max`, `med` or `p(N)`. */
export interface StatColumn {
  label: string;
  pick(p: Percentiles): number;
}

/** Columns shown when `--summary-stats` is not given. */
export const DEFAULT_SUMMARY_STATS = 'avg,p(50),p(95),p(99),max';

const PERCENTILE_FIELDS: Readonly<Record<string, keyof Percentiles>> = { 50: 'p50', 90: 'p90', 95: 'p95', 99: 'p99' };

/**
 * Parses `--summary-stats`, e.g. `p(50),p(95),p(99),max`: avg, min, max, med and p(50), p(90),
 * p(95), p(99) (the percentiles every summary keeps). Throws an Error naming the bad entry.
 */
export function parseSummaryStats(text: string): StatColumn[] {
  const columns = text.split(',').map((s) => s.trim()).filter(Boolean).map((entry): StatColumn => {
    if (entry === 'avg' || entry === 'mean') return { label: 'avg', pick: (p) => p.mean };
    if (entry === 'min' || entry === 'max') return { label: entry, pick: (p) => p[entry] };
    if (entry === 'med') return { label: 'med', pick: (p) => p.p50 };
    const field = PERCENTILE_FIELDS[/^p\((\d+)\)$/.exec(entry)?.[1] ?? ''];
    if (field) return { label: entry.replace(/[()]/g, ''), pick: (p) => p[field] as number };
    throw new Error(`unknown summary statistic '${entry}': use avg, min, med, max, p(50), p(90), p(95) or p(99)`);
  });
  if (columns.length === 0) throw new Error('no summary statistic given: use e.g. p(50),p(95),p(99),max');
  if (columns.length > 6) throw new Error(`at most 6 summary statistics fit 80 columns (got ${columns.length})`);
  return columns;
}

/** The cells of `p` for the columns, latencies with their unit (ms, or s from 1 s up); dashes without data. */
export function statCells(p: Percentiles | undefined, columns: readonly StatColumn[]): string[] {
  return columns.map((c) => (p && p.count > 0 ? formatLatency(c.pick(p)) : '-'));
}

/**
 * Lays out rows as columns two spaces apart, indented by two, the first column left-aligned and
 * the others right-aligned; when a row would pass `width`, the first column is shortened with `…`.
 */
export function table(rows: readonly string[][], width = SUMMARY_WIDTH): string[] {
  const cols = rows[0]?.length ?? 0;
  const widths = Array.from({ length: cols }, (_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const total = 2 + widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
  if (total > width && widths[0] !== undefined) widths[0] = Math.max(8, widths[0] - (total - width));
  const first = widths[0] ?? 0;
  return rows.map((row) => '  ' + row.map((cell, col) => {
    if (col > 0) return cell.padStart(widths[col] ?? 0);
    return (cell.length > first ? `${cell.slice(0, first - 1)}…` : cell).padEnd(first);
  }).join('  ').trimEnd());
}
