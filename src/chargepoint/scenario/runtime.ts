import { basename } from 'node:path';
import type { Payload } from '../../protocol/frame.js';
import { RpcError } from '../../protocol/errors.js';
import type { ChargePoint } from '../charge-point.js';
import type { ConnectorRef, Step } from './types.js';
import { meterNow } from '../meter.js';
import { dataValue } from './data-set.js';
import { evaluate, type TemplateValues } from './expressions.js';
import { createPrng, seedFor, type Prng } from './prng.js';
import { schemaOf } from './schemas.js';
import { renderTree, treeHasTemplate } from './templates.js';

/** A CALL the central system sent, kept until an `await` takes it. */
export interface Inbound {
  action: string;
  payload: Payload;
}

/** An `await` step waiting: `offer` returns true when it takes the call. */
export interface Awaiter {
  /** The action the `await` step waits for. */
  readonly action: string;
  offer(call: Inbound): boolean;
  /** The connection it waited on is gone. */
  close(): void;
}

/**
 * One run-through of the scenario, from the top, on one connection (and on the next ones
 * after a `reconnect` step, which continues it). Every branch of a `parallel` shares it.
 */
export interface Run {
  readonly cp: ChargePoint;
  /** The connection generation it runs on; a `reconnect` moves it to the new one. */
  gen: number;
  /** Set by a failed check with `onFail: stop`: no further step runs. */
  stopped: boolean;
  /** `respond` overrides by action, with the connector their templates see (made by the first `respond`). */
  responds: Map<string, { payload: Payload; connector: number }> | null;
  /**
   * Offline (scenario/run-offline.ts): `offline` steps in progress (while any is, a lost
   * connection does not end the run); set when the run was carried over a lost connection and
   * waits for the next one to boot and flush; whether the heartbeat ran before the loss; and
   * whether the steps are all done.
   */
  carry?: number;
  carried?: boolean;
  beating?: boolean;
  finished?: boolean;
}

/** Where one branch of steps stands: its run, its connector, the last message it received. */
export interface Flow {
  readonly run: Run;
  readonly connector: number;
  response: unknown;
  /** Scheduler time the current step started, or its previous check was made: a check's time runs from it. */
  checkFrom?: number;
}

/** What a charge point's scenario keeps between steps and connections. */
export interface Script {
  /** Saved variables (made by the first `save` or `set`). */
  vars: Record<string, unknown> | null;
  prng: Prng;
  run: Run | null;
  /** CALLs received on this connection that an await may still take (only actions some step awaits; made by the first). */
  inbox: Inbound[] | null;
  /** Awaits waiting now (made by the first `await` that has to wait). */
  awaiters: Set<Awaiter> | null;
  /** Set while a `reconnect` step waits for the next connection. */
  resume: ((gen: number) => void) | null;
  /** `offline` steps waiting for the connection to close, or for the charge point to be back (booted, queue flushed). */
  offline?: { closed: Array<() => void>; back: Array<() => void> };
}

const scripts = new WeakMap<ChargePoint, Script>();

/** The actions `cp`'s scenario is waiting for in `await` steps now (none when it has no script yet). */
export function awaitedNow(cp: ChargePoint): string[] {
  const awaiters = scripts.get(cp)?.awaiters;
  return awaiters ? [...new Set([...awaiters].map((a) => a.action))] : [];
}

/** The script of `cp`, made on first use with its PRNG seeded from the fleet seed and its index. */
export function scriptOf(cp: ChargePoint): Script {
  let script = scripts.get(cp);
  if (!script) {
    const base = cp.ctx.seed ?? Math.floor(cp.ctx.random() * 2 ** 32);
    script = { vars: null, prng: createPrng(seedFor(base, cp.index)), run: null, inbox: null, awaiters: null, resume: null };
    scripts.set(cp, script);
  }
  return script;
}

/** No variables saved yet: what templates and conditions read until the first `save` or `set`. */
const NO_VARS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The variables `script` has saved, for reading. */
export function varsOf(script: Script): Readonly<Record<string, unknown>> {
  return script.vars ?? NO_VARS;
}

/** The script of `cp` if it has one (a charge point whose scenario never started has none). */
export function peekScript(cp: ChargePoint): Script | undefined {
  return scripts.get(cp);
}

