import { buildSummaryDocument } from '../../src/report/summary-document.js';
import type { RunResult } from '../../src/runner/run.js';
import { formatSummary } from '../../src/ui/summary.js';

/** The plain-text summary `run` prints for `result` (no thresholds). */
export function summaryText(result: RunResult): string {
  return formatSummary(buildSummaryDocument(result, { config: {}, thresholds: [], toolVersion: 'test' }));
}
