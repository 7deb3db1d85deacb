import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';
import { DEFAULT_SUMMARY_STATS } from '../ui/summary-table.js';

/** The scenario run when `--scenario` is not given, shipped in the package. */
export const DEFAULT_SCENARIO = join(PACKAGE_ROOT, 'scenarios', 'boot-heartbeat-status.yaml');

/** Every default of the `run` command, in one place (README.md lists them). */
export const RUN_DEFAULTS = Object.freeze({
  count: 10,
  rate: 1000,
  concurrency: 200,
  duration: '30s',
  idPrefix: 'CP-',
  callTimeout: '30s',
  gracefulStop: '5s',
  handshakeTimeout: '10s',
  bootRetry: '10s',
  heartbeatInterval: '10s',
  backoffInitial: '1s',
  backoffMax: '30s',
  reconnect: 'auto',
  retryBackoffWaitMinimum: '1s',
  retryBackoffRandomRange: '5s',
  retryBackoffRepeatTimes: 3,
  maxPayload: 1_048_576,
  progressInterval: '10s',
  summaryStats: DEFAULT_SUMMARY_STATS,
  pingInterval: '30s',
  gatewayResponseDelay: '0ms',
  gatewayBootStatus: 'Accepted',
  validate: 'all',
  metricsHost: '127.0.0.1',
  interval: '10s',
});

/** Every default of the `gateway` command. */
export const GATEWAY_COMMAND_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  path: '/ocpp',
  workers: '1',
  heartbeatInterval: '60s',
  bootStatus: 'Accepted',
  responseDelay: '0ms',
});
