import { checkReplaceable, writeReportFile } from '../write-outputs.js';
import type { Output } from './output.js';

/** A document rendered to one file at the end. */
export interface FileOutputOptions<D> {
  /** How the user selected it (`--out`, `--junit`). */
  label: string;
  /** The file, absolute. */
  path: string;
  /** What the file holds, for the line `<what> written to <path>`. */
  what: string;
  render(doc: D): string;
}

/**
 * The shape every file output shares: `check()` refuses a path that could not be written
 * (checkReplaceable, which also creates and removes the write's temporary file), `finish(doc)`
 * writes `render(doc)` atomically (writeReportFile) and resolves
 * with `<what> written to <path>`, or rejects with the ReportError naming the path.
 */
export function fileOutput<D>(options: FileOutputOptions<D>): Output<D> {
  const { label, path, what, render } = options;
  return {
    label,
    check: () => checkReplaceable(path),
    async finish(doc) {
      await writeReportFile(path, render(doc));
      return `${what} written to ${path}`;
    },
  };
}
