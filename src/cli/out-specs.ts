import { resolve } from 'node:path';

/** The outputs `--out` can name, and what each writes. */
export const OUTPUT_KINDS = Object.freeze({
  json: 'the summary document (schema ocpp-sim/summary@2)',
  html: 'a self-contained HTML report with charts',
  ndjson: 'the run as it happens: a line at the start, one per reporting interval, one at the end',
});

export type OutputKind = keyof typeof OUTPUT_KINDS;

/**
 * Reads `--out` values: `KIND=FILE` (`json=summary.json`, `html=report.html`) or a bare `FILE`,
 * which is `json=FILE` as before outputs had kinds. Paths are resolved against `cwd`. Each
 * problem (unknown kind, empty path, one kind twice) goes to `problem` as one line.
 */
export function parseOutSpecs(values: readonly string[], cwd: string, label: string, problem: (line: string) => void): Partial<Record<OutputKind, string>> {
  const outputs: Partial<Record<OutputKind, string>> = {};
  for (const value of values) {
    const match = /^([a-z]+)=(.*)$/s.exec(value);
    const kind = match ? match[1] as string : 'json';
    const path = match ? match[2] as string : value;
    if (!Object.hasOwn(OUTPUT_KINDS, kind)) {
      problem(`${label}: unknown output '${kind}' in '${value}' (outputs: ${Object.keys(OUTPUT_KINDS).join(', ')}; a bare FILE is json=FILE)`);
      continue;
    }
    if (path.trim() === '') {
      problem(`${label}: '${value}' names no file`);
      continue;
    }
    if (outputs[kind as OutputKind] !== undefined) {
      problem(`${label}: ${kind} is given twice`);
      continue;
    }
    outputs[kind as OutputKind] = resolve(cwd, path);
  }
  return outputs;
}
