import { EXIT, type ExitCode } from './exit-codes.js';

/** A failure the CLI reports as one line, with the exit code it ends in and an optional hint. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode = EXIT.INVALID_CONFIG, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}
