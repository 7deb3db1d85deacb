import type { IntervalFigures } from '../../metrics/intervals.js';
import type { FleetView } from '../../runner/fleet.js';
import type { Stage } from '../../runner/stages.js';

/** What a run tells its outputs as it begins. */
export interface RunDescription {
  /** The OCPP-J endpoint the charge points connect to. */
  url: string;
  /** The scenario name(s), joined with `+` for a mixed fleet. */
  scenario: string;
  /** The protocol(s), joined with `+` for a mixed fleet. */
  protocol: string;
  /** Charge points of the whole run (every shard). */
  count: number;
  /** How long the run lasts, in ms. */
  durationMs: number;
  /** Length of a reporting interval, in ms: `interval()` is called this often. */
  intervalMs: number;
  /** The `--stages` plan, when the run has one. */
  stages?: readonly Stage[];
}

/** Frames an output needs written where they cross the wire (in each process of the run): the frame trace. */
export interface FrameTap {
  /** The NDJSON file; with worker processes each writes `FILE.k`. */
  file: string;
  /** Only these charge point ids; every one when undefined. */
  ids?: ReadonlySet<string>;
}

/**
 * One output of a run (or of `ocpp-sim check`), the k6 way: the command drives every selected
 * output through the same steps, each optional, in this order:
 *
 * 1. `check()` before anything runs: refuse what cannot work (an unwritable path) by rejecting
 *    with a one-line Error; the command exits 104 and nothing has started.
 * 2. `start(run)` as the run begins, with its description; resolves with a line to print (or
 *    nothing). A rejection stops the command (104 for a ReportError, else 1).
 * 3. `attach(live)` once the fleet exists: pull snapshots from `live` on your own ticker, never
 *    per message. `interval(figures)` with each reporting interval as it ends.
 * 4. `stop()` when the run's time is up, before the summary is printed: stop drawing.
 * 5. `finish(doc)` with the summary document: write it; resolve with a line saying what was
 *    written, or reject with a one-line Error. Every output is attempted even when another failed.
 * 6. `close()` always, last, also after an error: release whatever `start` took. Never rejects.
 *
 * `D` is the document `finish` receives: the SummaryDocument of a run, the CheckDocument of a check.
 */
export interface Output<D> {
  /** How the user selected it, for messages: `--out`, `--out html`, `--junit`, `--metrics-port`. */
  readonly label: string;
  /** Set by an output that needs the frames themselves (`--trace`); the run writes them. */
  readonly frames?: FrameTap;
  check?(): Promise<void>;
  start?(run: RunDescription): Promise<string | undefined>;
  attach?(live: FleetView): void;
  interval?(figures: IntervalFigures): void;
  stop?(): Promise<void>;
  finish?(doc: D): Promise<string | undefined>;
  close?(): Promise<void>;
}
