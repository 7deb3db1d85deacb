import { fileOutput } from './file-output.js';
import type { Output } from './output.js';

/**
 * `--out junit=FILE` (or `--junit FILE`): the document as JUnit XML for CI, written atomically at
 * the end. `toXml` renders it: report/junit.ts for a run (thresholds and scenario steps),
 * check/report.ts for a check (one testcase per check).
 */
export function junitOutput<D>(path: string, toXml: (doc: D) => string, label = '--out junit'): Output<D> {
  return fileOutput<D>({ label, path, what: 'JUnit report', render: toXml });
}
