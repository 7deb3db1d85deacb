import type { ThresholdResult } from '../metrics/threshold-types.js';

/** The thresholds block of the summary: one line per threshold, ✓ or ✗, and the verdict. Pure. */
export function formatThresholdResults(results: readonly ThresholdResult[]): string {
  if (results.length === 0) return '';
  const failed = results.filter((r) => !r.passed).length;
  const lines = ['', `thresholds: ${failed === 0 ? 'all passed' : `${failed} of ${results.length} FAILED`}`];
  for (const r of results) lines.push(`  ${r.passed ? '✓' : '✗'} ${r.expression}  ${r.message}`);
  return lines.join('\n') + '\n';
}
