import type { Timer } from '../clock/scheduler.js';
import { TimerWheel } from '../clock/timer-wheel.js';
import { ChargePoint } from '../chargepoint/charge-point.js';
import type { FleetContext } from '../chargepoint/context.js';
import type { Scenario } from '../chargepoint/scenario/types.js';
import { awaitedNow } from '../chargepoint/scenario/runtime.js';
import { dataIdOf } from '../chargepoint/scenario/data-row.js';
import { emptyStateCounts, type ChargePointState } from '../chargepoint/states.js';
import { Recorder } from '../metrics/recorder.js';
import { validatorForMode, type ValidationMode } from '../protocol/validator.js';
import type { TransportError } from '../transport/errors.js';
import { handshakeGate } from '../transport/handshake-gate.js';
import { dueCount } from './ramp.js';
import { shardDue, shardIndices, WHOLE } from './shard.js';
import { inSlices } from './slices.js';
import { stageAt } from './stages.js';
import { StormTracker, type StormCounts } from './storm.js';
import { FrameTracer } from './trace.js';

import type { FleetOptions, FleetSnapshot, FleetView } from './fleet-types.js';

export type { FleetOptions, FleetSnapshot, FleetView } from './fleet-types.js';
export { emptyFleetSnapshot } from './fleet-types.js';

/** The fleet context with the schema validator of `scenario`'s version: one per version (kept in `byVersion`), shared. */
function contextFor(base: FleetContext, byVersion: Map<string, FleetContext>, scenario: Scenario, validate: ValidationMode): FleetContext {
  if (validate === 'off' || base.validator?.version === scenario.protocol) return base;
  let ctx = byVersion.get(scenario.protocol);
  if (!ctx) byVersion.set(scenario.protocol, (ctx = { ...base, validator: validatorForMode(scenario.protocol, validate) }));
  return ctx;
}

/** Charge points closed per turn of the event loop when the fleet stops. */
const STOP_SLICE = 500;

/** `CP-001` … with the index zero-padded to the width of the count (at least 3 digits). */
export function chargePointId(prefix: string, index: number, count: number): string {
  return prefix + String(index + 1).padStart(Math.max(3, String(count).length), '0');
}

/**
 * N charge points on one shared timer wheel and one recorder, started on the ramp schedule with
 * at most `concurrency` handshakes in flight. State counts are kept as states change, so a
 * snapshot costs the same for 10 or 10,000 charge points.
 */
export class Fleet implements FleetView {
  readonly recorder = new Recorder();
  private readonly opts: FleetOptions;
  /** Charge points of this shard (all of them unless sharded). */
  private readonly count: number;
  private readonly wheel = new TimerWheel(10, (error) => {
    // A bug in one charge point's timer callback is counted, not fatal to the run.
    this.recorder.fault('internal-error');
    this.recorder.noteError('-', `internal error in a timer callback: ${(error as Error).message ?? String(error)}`);
  });
  private readonly tracer: FrameTracer | undefined;
  private readonly chargePoints: ChargePoint[] = [];
  private readonly states = emptyStateCounts();
  private rampTimer: Timer | null = null;
  private rampStartedAt = 0;
  private pausedAt: number | null = null;
  private nextIndex = 0;
  private open = 0;
  private everConnected = 0;
  private everBooted = 0;
  private localFailures = 0;
  private firstFailures = new Set<string>();
  private firstError: string | undefined;
  private allBootedMs: number | undefined;
  /** The storm followed now (the latest outage), and every one followed. */
  private storm: StormTracker | null = null;
  private readonly storms: StormTracker[] = [];
  /** Set when the target is unreachable: nothing ever connected and the first attempts all failed. */
  unreachable: TransportError | undefined;
  private onUnreachable: (() => void) | undefined;

