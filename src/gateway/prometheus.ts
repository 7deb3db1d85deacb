/** Label values of one series, in the order of the metric's label names. */
type LabelValues = readonly string[];

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A number in the exposition format: integers as such, `+Inf` for infinity. */
function formatValue(value: number): string {
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

interface HistogramData { counts: number[]; sum: number; count: number }

/** Observations counted in cumulative `le` buckets (upper bounds in the metric's unit), with sum and count. */
export class Histogram extends Family<HistogramData> {
  private readonly bounds: readonly number[];
  constructor(name: string, help: string, bounds: readonly number[], labelNames: readonly string[] = []) {
    super(name, help, 'histogram', labelNames);
    this.bounds = [...bounds].sort((a, b) => a - b);
    if (labelNames.length === 0) this.get([]);
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

/** The content type of `Registry.render()`. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
