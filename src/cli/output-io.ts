import type { ChalkInstance } from 'chalk';
import { PLAIN_COLOR } from '../ui/plain-color.js';
import { ReportError } from '../report/errors.js';
import { OutputStartError, type OutputLog } from '../report/outputs/output-set.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** Outputs speak on stderr: what was written in a line, a failure in one `ocpp-sim: error:` line. */
export function outputLog(io: Io): OutputLog {
  return {
    info: (line) => io.stderr.write(`${line}\n`),
    error: (line) => io.stderr.write(`ocpp-sim: error: ${line}\n`),
  };
}

/**
 * An output that refused to check or start becomes a one-line CliError naming its flag: exit 104
 * for a file problem (a ReportError: the path cannot be written), 1 otherwise (a port that
 * cannot be listened on). Anything else is rethrown.
 */
export function outputRefused(error: unknown): never {
  if (error instanceof OutputStartError) throw new CliError(error.message, error.cause instanceof ReportError ? EXIT.INVALID_CONFIG : EXIT.RUN_FAILED);
  throw error;
}

/**
 * Colour for the summary: on a terminal, unless NO_COLOR is set (https://no-color.org). Chalk is
 * loaded only then; plain text needs none of it.
 */
export async function summaryColor(io: Io): Promise<ChalkInstance> {
  if (io.stdout.isTTY !== true || io.env.NO_COLOR) return PLAIN_COLOR;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}