  constructor(opts: FleetOptions) {
    this.opts = opts;
    this.tracer = opts.trace ? new FrameTracer(opts.trace.file, opts.trace.ids) : undefined;
    const fleet = this;
    const ctx: FleetContext = {
      scheduler: this.wheel, recorder: this.recorder,
      validator: validatorForMode(opts.scenario.protocol, opts.validate), seed: opts.seed,
      baseUrl: opts.url, ...(opts.urls && opts.urls.length > 1 ? { baseUrls: opts.urls } : {}), callTimeoutMs: opts.callTimeoutMs, handshakeTimeoutMs: opts.handshakeTimeoutMs,
      ...(opts.pingIntervalMs ? { pingIntervalMs: opts.pingIntervalMs } : {}),
      ...(opts.auth ? { password: opts.auth.password } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.localAddresses?.length ? { localAddresses: opts.localAddresses } : {}),
      maxPayload: opts.maxPayload, backoff: opts.backoff, ...(opts.reconnect ? { reconnect: opts.reconnect } : {}), bootRetrySec: opts.bootRetrySec,
      ...(opts.offline ? { offline: opts.offline } : {}),
      defaultHeartbeatSec: opts.defaultHeartbeatSec, random: opts.random, gate: handshakeGate(opts.concurrency), tracer: this.tracer,
      stateChanged(from: ChargePointState, to: ChargePointState) { fleet.states[from]--; fleet.states[to]++; },
      firstBoot() {
        if (++fleet.everBooted === fleet.count) fleet.allBootedMs = fleet.wheel.now() - fleet.rampStartedAt;
      },
      firstConnect() { fleet.everConnected++; },
      socketsChanged(delta) {
        fleet.open += delta;
        if (delta > 0) fleet.storm?.connect(fleet.wheel.now());
      },
      attempting() { fleet.storm?.attempt(fleet.wheel.now()); },
      bootAccepted(index) { fleet.storm?.boot(index, fleet.wheel.now()); },
      queueFlushed() { fleet.storm?.flushed(fleet.wheel.now()); },
      localFailure(delta) { fleet.localFailures += delta; },
      connectFailed(id, error) { fleet.connectFailed(id, error); },
    };
    const byVersion = new Map<string, FleetContext>();
    for (const i of shardIndices(opts.count, opts.shard)) {
      const scenario = opts.scenarios?.[i] ?? opts.scenario;
      const id = dataIdOf(scenario, i) ?? chargePointId(opts.idPrefix, i, opts.count);
      this.chargePoints.push(new ChargePoint(id, scenario, contextFor(ctx, byVersion, scenario, opts.validate), i));
    }
    this.count = this.chargePoints.length;
    this.states.idle = this.count;
  }

  /** Starts the ramp; `onUnreachable` is called if the target turns out to be unreachable. */
  start(onUnreachable?: () => void): void {
    this.onUnreachable = onUnreachable;
    this.rampStartedAt = this.wheel.now();
    this.rampTick(0);
  }

  /** Charge points started so far. */
  get started(): number {
    return this.count - this.states.idle;
  }

  /** The fleet now; `encode` adds the encoded histograms, which progress reporters do not need. */
  snapshot(encode = true): FleetSnapshot {
    return {
      count: this.count, started: this.started, open: this.open, everConnected: this.everConnected,
      everBooted: this.everBooted, localFailures: this.localFailures, lost: 0, states: { ...this.states }, metrics: this.recorder.snapshot(encode), firstError: this.firstError,
      allBootedMs: this.allBootedMs, paused: this.pausedAt !== null, ...(this.tracer ? { trace: this.tracer.outcome() } : {}),
    };
  }

  /** Charge points whose scenario is waiting in an `await` step now, by awaited action (O(count): for the end of a run). */
  waiting(): Record<string, number> {
    const counts = new Map<string, number>();
    for (const cp of this.chargePoints) for (const action of awaitedNow(cp)) counts.set(action, (counts.get(action) ?? 0) + 1);
    return Object.fromEntries(counts);
  }

