import { fileOutput } from './file-output.js';
import type { Output } from './output.js';

/**
 * `--out json=FILE` (or `--out FILE`): the document as indented JSON, written atomically at the
 * end: the summary of a run (schema `ocpp-sim/summary@2`), the verdicts of a check
 * (`ocpp-sim/check@1`). `what` names it in the line saying it was written.
 */
export function jsonOutput<D>(path: string, options: { label?: string; what?: string } = {}): Output<D> {
  return fileOutput<D>({
    label: options.label ?? '--out json', path, what: options.what ?? 'summary',
    render: (doc) => `${JSON.stringify(doc, null, 2)}\n`,
  });
}
