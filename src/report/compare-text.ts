import { formatLatency } from '../clock/duration.js';
import { formatChange, type RegressionResult } from '../metrics/regression.js';
import type { Comparison, FigureChange } from './compare.js';

const MARK: Record<FigureChange['verdict'], string> = { worse: '  ▲ worse', better: '  ▼ better', same: '' };

function value(row: FigureChange, v: number | null): string {
  if (v === null) return '–';
  if (row.unit === 'ms') return formatLatency(v);
  if (row.unit === 'rate') return `${Number((v * 100).toPrecision(3))}%`;
  return String(v);
}

function change(row: FigureChange): string {
  if (row.base === null || row.current === null) return '';
  if (row.unit === 'rate') {
    const points = (row.current - row.base) * 100;
    return `${points >= 0 ? '+' : ''}${Number(points.toPrecision(3))} pts`;
  }
  if (row.change !== null) return formatChange(row.change);
  return row.current === row.base ? '+0%' : 'new';
}

function line(label: string, row: FigureChange): string {
  return `  ${label.padEnd(22)} ${value(row, row.base).padStart(10)}  ${value(row, row.current).padStart(10)}  ${change(row).padStart(9)}${MARK[row.verdict]}`;
}

/**
 * The comparison as text, 80 columns: BASE, NEW and the change of every figure, `▲ worse` or
 * `▼ better` beside the changes beyond noise, a legend saying how that is decided, then the
 * verdict on each `--max-regression` bound. Pure.
 */
export function formatComparison(comparison: Comparison, names: { base: string; current: string }, bounds: readonly RegressionResult[]): string {
  const out = [`ocpp-sim compare: BASE ${names.base}  →  NEW ${names.current}`, `  ${''.padEnd(22)} ${'BASE'.padStart(10)}  ${'NEW'.padStart(10)}  ${'change'.padStart(9)}`];
  out.push('round trip per action (CALL sent → answer received)');
  for (const { action, rows } of comparison.actions) {
    out.push(`  ${action}`);
    for (const row of rows) out.push(line(`  ${row.label}`, row));
  }
  out.push('errors (share of CALLs sent, and connection attempts for errors)');
  for (const row of comparison.errors) out.push(line(row.label, row));
  out.push('boot (first connection attempt → Accepted)');
  for (const row of comparison.boot) out.push(line(row.label, row));
  out.push('▲/▼: beyond noise. A percentile is marked when the 95 % confidence intervals of both runs');
  out.push('(from each run\'s histogram) do not overlap and it moved by 1 % or more; a rate when a');
  out.push('two-proportion z-test says the rates differ (5 % level). Counts and max are not marked.');
  if (bounds.length > 0) {
    out.push('regression bounds');
    for (const bound of bounds) out.push(`  ${bound.passed ? '✓' : '✗'} ${bound.expression}  ${bound.message}`);
  }
  return `${out.join('\n')}\n`;
}
