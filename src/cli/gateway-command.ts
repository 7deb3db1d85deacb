import type { LogEntry } from '../gateway/logger.js';
import { startGateway } from '../gateway/server.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { resolveGatewayConfig, tlsStartError } from './gateway-config.js';
import type { Io } from './io.js';

/** One log record as a stderr line: `time LEVEL message`, or the record as JSON with --log-format json. */
export function formatLogLine(line: string, entry: LogEntry | undefined, format: 'text' | 'json'): string {
  if (!entry) return `${line}\n`;
  if (format === 'json') return `${JSON.stringify(entry)}\n`;
  return `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${line}\n`;
}

/**
 * `ocpp-sim gateway`: resolves the settings (defaults < --config file < environment < flags),
 * runs the embedded central system in the foreground with levelled logs on stderr until
 * SIGINT/SIGTERM, then shuts down gracefully (stop accepting, answer calls in flight, close
 * 1001, bounded by the shutdown timeout) and returns 0.
 */
export async function gatewayCommand(flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<number> {
  const config = await resolveGatewayConfig(flags, given, io);
  const { host, port } = config.options;
  const gateway = await startGateway({
    ...config.options, log: (line, entry) => io.stderr.write(formatLogLine(line, entry, config.logFormat)),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new CliError(`port ${port}: ${host}:${port} is already in use`, EXIT.RUN_FAILED, 'pick another port with --port, or --port 0 for a free one');
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new CliError(`host ${host}: cannot listen there (${error.code})`, EXIT.RUN_FAILED);
    if (config.options.tls && /PEM|key|certificate|asn1|bad decrypt/i.test(error.message)) throw tlsStartError(error);
    throw error;
  });
  io.stdout.write(`ocpp-sim gateway listening on ${gateway.url}/{chargePointId}  (health: ${gateway.httpUrl}/health)\n`);
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve();
    });
  });
  io.stderr.write('stopping gateway…\n');
  await gateway.close();
  return EXIT.OK;
}
