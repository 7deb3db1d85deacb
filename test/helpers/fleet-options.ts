import { readFileSync } from 'node:fs';
import { parseScenario } from '../../src/chargepoint/scenario/loader.js';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { Fleet, type FleetSnapshot } from '../../src/runner/fleet.js';
import type { RunOptions } from '../../src/runner/run.js';
import { waitUntil } from './poll.js';
import { shippedScenario } from './repo-root.js';

/** The shipped default scenario: boot, StatusNotification for connector 0, 1 and 2, heartbeat. */
export function defaultScenario(): Scenario {
  const file = shippedScenario();
  return parseScenario(readFileSync(file, 'utf8'), file);
}

/** A small back-off so real reconnects take tens of milliseconds. */
export const FAST_BACKOFF = Object.freeze({ initialMs: 50, maxMs: 200, factor: 2 });

/**
 * Run options for a small, fast fleet against `url`: all charge points at once, short
 * timeouts, small back-off, schema validation on, a 60 s default heartbeat (so any faster
 * heartbeat must come from the central system), jitter fixed at 0.5.
 */
export function fleetOptions(url: string, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    url, count: 1, ratePerSec: 0, concurrency: 10, idPrefix: 'CP-', scenario: defaultScenario(),
    callTimeoutMs: 2000, handshakeTimeoutMs: 2000, maxPayload: 65_536, validate: 'all',
    backoff: FAST_BACKOFF, bootRetrySec: 1, defaultHeartbeatSec: 60, random: () => 0.5,
    durationMs: 10_000,
    ...overrides,
  };
}

/** StatusNotifications one charge point of `scenario` sends after its boot (connector 0 and each connector). */
export function statusCount(scenario: Scenario): number {
  return scenario.chargePoint.connectors + 1;
}

/**
 * Starts a Fleet against `url` and waits (at most `ms`) until every charge point booted and had
 * every StatusNotification answered, so the scenario is idle apart from heartbeats.
 */
export async function startSettledFleet(url: string, overrides: Partial<RunOptions> = {}, ms = 3000): Promise<Fleet> {
  const options = fleetOptions(url, overrides);
  const fleet = new Fleet(options);
  fleet.start();
  const statuses = options.count * statusCount(options.scenario);
  try {
    await waitUntil(() => {
      const snap = fleet.snapshot();
      return snap.everBooted === options.count && (snap.metrics.received.StatusNotification ?? 0) >= statuses;
    }, ms, `${options.count} charge point(s) to boot and report their connectors`);
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

/** How many CALLs of `action` the fleet sent (its own and its answers to the central system). */
export function sent(snap: FleetSnapshot, action: string): number {
  return snap.metrics.sent[action] ?? 0;
}
