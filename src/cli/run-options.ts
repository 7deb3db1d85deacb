import { seededRandom } from '../chargepoint/scenario/prng.js';
import { parseDuration } from '../clock/duration.js';
import type { RunOptions } from '../runner/run.js';
import { RUN_DEFAULTS } from './defaults.js';

const ms = (text: string): number => parseDuration(text) as number;

/** What every run needs besides its target and scenario: RunOptions without `url` and `scenario`. */
export type RunSettings = Omit<RunOptions, 'url' | 'scenario'>;

/**
 * The one place run options are built from RUN_DEFAULTS: the CLI (`run`), the library
 * (`runFleet`), `selftest` and the benchmarks call it and override what they set. The seed,
 * when given, seeds both the scenarios' random values and the reconnect jitter (`random`), so
 * the same seed makes the same run.
 */
export function runSettings(overrides: Partial<RunSettings> = {}): RunSettings {
  const seed = overrides.seed;
  return {
    count: RUN_DEFAULTS.count,
    ratePerSec: RUN_DEFAULTS.rate,
    concurrency: RUN_DEFAULTS.concurrency,
    durationMs: ms(RUN_DEFAULTS.duration),
    idPrefix: RUN_DEFAULTS.idPrefix,
    callTimeoutMs: ms(RUN_DEFAULTS.callTimeout),
    gracefulStopMs: ms(RUN_DEFAULTS.gracefulStop),
    handshakeTimeoutMs: ms(RUN_DEFAULTS.handshakeTimeout),
    pingIntervalMs: ms(RUN_DEFAULTS.pingInterval),
    maxPayload: RUN_DEFAULTS.maxPayload,
    validate: RUN_DEFAULTS.validate as RunSettings['validate'],
    backoff: { initialMs: ms(RUN_DEFAULTS.backoffInitial), maxMs: ms(RUN_DEFAULTS.backoffMax), factor: 2 },
    bootRetrySec: ms(RUN_DEFAULTS.bootRetry) / 1000,
    defaultHeartbeatSec: 60,
    random: seed === undefined ? Math.random : seededRandom(seed),
    ...overrides,
  };
}