/** True while the flow's connection is the charge point's current one and no `onFail: stop` ended the run. */
export function alive(flow: Flow): boolean {
  return !flow.run.stopped && flow.run.cp.generation === flow.run.gen;
}

/** The connector a step names, in the flow's terms. */
export function connectorIn(flow: Flow, ref: ConnectorRef | undefined): number {
  return ref === undefined || ref === 'current' ? flow.connector : ref;
}

/** The id the central system knows a connector's running transaction by (2.0.1's string id when there is one). */
export function transactionIdOn(cp: ChargePoint, connector: number): unknown {
  const tx = cp.transactions?.[connector] as { id: number; transactionId?: unknown } | undefined;
  return tx === undefined ? undefined : (tx.transactionId ?? tx.id);
}

/**
 * What templates read now. `now` and each meter reading are taken once per values object, so
 * every use inside one rendered message agrees (MeterValues and meterStop carry the same register).
 */
export function templateValues(flow: Flow, meters = new Map<number, number>()): TemplateValues {
  const { cp } = flow.run;
  const script = scriptOf(cp);
  let now: string | undefined;
  return {
    cpId: cp.id, cpIndex: cp.index, connector: flow.connector, vars: varsOf(script), prng: script.prng,
    now: () => (now ??= new Date().toISOString()),
    meterWh: (connector) => {
      let wh = meters.get(connector);
      if (wh === undefined) meters.set(connector, wh = Math.round(meterNow(cp, connector)));
      return wh;
    },
    transactionId: (connector) => transactionIdOn(cp, connector),
    data: (column) => (cp.scenario.data ? dataValue(cp.scenario.data, cp.index, column) : undefined),
    env: (name) => (cp.scenario.env && Object.hasOwn(cp.scenario.env, name) ? cp.scenario.env[name] : undefined),
  };
}

/** Renders a value written in the file (templates → their values, typed by the schema at `at` when given). */
export function render(flow: Flow, value: unknown, values = templateValues(flow)): unknown {
  return treeHasTemplate(value) ? renderTree(value, (expr) => evaluate(expr, values)) : value;
}

/** Renders a payload written in the file for `action`: each template takes the type its field wants. */
export function renderPayload(flow: Flow, action: string, direction: 'req' | 'conf', payload: Payload, values = templateValues(flow)): Payload {
  if (!treeHasTemplate(payload)) return payload;
  const schema = schemaOf(flow.run.cp.scenario.protocol, action, direction);
  return renderTree(payload, (expr) => evaluate(expr, values), schema) as Payload;
}

/** Each step's key, made once: a check runs for every CALL answered, and a new string per check cost its building and hashing. */
const stepKeys = new WeakMap<Step, { file: string; key: string }>();

/** The key a step's checks are counted under: `file:line type`. */
export function stepKey(cp: ChargePoint, step: Step): string {
  const file = cp.scenario.file;
  const known = stepKeys.get(step);
  if (known?.file === file) return known.key;
  const key = `${basename(file)}:${step.line} ${step.type}`;
  stepKeys.set(step, { file, key });
  return key;
}

/**
 * Records one check of `step` (a JUnit testcase per step key); a failure is an expectation
 * failure with what was received, and with `onFail: stop` ends the run. Returns whether the
 * flow goes on.
 */
export function checked(flow: Flow, step: Step, failure?: string): boolean {
  const { cp } = flow.run;
  const now = cp.ctx.scheduler.now();
  cp.ctx.recorder.stepChecked(stepKey(cp, step), cp.id, failure, flow.checkFrom === undefined ? 0 : now - flow.checkFrom);
  flow.checkFrom = now;
  if (failure !== undefined) {
    cp.lastError = failure;
    if ('onFail' in step && step.onFail === 'stop') flow.run.stopped = true;
  }
  return alive(flow);
}

/** True when the error means the connection is gone, so the flow must end quietly. */
export function isClosed(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'E_CLOSED';
}

/** Resolves after `ms` on the fleet's shared scheduler with whether the flow is still alive. */
export function sleep(flow: Flow, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    flow.run.cp.ctx.scheduler.schedule(ms, () => resolve(alive(flow)));
  });
}

/** Lets timers and sockets run between back-to-back iterations of a loop that does not wait. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
