import { parseDuration } from '../../clock/duration.js';
import type { OcppVersion } from '../../protocol/versions.js';
import type { ChargePointProfile, ConnectorRef, OnFail, SaveMap, Step } from './types.js';
import { PATH } from './conditions.js';
import type { ExprScope } from './expressions.js';
import { schemaAtPath, type SchemaAt } from './schemas.js';
import type { Problems, Src } from './yaml-source.js';

/** What is known at a place of the file: variables saved before it, and what encloses it. */
export interface Scope {
  vars: Set<string>;
  inForEach: boolean;
  inParallel: boolean;
}

/** Everything a step parser needs; problems are collected, never thrown, so a file reports them all. */
export interface ParseCtx {
  protocol: OcppVersion;
  profile: ChargePointProfile;
  problems: Problems;
  /** The OCPP actions of `protocol`. */
  actions: ReadonlySet<string>;
  /** Parses a nested list of steps (repeat, forEach, parallel branches). */
  parseSteps(list: Src, scope: Scope): Step[];
  /** What `{{data.…}}` and `{{env.…}}` may name (expressions.ts ExprScope). */
  outer: Pick<ExprScope, 'columns' | 'env'>;
  /** The environment variables the templates read, with their values: filled while parsing. */
  envUsed: Map<string, string>;
}

/** A step parser: the step's options (`{}` when none were given) → the step, or undefined after reporting problems. */
export type StepParser = (args: Src, line: number, ctx: ParseCtx, scope: Scope, step: Src) => Step | undefined;

/** Reports options a step does not have; false (and a problem) when `args` is not a mapping. */
export function allow(args: Src, type: string, keys: readonly string[], ctx: ParseCtx): boolean {
  if (!args.isMap) {
    ctx.problems.add(args.pos(), `the options of step '${type}' must be a mapping${keys.length ? ` (options: ${keys.join(', ')})` : ''}`);
    return false;
  }
  for (const key of args.keys()) {
    if (!keys.includes(key)) ctx.problems.add(args.keyPos(key), `step '${type}' has no option '${key}'${keys.length ? ` (options: ${keys.join(', ')})` : ''}`);
  }
  return true;
}

/** A duration such as `5s`, `500ms`, `1m30s` (a bare number is seconds), in ms; a problem otherwise. */
export function durationOf(src: Src, what: string, ctx: ParseCtx): number | undefined {
  const ms = typeof src.value === 'string' || typeof src.value === 'number' ? parseDuration(src.value) : undefined;
  if (ms === undefined) ctx.problems.add(src.pos(), `${what} must be a duration such as '5s', '500ms' or '1m30s' (got ${JSON.stringify(src.value)})`);
  return ms;
}

/** A connector: 1..N (0 too when `zero`), `all` when `all`, or `{{connector}}` for the enclosing forEach's. */
export function connectorOf(src: Src | undefined, what: string, ctx: ParseCtx, opts: { all?: boolean; zero?: boolean } = {}): ConnectorRef | 'all' | undefined {
  if (src === undefined) return undefined;
  const n = ctx.profile.connectors;
  const value = src.value;
  if (typeof value === 'string' && /^\{\{\s*connector\s*\}\}$/.test(value)) return 'current';
  if (opts.all && value === 'all') return 'all';
  if (Number.isInteger(value) && (value as number) >= (opts.zero ? 0 : 1) && (value as number) <= n) return value as number;
  const choices = [opts.all ? "'all'" : '', `${opts.zero ? 0 : 1}..${n}`, "'{{connector}}'"].filter(Boolean).join(', ');
  ctx.problems.add(src.pos(), `${what} must be ${choices} (got ${JSON.stringify(value)})`);
  return undefined;
}

/** `onFail: continue | stop`; undefined when absent. */
export function onFailOf(args: Src, ctx: ParseCtx): OnFail | undefined {
  const src = args.get('onFail');
  if (src === undefined) return undefined;
  if (src.value === 'continue' || src.value === 'stop') return src.value;
  ctx.problems.add(src.pos(), `onFail must be 'continue' or 'stop' (got ${JSON.stringify(src.value)})`);
  return undefined;
}

/** An OCPP action name of the scenario's protocol. */
export function actionOf(src: Src | undefined, what: string, ctx: ParseCtx, at: Src): string | undefined {
  if (src === undefined) {
    ctx.problems.add(at.pos(), `${what} needs an 'action' (an OCPP action name)`);
    return undefined;
  }
  if (typeof src.value !== 'string' || src.value.length === 0) {
    ctx.problems.add(src.pos(), `${what}.action must be an OCPP action name`);
    return undefined;
  }
  if (!ctx.actions.has(src.value)) {
    ctx.problems.add(src.pos(), `unknown OCPP action '${src.value}' for ${ctx.protocol}`);
    return undefined;
  }
  return src.value;
}

/**
 * `save: { name: field.path }`: variables set from fields of a message whose schema is `schema`.
 * Each path must be one the schema has; the names join `scope` once the step is parsed.
 */
export function saveOf(src: Src | undefined, what: string, schema: SchemaAt | undefined, ctx: ParseCtx): SaveMap | undefined {
  if (src === undefined) return undefined;
  if (!src.isMap || src.keys().length === 0) {
    ctx.problems.add(src.pos(), `${what}.save must be a mapping of variable names to field paths, e.g. { txId: transactionId }`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const name of src.keys()) {
    const path = src.get(name) as Src;
    if (!/^[A-Za-z_]\w*$/.test(name)) ctx.problems.add(src.keyPos(name), `${what}.save: '${name}' is not a variable name (letters, digits, _)`);
    else if (typeof path.value !== 'string' || !PATH.test(path.value)) ctx.problems.add(path.pos(), `${what}.save.${name} must be a field path such as transactionId or idTagInfo.status`);
    else if (schemaAtPath(schema, path.value) === null) ctx.problems.add(path.pos(), `${what}.save.${name}: the message has no field '${path.value}'`);
    else out[name] = path.value;
  }
  return Object.freeze(out);
}

/** Checks each `expect`/`match` path against the schema of the message it is about. */
export function pathChecker(schema: SchemaAt | undefined, what: string, ctx: ParseCtx): (path: string, value: Src, pos: { line: number; column: number }) => void {
  return (path, _value, pos) => {
    if (schemaAtPath(schema, path) === null) ctx.problems.add(pos, `${what}: the message has no field '${path}'`);
  };
}

/** Adds `{ ...fields }` to `step` leaving out the undefined ones, so a step holds only what was given. */
export function withDefined(step: Step, fields: Record<string, unknown>): Step {
  const out: Record<string, unknown> = { ...step };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as Step;
}
