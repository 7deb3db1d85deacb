/** What went wrong with a report file, so the CLI can pick an exit code and a message. */
export type ReportErrorCode =
  /** An output path that cannot be written: missing directory, a directory, no permission. */
  | 'E_REPORT_PATH'
  /** Writing (or renaming into place) an output file failed. */
  | 'E_REPORT_WRITE'
  /** An input file is not a summary document: unparseable JSON, wrong `schema`, bad fields. */
  | 'E_SUMMARY_INVALID'
  /** Summaries that cannot be merged exactly, e.g. one without encoded histograms. */
  | 'E_SUMMARY_MERGE';

/**
 * A failure of the report layer. The message is one line and names the file concerned;
 * `path` holds that file when there is one. The report layer never chooses exit codes: the
 * CLI maps `code` to one.
 */
export class ReportError extends Error {
  readonly code: ReportErrorCode;
  readonly path: string | undefined;
  constructor(code: ReportErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
    this.path = path;
  }
}
