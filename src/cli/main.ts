import { CommanderError } from 'commander';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { VERSION } from './package-root.js';
import { buildProgram } from './program.js';
import { usageErrorLine } from './usage-errors.js';


/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. The one place
 * errors become exit codes: a CliError or a commander usage error is one line on stderr, an
 * unexpected error one line too (never a stack trace), all with a documented code.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const outcome = { code: EXIT.OK as number };
  const program = buildProgram(io, outcome, VERSION);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with code 0 through commander's exit path.
      if (error.exitCode === 0) return EXIT.OK;
      io.stderr.write(`ocpp-sim: error: ${usageErrorLine(error, program, argv)}\n`);
      return EXIT.INVALID_CONFIG;
    }
    if (error instanceof CliError) {
      io.stderr.write(`ocpp-sim: error: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
      return error.exitCode;
    }
    const code = (error as { code?: string }).code;
    io.stderr.write(`ocpp-sim: error: ${(error as Error).message ?? String(error)}${code ? ` (${code})` : ''}\n`);
    return EXIT.RUN_FAILED;
  }
}
