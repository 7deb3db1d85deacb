import type { HtmlReportOptions } from '../report/html/page.js';
import type { Output } from '../report/outputs/output.js';
import type { SummaryDocument } from '../report/summary-document.js';
import type { Io } from './io.js';
import type { OutputSpec, OutTarget } from './out-specs.js';

/** What a registry line may use to build its output. */
export interface OutputContext {
  io: Io;
  /** Aborting ends the run as interrupted (the dashboard's q and Ctrl-C). */
  abort: AbortController;
  /** `--progress-interval`, ms. */
  progressIntervalMs: number;
  /** `--baseline`, read: overlaid in the HTML report. */
  baseline: HtmlReportOptions['baseline'];
  /** `--trace-ids`. */
  traceIds: ReadonlySet<string> | undefined;
}

/** One kind of output of `run`. */
export interface OutputEntry {
  /** What it writes, for `--help` and error messages. */
  describe: string;
  /** What `--out KIND=…` takes; absent for the UI outputs, chosen by `--ui`/`--no-ui`. */
  target?: OutTarget;
  /** Builds it, importing its module then: a run loads the modules of the outputs it has only. */
  create(spec: OutputSpec, ctx: OutputContext): Promise<Output<SummaryDocument>>;
}

const path = (spec: OutputSpec): string => spec.path as string;
const address = (spec: OutputSpec): { host: string; port: number } => spec.address as { host: string; port: number };

/**
 * Every output `run` can have, in the order they are driven (and their files written). Adding
 * one is a module (an Output) and a line here.
 */
export const RUN_OUTPUTS: Readonly<Record<string, OutputEntry>> = Object.freeze({
  json: {
    target: 'file', describe: 'the summary, schema ocpp-sim/summary@2',
    create: async (s) => (await import('../report/outputs/json.js')).jsonOutput(path(s), { label: s.label }),
  },
  junit: {
    target: 'file', describe: 'JUnit XML, a testcase per threshold and scenario step; also --junit FILE',
    create: async (s) => {
      const [{ junitOutput }, { toJUnitXml }] = await Promise.all([import('../report/outputs/junit.js'), import('../report/junit.js')]);
      return junitOutput(path(s), toJUnitXml, s.label);
    },
  },
  html: {
    target: 'file', describe: 'a self-contained HTML report',
    create: async (s, c) => (await import('../report/outputs/html.js')).htmlOutput(path(s), c.baseline ? { baseline: c.baseline } : {}, s.label),
  },
  ndjson: {
    target: 'file', describe: 'a line at the start, one per interval, one at the end, as the run goes',
    create: async (s) => (await import('../report/outputs/ndjson.js')).ndjsonOutput(path(s), s.label),
  },
  trace: {
    target: 'file', describe: 'every frame sent and received; also --trace FILE',
    create: async (s, c) => (await import('../report/outputs/trace.js')).traceOutput(path(s), c.traceIds, s.label),
  },
  prometheus: {
    target: 'address', describe: 'Prometheus text at /metrics during the run; also --metrics-port',
    create: async (s) => (await import('../report/outputs/prometheus.js')).prometheusOutput(address(s).host, address(s).port, s.label),
  },
  progress: {
    describe: 'a progress line on stderr every --progress-interval (--no-ui, or no terminal)',
    create: async (_s, c) => (await import('../ui/outputs/progress-line.js')).progressLineOutput((text) => c.io.stderr.write(text), c.progressIntervalMs),
  },
  dashboard: {
    describe: 'the live dashboard (--ui; the default on a terminal outside CI)',
    create: async (_s, c) => {
      if (!c.io.terminal) throw new Error('the dashboard needs a terminal on stdin and stdout');
      const terminal = c.io.terminal;
      return (await import('../ui/outputs/dashboard.js')).dashboardOutput({ terminal, onQuit: () => c.abort.abort() });
    },
  },
});

/** The kinds `--out KIND=…` accepts, with what each takes. */
export const RUN_OUT_TARGETS: Readonly<Record<string, OutTarget>> = Object.freeze(Object.fromEntries(
  Object.entries(RUN_OUTPUTS).flatMap(([kind, entry]) => (entry.target ? [[kind, entry.target]] : []))));

/** `--out`'s help: every kind with what it takes and writes. */
export function outHelp(): string {
  const kinds = Object.entries(RUN_OUTPUTS).flatMap(([kind, entry]) => (entry.target ? [`${kind}=${entry.target === 'file' ? 'FILE' : '[HOST:]PORT'} (${entry.describe})`] : []));
  return `write an output, repeatable: ${kinds.join(', ')}; a bare FILE is json=FILE`;
}

/**
 * The UI output: the dashboard with `--ui`, or by default on a terminal when CI is not set;
 * otherwise (`--no-ui`, no terminal, CI) the progress line. `--ui` without a terminal says so
 * on stderr and falls back to the progress line.
 */
export function uiOutputSpec(ui: unknown, io: Io): OutputSpec {
  const wanted = ui === undefined ? io.terminal !== undefined && !io.env.CI : ui === true;
  if (wanted && !io.terminal) io.stderr.write('ocpp-sim: warning: --ui needs a terminal on stdin and stdout; printing progress lines instead\n');
  return wanted && io.terminal ? { kind: 'dashboard', label: '--ui' } : { kind: 'progress', label: 'progress line' };
}

/** Builds the outputs of `specs`, in the registry's order. */
export async function createRunOutputs(specs: readonly OutputSpec[], ctx: OutputContext): Promise<Output<SummaryDocument>[]> {
  const order = Object.keys(RUN_OUTPUTS);
  return Promise.all([...specs].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)).map((spec) => {
    const entry = RUN_OUTPUTS[spec.kind];
    if (!entry) throw new Error(`unknown output kind '${spec.kind}'`);
    return entry.create(spec, ctx);
  }));
}