  /**
   * Stops gracefully: the ramp stops, no charge point starts a new CALL, and the CALLs in flight
   * get up to `gracefulStopMs` for their answer (or timeout); then every charge point stops and
   * the CALLs still waiting are counted `unanswered`. Waits up to `closeMs` for the closing
   * handshakes, then terminates what is left and clears every timer, so the process can exit.
   */
  async stop(gracefulStopMs = 0, closeMs = 3000): Promise<void> {
    this.rampTimer?.cancel();
    this.rampTimer = null;
    for (const cp of this.chargePoints) cp.drain();
    // Closed STOP_SLICE at a time (slices.ts): first those with no CALL in flight, then the rest.
    await inSlices(this.chargePoints, STOP_SLICE, (cp) => { if (!cp.awaitingAnswer) cp.stop(); });
    const graceEnd = Date.now() + gracefulStopMs;
    while (Date.now() < graceEnd && this.chargePoints.some((cp) => cp.awaitingAnswer)) await new Promise((resolve) => setTimeout(resolve, 20));
    this.recorder.endOfRun();
    await inSlices(this.chargePoints, STOP_SLICE, (cp) => cp.stop());
    const deadline = Date.now() + closeMs;
    while (this.open > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.open > 0) for (const cp of this.chargePoints) cp.terminate();
    this.wheel.clear();
    await this.tracer?.close();
  }

  /**
   * The central system goes down now (`atMs` into the run, for `durationMs`): the charge points
   * running now are the herd whose return is followed (storm.ts); a storm still followed stops.
   */
  outageBegins(atMs: number, durationMs: number): void {
    this.storm?.stop();
    const herd: number[] = [];
    for (const cp of this.chargePoints) if (cp.state !== 'idle' && cp.state !== 'closed' && cp.state !== 'gave-up') herd.push(cp.index);
    this.storm = new StormTracker(atMs, durationMs, herd, this.wheel.now());
    this.storms.push(this.storm);
  }

  /** The counts of every storm followed, oldest first. */
  stormCounts(): StormCounts[] {
    return this.storms.map((s) => s.snapshot());
  }

  /** True when no more sockets are open than the plan wants now (a ramp-down's closes are done). */
  get settled(): boolean {
    return this.open <= this.nextIndex;
  }

  /** True while the ramp is paused. */
  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Holds the ramp: no new charge points start until `resume`; running ones go on. */
  pause(): void {
    if (this.pausedAt !== null || this.rampTimer === null) return;
    this.pausedAt = this.wheel.now();
    this.rampTimer?.cancel();
    this.rampTimer = null;
  }

  /** Continues the ramp where it stopped, at the same rate. */
  resume(): void {
    if (this.pausedAt === null) return;
    // Shift the ramp's origin by the pause, so the rate stays the same afterwards.
    this.rampStartedAt += this.wheel.now() - this.pausedAt;
    this.pausedAt = null;
    this.rampTick(this.nextIndex);
  }

  /**
   * With stages, applies the plan's end at once (its last ramp-down may still be due on the wheel
   * when the run's time is up), so `settled` can be awaited. Without stages it does nothing.
   */
  finishPlan(): void {
    if (!this.opts.stages || this.pausedAt !== null) return;
    this.rampTimer?.cancel();
    this.rampTick(this.nextIndex, Number.POSITIVE_INFINITY);
  }

  private rampTick(next: number, at?: number): void {
    const { count, ratePerSec, stages } = this.opts;
    const elapsed = at ?? this.wheel.now() - this.rampStartedAt;
    // The whole fleet's plan: this shard starts (and with stages stops) its charge points at their global times.
    const point = stages ? stageAt(stages, elapsed) : undefined;
    const globalDue = point ? point.target : dueCount(elapsed, count, ratePerSec);
    const due = Math.min(this.count, shardDue(globalDue, this.opts.shard ?? WHOLE));
    for (let i = next; i < due; i++) void (this.chargePoints[i] as ChargePoint).start();
    // Ramping down: the last started leave first.
    for (let i = next - 1; i >= due; i--) void (this.chargePoints[i] as ChargePoint).retire();
    this.nextIndex = due;
    if (point) this.rampTimer = point.nextInMs === undefined ? null : this.wheel.schedule(point.nextInMs, () => this.rampTick(due));
    else if (due < this.count) this.rampTimer = this.wheel.schedule(Math.max(5, 1000 / ratePerSec), () => this.rampTick(due));
    else this.rampTimer = null;
  }

  private connectFailed(id: string, error: TransportError): void {
    this.firstError ??= error.message;
    if (this.everConnected > 0 || this.unreachable) return;
    this.firstFailures.add(id);
    // Fail fast: the first few charge points all failed and none ever connected.
    if (this.firstFailures.size >= Math.min(this.count, 3)) {
      this.unreachable = error;
      this.onUnreachable?.();
    }
  }
}
