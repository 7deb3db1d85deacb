import { startGateway } from '../gateway/server.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { Problems } from './options.js';

/** The `gateway` flags as commander hands them over. */
export interface GatewayFlags {
  host: string;
  port: string;
  path: string;
  heartbeatInterval: string;
  bootStatus: string;
  responseDelay: string;
  validate: boolean;
}

/**
 * `ocpp-sim gateway`: runs the embedded OCPP 1.6 central system in the foreground, logging
 * connections to stderr, until SIGINT/SIGTERM; then closes every connection and returns 0.
 */
export async function gatewayCommand(flags: GatewayFlags, io: Io): Promise<number> {
  const p = new Problems();
  const port = p.int('--port', flags.port, 0, 65_535);
  const heartbeatIntervalSec = p.durationMs('--heartbeat-interval', flags.heartbeatInterval, 1000) / 1000;
  const responseDelayMs = Math.round(p.durationMs('--response-delay', flags.responseDelay));
  const bootStatus = p.oneOf('--boot-status', flags.bootStatus, ['Accepted', 'Pending', 'Rejected'] as const);
  if (!flags.path.startsWith('/')) p.add(`--path must start with '/' (got '${flags.path}')`);
  p.throwIfAny();
  const gateway = await startGateway({
    host: flags.host, port, path: flags.path, heartbeatIntervalSec: Math.round(heartbeatIntervalSec), bootStatus, responseDelayMs,
    validate: flags.validate, log: (line) => io.stderr.write(`${line}\n`),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new CliError(`--port ${port}: ${flags.host}:${port} is already in use`, EXIT.RUN_FAILED, 'pick another port with --port, or --port 0 for a free one');
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new CliError(`--host ${flags.host}: cannot listen there (${error.code})`, EXIT.RUN_FAILED);
    throw error;
  });
  io.stdout.write(`ocpp-sim gateway listening on ${gateway.url}/{chargePointId}  (health: http://${flags.host}:${gateway.port}/health)\n`);
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

