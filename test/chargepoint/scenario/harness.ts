import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import type { Scenario } from '../../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../../src/gateway/server.js';
import type { Fleet, FleetSnapshot } from '../../../src/runner/fleet.js';
import { runLoadTest, type RunOptions, type RunResult } from '../../../src/runner/run.js';
import { fleetOptions } from '../../helpers/fleet-options.js';

/** One traced frame, as `--trace` writes it. */
export interface TracedFrame {
  ts: string;
  cp: string;
  dir: 'in' | 'out';
  frame: unknown[];
}

/** What a scenario run left: the run result and every frame the charge points sent and received. */
export interface ScenarioRun {
  result: RunResult;
  frames: TracedFrame[];
  /** CALLs charge point `cp` sent (all charge points when undefined), optionally of one action, oldest first. */
  sent(action?: string, cp?: string): Array<Record<string, unknown>>;
  /** CALLs the central system sent to the charge points, oldest first. */
  received(action?: string): Array<Record<string, unknown>>;
  /** The CALLRESULT payload each charge point sent back to the central system for `action`. */
  answered(action: string): Array<Record<string, unknown>>;
  /** The CALLRESULT payloads the charge points received for their CALLs of `action`, oldest first. */
  results(action: string): Array<Record<string, unknown>>;
  /** Step checks of the run, by step key (`file:line type`). */
  steps: FleetSnapshot['metrics']['steps'];
}

/** Yaml lines joined with '\n', so a test reads line numbers off the array (1-based). */
export const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

/** Parses an inline scenario named `inline.yaml` (so step keys are `inline.yaml:LINE type`). */
export function inline(text: string): Scenario {
  return parseScenario(text, 'inline.yaml');
}

export interface RunScenarioOptions {
  /** Options of the gateway started on port 0 (ignored with `url`). */
  gateway?: GatewayOptions;
  /** A central system already running. */
  url?: string;
  run?: Partial<RunOptions>;
  /** The run ends as soon as this holds (checked every 20 ms), at the latest after `maxMs`. */
  until?: (snap: FleetSnapshot) => boolean;
  maxMs?: number;
  /** Runs beside the fleet once it exists, with the gateway (to send CALLs to charge points). */
  during?: (fleet: Fleet, gateway: Gateway | undefined) => Promise<void>;
}

/**
 * Runs `scenario` with a small fleet (1 charge point unless `run.count`) against a fresh
 * gateway on port 0 (or `url`) through runLoadTest, with every frame traced, until `until`
 * holds or `maxMs` (default 8 s) passed; then stops everything and returns what happened.
 */
export async function runScenario(scenario: Scenario, opts: RunScenarioOptions = {}): Promise<ScenarioRun> {
  const gateway = opts.url ? undefined : await startGateway({ port: 0, heartbeatIntervalSec: 60, ...opts.gateway });
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-scenario-run-'));
  const trace = join(dir, 'trace.ndjson');
  const abort = new AbortController();
  let poller: NodeJS.Timeout | undefined;
  let duringDone: Promise<void> = Promise.resolve();
  let duringError: { error: unknown } | undefined;
  try {
    const url = opts.url ?? (gateway as Gateway).url;
    const result = await runLoadTest({ ...fleetOptions(url, { scenario, durationMs: opts.maxMs ?? 8000, ...opts.run }), trace: { file: trace } }, {
      signal: abort.signal,
      onStart: (fleet) => {
        if (opts.until) {
          const until = opts.until;
          poller = setInterval(() => { if (until(fleet.snapshot(false))) abort.abort(); }, 20);
        }
        // Caught at once (and rethrown below), so a failure while the run goes on is not an unhandled rejection.
        if (opts.during) duringDone = opts.during(fleet, gateway).then(() => undefined, (error: unknown) => { duringError = { error }; });
      },
    });
    clearInterval(poller);
    await duringDone;
    if (duringError) throw duringError.error;
    const frames = (await readFile(trace, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as TracedFrame);
    const calls = (dir: 'in' | 'out', action?: string, cp?: string): Array<Record<string, unknown>> => frames
      .filter((f) => f.dir === dir && f.frame[0] === 2 && (action === undefined || f.frame[2] === action) && (cp === undefined || f.cp === cp))
      .map((f) => f.frame[3] as Record<string, unknown>);
    return {
      result, frames,
      sent: (action, cp) => calls('out', action, cp),
      received: (action) => calls('in', action),
      answered: (action) => {
        const ids = new Set(frames.filter((f) => f.dir === 'in' && f.frame[0] === 2 && f.frame[2] === action).map((f) => f.frame[1]));
        return frames.filter((f) => f.dir === 'out' && f.frame[0] === 3 && ids.has(f.frame[1])).map((f) => f.frame[2] as Record<string, unknown>);
      },
      results: (action) => {
        const ids = new Set(frames.filter((f) => f.dir === 'out' && f.frame[0] === 2 && f.frame[2] === action).map((f) => f.frame[1]));
        return frames.filter((f) => f.dir === 'in' && f.frame[0] === 3 && ids.has(f.frame[1])).map((f) => f.frame[2] as Record<string, unknown>);
      },
      steps: result.fleet.metrics.steps,
    };
  } finally {
    clearInterval(poller);
    await gateway?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves once `check()` holds for the fleet's snapshot, polling every 10 ms; rejects after `ms`. */
export async function fleetReaches(fleet: Fleet, check: (snap: FleetSnapshot) => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check(fleet.snapshot(false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Checks of one step key: how many ran and failed, and the failure samples' details. */
export function checksOf(run: ScenarioRun, key: string): { checks: number; failures: number; details: string[] } {
  const entry = run.steps[key];
  return { checks: entry?.checks ?? 0, failures: entry?.failures ?? 0, details: entry?.samples.map((s) => s.detail) ?? [] };
}
