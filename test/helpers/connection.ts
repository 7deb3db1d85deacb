import type { Scheduler } from '../../src/clock/scheduler.js';
import type { FullJitterPolicy } from '../../src/transport/backoff.js';
import { Connection, type ConnectionOptions } from '../../src/transport/connection.js';
import { RecordingListener } from './recording-listener.js';

/** A small back-off so real reconnects take a few tens of milliseconds. */
export const SMALL_BACKOFF: FullJitterPolicy = Object.freeze({ initialMs: 10, maxMs: 50, factor: 2 });

/** The largest value below 1: jitter then shows the back-off bound itself. */
export const ALMOST_ONE = 1 - Number.EPSILON;

/** A Connection to `url` offering ocpp1.6, with a recording listener and jitter fixed at 0.5. */
export function connectionTo(url: string, scheduler: Scheduler, overrides: Partial<ConnectionOptions> = {}) {
  const listener = new RecordingListener();
  const connection = new Connection(url, {
    protocols: ['ocpp1.6'], backoff: SMALL_BACKOFF, scheduler, handshakeTimeoutMs: 2000, maxPayload: 64 * 1024, random: () => 0.5,
    ...overrides,
  }, listener);
  return { connection, listener };
}

/** Lets socket events already on their way be delivered (20 ms); no clock is involved. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}
