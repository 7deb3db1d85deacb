import type { OfflineSettings } from '../chargepoint/offline-link.js';
import type { Scenario } from '../chargepoint/scenario/types.js';
import type { ReconnectSettings } from '../chargepoint/reconnect-policy.js';
import { emptyStateCounts, type StateCounts } from '../chargepoint/states.js';
import type { FleetTls } from '../chargepoint/client-certificates.js';
import { Recorder, type MetricsSnapshot } from '../metrics/recorder.js';
import type { ValidationMode } from '../protocol/validator.js';
import type { BackoffPolicy } from '../transport/backoff.js';
import type { ProcessFigures } from './fleet-exposition.js';
import type { Shard } from './shard.js';
import type { Stage } from './stages.js';
import type { TraceOutcome } from './trace.js';

// What a fleet is given (FleetOptions), what it shows (FleetSnapshot) and what reporters and
// controls use of it (FleetView): shared by the in-process Fleet and the worker processes' view.

/** Everything a fleet needs, resolved and validated by the CLI. */
export interface FleetOptions {
  url: string;
  /** Several endpoints serving one central system (the embedded gateway's workers, a port each): charge point i uses entry i mod length; `url` is the first. */
  urls?: readonly string[];
  count: number;
  ratePerSec: number;
  concurrency: number;
  idPrefix: string;
  /** The scenario of every charge point, unless `scenarios` gives one per index. */
  scenario: Scenario;
  /** A mixed fleet: the scenario of charge point i (see assignScenarios). */
  scenarios?: readonly Scenario[];
  /** Seed of the scenarios' random values: the same seed sends the same payloads. */
  seed?: number;
  callTimeoutMs: number;
  handshakeTimeoutMs: number;
  /** WebSocket ping interval in ms (0 or undefined: no pings). */
  pingIntervalMs?: number;
  /** HTTP Basic auth (security profiles 1/2): the username is each charge point's id. */
  auth?: { password: string };
  /** TLS for wss:// (profiles 2 and 3), PEM text. */
  tls?: FleetTls;
  maxPayload: number;
  /** Schema validation of payloads both ways: every one, a sample (see SampledValidator), or none. */
  validate: ValidationMode;
  backoff: BackoffPolicy;
  /** `--reconnect` and its policies' settings; absent: `backoff` for every charge point. */
  reconnect?: ReconnectSettings;
  bootRetrySec: number;
  defaultHeartbeatSec: number;
  random: () => number;
  /** `--offline-queue` / `--offline-drop`: the offline queue's bound and drop rule, over the scenario's `offline:` option. */
  offline?: OfflineSettings;
  /** `--trace`: the NDJSON file, and the charge point ids to trace (all when undefined). */
  trace?: { file: string; ids?: ReadonlySet<string> };
  /**
   * `--shard K/N`: run only the charge points whose global index ≡ K (mod N) of `count`; ids,
   * scenarios and ramp times stay those of the whole fleet, so shards together make one fleet.
   */
  shard?: Shard;
  /** `--local-address`: source addresses; the charge point with global index i uses entry i mod length (⌊i / urls⌋ mod length with several `urls`). */
  localAddresses?: readonly string[];
  /**
   * `--stages`: the connected count follows this plan instead of the ramp (`count` is its peak);
   * charge points leave last-started first, politely (ChargePoint.retire).
   */
  stages?: readonly Stage[];
}

/** A plain, serialisable picture of the fleet now: what reporters poll. */
export interface FleetSnapshot {
  /** Charge points of this fleet (of this shard, when sharded). */
  count: number;
  started: number;
  open: number;
  everConnected: number;
  everBooted: number;
  /** Charge points that never connected and whose last attempt failed for a local cause (out of ports, files, memory). */
  localFailures: number;
  /**
   * Charge points lost with a worker process that died: counted in `count` and `started`, never
   * booted afterwards (so failed), their figures after the worker's last snapshot missing.
   */
  lost: number;
  states: StateCounts;
  metrics: MetricsSnapshot;
  firstError: string | undefined;
  /** Time from the start of the ramp until every charge point had been Accepted once, in ms. */
  allBootedMs: number | undefined;
  /** True while the ramp is paused. */
  paused: boolean;
  /** With a frame trace: lines dropped and the first write error (trace.ts). */
  trace?: TraceOutcome;
}

/** The snapshot of `count` charge points that have not started: idle, nothing measured (histograms encoded). */
export function emptyFleetSnapshot(count: number): FleetSnapshot {
  const states = emptyStateCounts();
  states.idle = count;
  return {
    count, started: 0, open: 0, everConnected: 0, everBooted: 0, localFailures: 0, lost: 0, states, metrics: new Recorder().snapshot(true),
    firstError: undefined, allBootedMs: undefined, paused: false,
  };
}

/** What reporters and controls need of a running fleet: a Fleet, or the workers of one. */
export interface FleetView {
  /** The fleet now; `encode` adds the encoded histograms. */
  snapshot(encode?: boolean): FleetSnapshot;
  /** The central system goes down now, `atMs` into the run, for `durationMs`: follow the reconnect storm. */
  outageBegins(atMs: number, durationMs: number): void;
  readonly paused: boolean;
  /** With worker processes: how busy each one is (`worker-0`, …), from their latest snapshots. */
  processes?(): ProcessFigures[];
  pause(): void;
  resume(): void;
}

