import { startGatewayCluster } from '../gateway/cluster/primary.js';
import type { LogEntry } from '../gateway/logger.js';
import { startGateway } from '../gateway/server.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { resolveGatewayConfig, tlsStartError, type GatewayCommandConfig } from './gateway-config.js';
import type { Io } from './io.js';

/** One log record as a stderr line: `time LEVEL message`, or the record as JSON with --log-format json. */
export function formatLogLine(line: string, entry: LogEntry | undefined, format: 'text' | 'json'): string {
  if (!entry) return `${line}\n`;
  if (format === 'json') return `${JSON.stringify(entry)}\n`;
  return `${entry.time} ${entry.level.toUpperCase().padEnd(5)} ${line}\n`;
}

/** A start failure as the one-line CLI error that names the fix. */
function startError(error: NodeJS.ErrnoException, config: GatewayCommandConfig): Error {
  const { host, port } = config.options;
  if (error.code === 'EADDRINUSE') return new CliError(`port ${port}: ${host}:${port} is already in use`, EXIT.RUN_FAILED, 'pick another port with --port, or --port 0 for a free one');
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new CliError(`host ${host}: cannot listen there (${error.code})`, EXIT.RUN_FAILED);
  if (config.options.tls && /PEM|key|certificate|asn1|bad decrypt/i.test(error.message)) return tlsStartError(error);
  return error;
}

/**
 * `ocpp-sim gateway`: resolves the settings (defaults < --config file < environment < flags),
 * runs the embedded central system in the foreground with levelled logs on stderr until
 * SIGINT/SIGTERM, then shuts down gracefully (stop accepting, answer calls in flight, close
 * 1001, bounded by the shutdown timeout) and returns 0. With `--workers N` (N > 1) the gateway
 * runs as N node:cluster workers behind one port, their logs forwarded here; when every worker
 * has died it returns 1 with one error line.
 */
export async function gatewayCommand(flags: Record<string, unknown>, given: ReadonlySet<string>, io: Io): Promise<number> {
  const config = await resolveGatewayConfig(flags, given, io);
  const log = (line: string, entry?: LogEntry): unknown => io.stderr.write(formatLogLine(line, entry, config.logFormat));
  // Skipped environment values are logged like the gateway's own warnings (a JSON record with --log-format json).
  for (const msg of config.warnings) log(msg, { time: new Date().toISOString(), level: 'warn', msg });
  let allDied: (() => void) | undefined;
  const gateway = await (config.workers > 1
    ? startGatewayCluster({ ...config.options, workers: config.workers, log, onWorkerExit: ({ running }) => running === 0 && allDied?.() })
    : startGateway({ ...config.options, log })
  ).catch((error: NodeJS.ErrnoException) => {
    throw startError(error, config);
  });
  io.stdout.write(`ocpp-sim gateway listening on ${gateway.url}/{chargePointId}  (health: ${gateway.httpUrl}/health)\n`);
  const ending = await new Promise<'interrupted' | 'died'>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve('interrupted');
    });
    allDied = () => {
      unsubscribe();
      resolve('died');
    };
  });
  if (ending === 'died') {
    await gateway.close();
    throw new CliError(`every one of the ${config.workers} gateway workers exited (see the log above)`, EXIT.RUN_FAILED);
  }
  io.stderr.write('stopping gateway…\n');
  await gateway.close();
  return EXIT.OK;
}
