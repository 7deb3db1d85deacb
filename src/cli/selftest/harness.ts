import { setMaxListeners } from 'node:events';
import type { Scenario } from '../../chargepoint/scenario/types.js';
import type { GatewayOptions } from '../../gateway/options.js';
import { startGateway, type Gateway } from '../../gateway/server.js';
import type { Fleet, FleetOptions } from '../../runner/fleet.js';
import { runLoadTest, type RunOptions, type RunResult } from '../../runner/run.js';
import { runSettings } from '../run-options.js';

/** Every self-test setting, in one place. */
export const SELFTEST_DEFAULTS = Object.freeze({
  /** Charge points per fleet. */
  count: 10,
  /** Fleets that may run at once (listeners on the interrupt signal). */
  maxFleets: 200,
  /** How long each scenario fleet runs at least; it goes on (see scenarioMaxRunMs) until its sessions have ended. */
  scenarioRunMs: 10_000,
  /**
   * How long a scenario fleet may go on past `scenarioRunMs` until what its scenario is about has
   * happened (a busy machine boots slowly; a scenario may go offline for a while), in ms.
   */
  scenarioMaxRunMs: 40_000,
  /** How long a fleet that should boot runs at least in the security checks. */
  securityRunMs: 3_000,
  /** How long it may go on past `securityRunMs` until every charge point has booted, in ms. */
  securityMaxRunMs: 30_000,
  /** Upper bound of a fleet that should be refused: it ends as soon as the target proves unreachable. */
  refusedRunMs: 8_000,
  /** `interval` of the gateways' BootNotification answers, in seconds, so heartbeats flow during a run. */
  heartbeatIntervalSec: 4,
  /** Timeout of CALLs either way, in milliseconds. */
  callTimeoutMs: 5_000,
  /** Seed of the fleets' payloads and jitter and of the gateways' random choices: runs repeat. */
  seed: 20_240_601,
  /** The whole self-test gives up after this long, in milliseconds. */
  deadlineMs: 55_000,
});

/** Shared by every check of one self-test: the interrupt signal, and what is still open. */
export class SelftestContext {
  readonly signal: AbortSignal;
  private readonly gateways = new Set<Gateway>();
  private readonly fleets = new Set<Fleet>();

  constructor(signal: AbortSignal) {
    this.signal = signal;
    // Every fleet of the self-test listens to it at once (a check per shipped scenario, and more):
    // past Node's default of 10 it would print a MaxListenersExceededWarning.
    setMaxListeners(SELFTEST_DEFAULTS.maxFleets, signal);
  }

  /** Starts a gateway on 127.0.0.1, a free port, with validation on and the self-test's seed and timings. */
  async gateway(options: GatewayOptions): Promise<Gateway> {
    const gateway = await startGateway({
      host: '127.0.0.1', port: 0, validate: true, seed: SELFTEST_DEFAULTS.seed, heartbeatIntervalSec: SELFTEST_DEFAULTS.heartbeatIntervalSec,
      callTimeoutMs: SELFTEST_DEFAULTS.callTimeoutMs, shutdownTimeoutMs: 1_000, ...options,
    });
    this.gateways.add(gateway);
    return gateway;
  }

  /** Closes `gateway` (idempotent). */
  async close(gateway: Gateway): Promise<void> {
    this.gateways.delete(gateway);
    await gateway.close();
  }

  /**
   * Runs `count` charge points against `url` for `durationMs`, validation on; with several
   * scenarios the fleet is mixed, charge point i running `scenarios[i % n]`.
   */
  async fleet(url: string, scenarios: readonly Scenario[], options: FleetRun): Promise<RunResult> {
    const count = options.count ?? SELFTEST_DEFAULTS.count;
    const opts: RunOptions = {
      ...runSettings({ count, idPrefix: options.idPrefix, seed: SELFTEST_DEFAULTS.seed, callTimeoutMs: SELFTEST_DEFAULTS.callTimeoutMs, validate: 'all', durationMs: options.durationMs }),
      url, scenario: scenarios[0] as Scenario,
      ...(scenarios.length > 1 ? { scenarios: Array.from({ length: count }, (_, i) => scenarios[i % scenarios.length] as Scenario) } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    };
    let started: Fleet | undefined;
    try {
      const t0 = performance.now();
      const until = options.until;
      return await runLoadTest(opts, {
        signal: this.signal,
        onStart: (fleet) => { this.fleets.add(started = fleet); },
        ...(until ? { done: (fleet: Fleet) => performance.now() - t0 >= until.afterMs && until.done(fleet) } : {}),
      });
    } finally {
      if (started) this.fleets.delete(started);
    }
  }

  /** Stops every fleet and closes every gateway still open: after the deadline or an interrupt. */
  async closeAll(): Promise<void> {
    const fleets = [...this.fleets];
    const gateways = [...this.gateways];
    this.fleets.clear();
    this.gateways.clear();
    await Promise.allSettled([...fleets.map((fleet) => fleet.stop(500)), ...gateways.map((gateway) => gateway.close())]);
  }
}

/** One fleet of a check. */
export interface FleetRun {
  /** Charge point ids are PREFIX001 …; distinct per check, so gateway logs tell them apart. */
  idPrefix: string;
  /** The longest the fleet runs, in ms. */
  durationMs: number;
  /** Ends the fleet early, once it has run `afterMs` and `done` says what it was for has happened. */
  until?: { afterMs: number; done(fleet: Fleet): boolean };
  count?: number;
  auth?: FleetOptions['auth'];
  tls?: FleetOptions['tls'];
}
