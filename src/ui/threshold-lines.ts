import type { ChalkInstance } from 'chalk';
import type { ThresholdResult } from '../metrics/threshold-types.js';
import { PLAIN_COLOR } from './plain-color.js';

/**
 * The thresholds block of the summary: one line per threshold, ✓ or ✗, its expression (default
 * checks marked) and what was measured; the measure goes on its own line when the line would
 * pass 80 columns. Pure.
 */
export function formatThresholdResults(results: readonly ThresholdResult[], c: ChalkInstance = PLAIN_COLOR): string {
  if (results.length === 0) return '';
  const failed = results.filter((r) => !r.passed).length;
  const lines = ['', `${c.bold('thresholds')}: ${failed === 0 ? c.green('all passed') : c.red(`${failed} of ${results.length} FAILED`)}`];
  for (const r of results) {
    const mark = r.passed ? c.green('✓') : c.red('✗');
    const head = `${r.expression}${r.isDefault ? ' (default check)' : ''}`;
    if (4 + head.length + 2 + r.message.length <= 80) lines.push(`  ${mark} ${head}  ${r.message}`);
    else lines.push(`  ${mark} ${head}`, `      ${r.message}`);
  }
  return lines.join('\n') + '\n';
}
