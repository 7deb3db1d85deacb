import WebSocket from 'ws';
import type { ChargePointConnection } from './charge-point-connection.js';
import type { GatewayServices } from './services.js';

/** The liveness limits, in milliseconds; 0 turns one off. */
export interface LivenessSettings {
  readonly pingIntervalMs: number;
  readonly idleTimeoutMs: number;
  readonly writeTimeoutMs: number;
}

/** How often the one shared sweep runs: often enough for the tightest enabled limit; 0 when none is. */
export function sweepPeriodMs({ pingIntervalMs, idleTimeoutMs, writeTimeoutMs }: LivenessSettings): number {
  const wanted = [pingIntervalMs, idleTimeoutMs / 2, writeTimeoutMs / 2].filter((ms) => ms > 0);
  return wanted.length === 0 ? 0 : Math.max(10, Math.min(...wanted));
}

/**
 * Starts ONE interval for all connections (not a timer per socket) that, on each tick:
 * terminates a connection silent (no message, no pong) for longer than `idleTimeoutMs` — a
 * half-open TCP connection never answers pings (brief §1.4); terminates one whose writes have not
 * drained for `writeTimeoutMs` (a peer that stopped reading); otherwise pings it when
 * `pingIntervalMs` has passed since its last ping. Returns a function that stops the interval.
 */
export function startLiveness(connections: () => Iterable<ChargePointConnection>, settings: LivenessSettings, services: GatewayServices): () => void {
  const period = sweepPeriodMs(settings);
  if (period === 0) return () => {};
  const { pingIntervalMs, idleTimeoutMs, writeTimeoutMs } = settings;
  const timer = setInterval(() => {
    const now = services.scheduler.now();
    for (const connection of connections()) {
      if (connection.ws.readyState !== WebSocket.OPEN) continue;
      if (idleTimeoutMs > 0 && now - connection.lastSeen > idleTimeoutMs) {
        connection.cut(`idle for more than ${idleTimeoutMs} ms (no message, no pong)`);
      } else if (writeTimeoutMs > 0 && connection.unflushedSince > 0 && now - connection.unflushedSince > writeTimeoutMs) {
        connection.cut(`writes not drained within ${writeTimeoutMs} ms`);
      } else if (pingIntervalMs > 0 && now - connection.lastPingAt >= pingIntervalMs - period / 2) {
        connection.lastPingAt = now;
        connection.ws.ping();
      }
    }
  }, period);
  timer.unref();
  return () => clearInterval(timer);
}
