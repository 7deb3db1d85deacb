/** How long after an outage ends its storm is still followed, in ms: bounds what is kept. */
export const STORM_TAIL_MS = 600_000;
/** Width of a re-boot bucket, in ms. */
export const REBOOT_BUCKET_MS = 100;

/**
 * What one process saw of one outage of the central system (a reconnect storm), in counts that
 * add up across processes: the herd (charge points running when it began), and per time bucket
 * the connection attempts, the successful upgrades and the first boots again of the herd.
 */
export interface StormCounts {
  /** When the outage began, in ms after the start of the run. */
  atMs: number;
  durationMs: number;
  /** Charge points running (started, not stopped) when the outage began: those expected to boot again. */
  herd: number;
  /** Of the herd, how many have booted (Accepted) again since the outage began. */
  rebooted: number;
  /** Connection attempts per second since the outage began (index 0: its first second). */
  attempts: number[];
  /** Successful WebSocket upgrades per second since the outage began. */
  connects: number[];
  /** First boots again of the herd per REBOOT_BUCKET_MS since the outage ended (index 0 also holds any during it). */
  reboots: number[];
  /** Messages sent from offline queues since the outage began (chargepoint/offline-queue.ts); absent in older summaries. */
  flushed?: number;
}

function bump(list: number[], index: number): void {
  while (list.length <= index) list.push(0);
  list[index] = (list[index] as number) + 1;
}

/**
 * Follows one storm in one fleet: told of each attempt, upgrade and boot with the time on the
 * fleet's clock, it counts them until the whole herd has booted again or STORM_TAIL_MS after the
 * outage, whichever is first. Memory is bounded by the herd and that time.
 */
export class StormTracker {
  private readonly counts: StormCounts;
  private readonly waiting: Set<number>;
  private readonly startedAt: number;
  private stopped = false;
  /** A later outage began: nothing at all is counted for this one any more. */
  private ended = false;

  /** `herd`: the indices of the charge points running now; `now`: the fleet clock when the outage began. */
  constructor(atMs: number, durationMs: number, herd: Iterable<number>, now: number) {
    this.waiting = new Set(herd);
    this.startedAt = now;
    this.counts = { atMs, durationMs, herd: this.waiting.size, rebooted: 0, attempts: [], connects: [], reboots: [], flushed: 0 };
  }

  /** False once the herd is back or the tail has passed: nothing more is counted. */
  active(now: number): boolean {
    if (!this.stopped && (this.waiting.size === 0 || this.pastTail(now))) this.stopped = true;
    return !this.stopped;
  }

  /** True once STORM_TAIL_MS after the outage have passed. */
  private pastTail(now: number): boolean {
    return now - this.startedAt > this.counts.durationMs + STORM_TAIL_MS;
  }

  /** Stops counting (a later outage begins). */
  stop(): void {
    this.stopped = true;
    this.ended = true;
  }

  attempt(now: number): void {
    if (this.active(now)) bump(this.counts.attempts, Math.floor((now - this.startedAt) / 1000));
  }

  connect(now: number): void {
    if (this.active(now)) bump(this.counts.connects, Math.floor((now - this.startedAt) / 1000));
  }

  /** A message was sent from an offline queue: counted until the tail has passed, also after the herd is back (flushes follow the boots). */
  flushed(now: number): void {
    if (!this.ended && !this.pastTail(now)) this.counts.flushed = (this.counts.flushed ?? 0) + 1;
  }

  /** Charge point `index` had its boot Accepted. */
  boot(index: number, now: number): void {
    if (!this.active(now) || !this.waiting.delete(index)) return;
    this.counts.rebooted++;
    bump(this.counts.reboots, Math.max(0, Math.floor((now - this.startedAt - this.counts.durationMs) / REBOOT_BUCKET_MS)));
  }

  /** A copy of the counts so far. */
  snapshot(): StormCounts {
    return structuredClone(this.counts);
  }
}

function addInto(target: number[], source: readonly number[]): void {
  source.forEach((n, i) => {
    while (target.length <= i) target.push(0);
    target[i] = (target[i] as number) + n;
  });
}

/**
 * The storms of several processes (worker shards of one fleet) as one: outage by outage (they
 * saw the same outages in the same order), herds, re-boots and every bucket summed. Pure.
 */
export function mergeStorms(all: ReadonlyArray<readonly StormCounts[]>): StormCounts[] {
  const longest = Math.max(0, ...all.map((s) => s.length));
  const merged: StormCounts[] = [];
  for (let i = 0; i < longest; i++) {
    const parts = all.flatMap((s) => (s[i] ? [s[i] as StormCounts] : []));
    const first = parts[0] as StormCounts;
    const out: StormCounts = { atMs: first.atMs, durationMs: first.durationMs, herd: 0, rebooted: 0, attempts: [], connects: [], reboots: [], flushed: 0 };
    for (const p of parts) {
      out.herd += p.herd;
      out.flushed = (out.flushed ?? 0) + (p.flushed ?? 0);
      out.rebooted += p.rebooted;
      addInto(out.attempts, p.attempts);
      addInto(out.connects, p.connects);
      addInto(out.reboots, p.reboots);
    }
    merged.push(out);
  }
  return merged;
}

/** The figures of a storm people read (summary, JSON), computed from its counts. */
export interface StormFigures {
  atMs: number;
  durationMs: number;
  herd: number;
  rebooted: number;
  /** Connection attempts per second while the central system was down (mean over the outage). */
  attemptsPerSecDuringOutage: number;
  /** The most connection attempts in one second, outage and after. */
  peakAttemptsPerSec: number;
  /** The most successful upgrades in one second: the load the central system met coming back. */
  peakConnectsPerSec: number;
  /** From the end of the outage until 95% / all of the herd had booted again, in ms (bucket end, 100 ms steps); null if never. */
  msTo95PercentRebooted: number | null;
  msToAllRebooted: number | null;
  /** Messages the herd kept in its offline queues and sent after coming back (counted from the outage's start until its tail ends, also after the herd is back). */
  queuedMessagesFlushed: number;
}

/** Time from the outage end until `needed` re-boots had happened, to the end of that bucket; null if never. */
function timeTo(reboots: readonly number[], needed: number): number | null {
  if (needed <= 0) return 0;
  let sum = 0;
  for (let i = 0; i < reboots.length; i++) {
    sum += reboots[i] as number;
    if (sum >= needed) return (i + 1) * REBOOT_BUCKET_MS;
  }
  return null;
}

/** The figures of one storm's counts. Pure. */
export function stormFigures(c: StormCounts): StormFigures {
  const outageSeconds = Math.max(1, Math.ceil(c.durationMs / 1000));
  const during = c.attempts.slice(0, outageSeconds).reduce((a, b) => a + b, 0);
  return {
    atMs: c.atMs, durationMs: c.durationMs, herd: c.herd, rebooted: c.rebooted,
    attemptsPerSecDuringOutage: Math.round((during / (c.durationMs / 1000 || 1)) * 10) / 10,
    peakAttemptsPerSec: Math.max(0, ...c.attempts),
    peakConnectsPerSec: Math.max(0, ...c.connects),
    msTo95PercentRebooted: timeTo(c.reboots, Math.ceil(c.herd * 0.95)),
    msToAllRebooted: timeTo(c.reboots, c.herd),
    queuedMessagesFlushed: c.flushed ?? 0,
  };
}
