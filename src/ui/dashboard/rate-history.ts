/** Cumulative totals at one poll of the snapshot. */
export interface RateSample {
  /** Milliseconds since the dashboard started. */
  atMs: number;
  /** Messages sent and received so far, all actions together. */
  sent: number;
  received: number;
  /** Successful connections so far (first connects and reconnects). */
  connects: number;
}

export type SampleKey = 'sent' | 'received' | 'connects';

/** A picked total: one key, or the sum of several (messages out + in). */
export type Pick = SampleKey | readonly SampleKey[];

function value(sample: RateSample, pick: Pick): number {
  if (typeof pick === 'string') return sample[pick];
  let sum = 0;
  for (const key of pick) sum += sample[key];
  return sum;
}

/** A fixed-size ring of the most recent samples, oldest first when read. */
export class SampleRing {
  private readonly items: RateSample[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`capacity must be an integer >= 2 (got ${capacity})`);
  }

  push(sample: RateSample): void {
    if (this.items.length < this.capacity) this.items.push(sample);
    else this.items[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The samples, oldest first (a copy). */
  toArray(): RateSample[] {
    if (this.items.length < this.capacity) return this.items.slice();
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}

/**
 * The rate per second of a total over the last `windowMs` (default 1 s) of `samples` (oldest
 * first): from the newest sample back to the last one at least `windowMs` older, or the oldest.
 * Zero until two samples exist.
 */
export function rateOver(samples: readonly RateSample[], pick: Pick, windowMs = 1000): number {
  const latest = samples[samples.length - 1];
  if (!latest || samples.length < 2) return 0;
  let base = samples[0] as RateSample;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i] as RateSample;
    if (latest.atMs - s.atMs >= windowMs) {
      base = s;
      break;
    }
  }
  const dt = latest.atMs - base.atMs;
  return dt > 0 ? Math.max(0, (value(latest, pick) - value(base, pick)) / dt * 1000) : 0;
}

/** The total at time `t`, interpolated between samples; undefined before the first sample. */
function totalAt(samples: readonly RateSample[], pick: Pick, t: number): number | undefined {
  const first = samples[0];
  if (!first || t < first.atMs) return undefined;
  for (let i = 1; i < samples.length; i++) {
    const b = samples[i] as RateSample;
    if (t <= b.atMs) {
      const a = samples[i - 1] as RateSample;
      const span = b.atMs - a.atMs;
      const va = value(a, pick);
      return span > 0 ? va + (value(b, pick) - va) * (t - a.atMs) / span : value(b, pick);
    }
  }
  return value(samples[samples.length - 1] as RateSample, pick);
}

/**
 * Rates per second over the last `spanMs` up to the newest sample, in `buckets` equal slices,
 * oldest first; a slice that starts before the first sample is undefined (not measured).
 */
export function rateSeries(samples: readonly RateSample[], pick: Pick, spanMs: number, buckets: number): Array<number | undefined> {
  const latest = samples[samples.length - 1];
  if (!latest || buckets <= 0) return [];
  const step = spanMs / buckets;
  const out: Array<number | undefined> = [];
  for (let i = 0; i < buckets; i++) {
    const start = latest.atMs - spanMs + i * step;
    const a = totalAt(samples, pick, start);
    const b = totalAt(samples, pick, start + step);
    out.push(a === undefined || b === undefined ? undefined : Math.max(0, (b - a) / step * 1000));
  }
  return out;
}
