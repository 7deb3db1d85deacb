import type { FleetSnapshot } from '../../runner/fleet.js';
import type { Stage } from '../../runner/stages.js';
import { rateOver, SampleRing, type RateSample } from './rate-history.js';
import { StageTrack, type StageView } from './stage-track.js';
import type { ToolStats } from '../../metrics/tool-probe.js';

/** Everything the dashboard draws from one poll: plain data, built once per tick. */
export interface DashboardFrame {
  snapshot: FleetSnapshot;
  /** Since the dashboard started, in ms. */
  elapsedMs: number;
  /** Recent cumulative totals, oldest first, covering at least the last minute. */
  samples: readonly RateSample[];
  /** Rates over the last second, per second. */
  sentPerSec: number;
  receivedPerSec: number;
  connectsPerSec: number;
  /** This process's load; undefined until first measured. */
  tool: ToolStats | undefined;
  /** With `--stages`: the plan and what happened so far; undefined without. */
  stages: StageView | undefined;
}

/** How much history the sparkline needs, in ms (a little more than the minute it shows). */
export const HISTORY_MS = 61_000;

function total(counts: Record<string, number>): number {
  let sum = 0;
  for (const key in counts) sum += counts[key] as number;
  return sum;
}

export interface SamplerOptions {
  refreshMs: number;
  /** Monotonic ms; default `performance.now`. */
  now?: () => number;
  tool?: () => ToolStats | undefined;
  /** The run's `--stages` plan, drawn against what happens. */
  stages?: readonly Stage[];
}

/**
 * Turns successive snapshots into frames: one `snapshot()` call per `sample()`, a ring of
 * totals big enough for a minute at `refreshMs`, and the rates derived from it.
 */
export class DashboardSampler {
  private readonly ring: SampleRing;
  private readonly now: () => number;
  private readonly t0: number;
  private readonly stageTrack: StageTrack | undefined;

  constructor(private readonly read: () => FleetSnapshot, private readonly opts: SamplerOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.t0 = this.now();
    this.ring = new SampleRing(Math.ceil(HISTORY_MS / Math.max(1, opts.refreshMs)) + 2);
    this.stageTrack = opts.stages && opts.stages.length > 0 ? new StageTrack(opts.stages) : undefined;
  }

  sample(): DashboardFrame {
    const snapshot = this.read();
    const elapsedMs = this.now() - this.t0;
    const m = snapshot.metrics;
    this.ring.push({ atMs: elapsedMs, sent: total(m.sent), received: total(m.received), connects: m.connects });
    const samples = this.ring.toArray();
    return {
      snapshot, elapsedMs, samples,
      sentPerSec: rateOver(samples, 'sent'),
      receivedPerSec: rateOver(samples, 'received'),
      connectsPerSec: rateOver(samples, 'connects'),
      tool: this.opts.tool?.(),
      stages: this.stageTrack?.observe(elapsedMs, snapshot.paused, { open: snapshot.open, accepted: snapshot.states.accepted }),
    };
  }
}
