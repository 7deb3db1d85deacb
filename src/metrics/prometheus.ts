/** Label values of one series, in the order of the metric's label names. */
export type LabelValues = readonly string[];

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A number in the exposition format: integers as such, `+Inf` for infinity. */
export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

function labelText(names: readonly string[], values: LabelValues, extra?: string): string {
  const pairs = names.map((name, i) => `${name}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

interface Metric { render(lines: string[]): void }

abstract class Family<Series> implements Metric {
  protected readonly series = new Map<string, { values: LabelValues; data: Series }>();
  constructor(readonly name: string, readonly help: string, readonly type: string, readonly labelNames: readonly string[]) {}

  protected get(values: LabelValues): Series {
    const key = values.join('\u0000');
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values: [...values], data: this.fresh() };
      this.series.set(key, entry);
    }
    return entry.data;
  }

  protected abstract fresh(): Series;
  protected abstract lines(values: LabelValues, data: Series, out: string[]): void;

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const { values, data } of this.series.values()) this.lines(values, data, out);
  }
}

/** A monotonically increasing count per label set. */
export class Counter extends Family<{ value: number }> {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, 'counter', labelNames);
    if (labelNames.length === 0) this.get([]);
  }
  inc(values: LabelValues = [], by = 1): void { this.get(values).value += by; }
  /** Sets the total of a counter kept elsewhere (rendered from a snapshot at scrape time). */
  set(values: LabelValues, total: number): void { this.get(values).value = total; }
  protected fresh(): { value: number } { return { value: 0 }; }
  protected lines(values: LabelValues, data: { value: number }, out: string[]): void {
    out.push(`${this.name}${labelText(this.labelNames, values)} ${formatValue(data.value)}`);
  }
}

/** A value that goes up and down, per label set, set when the metrics are rendered. */
export class LabeledGauge extends Family<{ value: number }> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'gauge', labelNames);
  }
  set(values: LabelValues, value: number): void { this.get(values).value = value; }
  protected fresh(): { value: number } { return { value: 0 }; }
  protected lines(values: LabelValues, data: { value: number }, out: string[]): void {
    out.push(`${this.name}${labelText(this.labelNames, values)} ${formatValue(data.value)}`);
  }
}

/** A value read when the metrics are rendered (no labels). */
export class Gauge implements Metric {
  constructor(readonly name: string, readonly help: string, private readonly read: () => number) {}
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} gauge`, `${this.name} ${formatValue(this.read())}`);
  }
}

/** Observations per bucket (not cumulative; one more than the bounds, the last for above the largest), their sum and count. */
export interface HistogramData { counts: number[]; sum: number; count: number }

/** Observations counted in cumulative `le` buckets (upper bounds in the metric's unit), with sum and count. */
export class Histogram extends Family<HistogramData> {
  private readonly bounds: readonly number[];
  constructor(name: string, help: string, bounds: readonly number[], labelNames: readonly string[] = []) {
    super(name, help, 'histogram', labelNames);
    this.bounds = [...bounds].sort((a, b) => a - b);
    if (labelNames.length === 0) this.get([]);
  }
  /** The bucket upper bounds, ascending. */
  get upperBounds(): readonly number[] { return this.bounds; }
  /** Sets the buckets of a histogram kept elsewhere; `data.counts` has one entry per bound plus one. */
  set(values: LabelValues, data: HistogramData): void {
    if (data.counts.length !== this.bounds.length + 1) throw new RangeError(`${this.name}: ${data.counts.length} bucket counts for ${this.bounds.length} bounds`);
    Object.assign(this.get(values), { counts: [...data.counts], sum: data.sum, count: data.count });
  }
  observe(value: number, values: LabelValues = []): void {
    const data = this.get(values);
    const index = this.bounds.findIndex((bound) => value <= bound);
    data.counts[index === -1 ? this.bounds.length : index]! += 1;
    data.sum += value;
    data.count += 1;
  }
  protected fresh(): HistogramData { return { counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 }; }
  protected lines(values: LabelValues, data: HistogramData, out: string[]): void {
    let cumulative = 0;
    [...this.bounds, Infinity].forEach((bound, i) => {
      cumulative += data.counts[i] ?? 0;
      out.push(`${this.name}_bucket${labelText(this.labelNames, values, `le="${formatValue(bound)}"`)} ${cumulative}`);
    });
    out.push(`${this.name}_sum${labelText(this.labelNames, values)} ${formatValue(data.sum)}`);
    out.push(`${this.name}_count${labelText(this.labelNames, values)} ${data.count}`);
  }
}

/** A set of metrics rendered together in the Prometheus text exposition format 0.0.4. */
export class Registry {
  private readonly metrics: Metric[] = [];

  add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  /** Every metric, `# HELP` and `# TYPE` lines first, ending in a newline. */
  render(): string {
    const lines: string[] = [];
    for (const metric of this.metrics) metric.render(lines);
    return `${lines.join('\n')}\n`;
  }
}

/**
 * Bucket upper bounds for OCPP round trips, in seconds: 1-2.5-5 steps from 1 ms (a CSMS on the
 * same host answers a Heartbeat in well under a millisecond to a few) to 60 s (beyond the
 * usual 30 s CALL timeout). Gateway and simulator share them, so both sides of one CALL can be
 * compared bucket by bucket in one Grafana panel.
 */
export const ROUND_TRIP_BUCKETS: readonly number[] = Object.freeze([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);

/** The content type of `Registry.render()`. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
