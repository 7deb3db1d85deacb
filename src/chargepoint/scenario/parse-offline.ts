import { DROP_RULES, MAX_OFFLINE_QUEUE, type DropRule } from '../offline-queue.js';
import type { OfflineOption, Step } from './types.js';
import { allow, durationOf, type ParseCtx, type Scope, type StepParser } from './parse-support.js';
import type { Problems, Src } from './yaml-source.js';

/** The longest `offline` step, in ms (a day). */
export const MAX_OFFLINE_MS = 86_400_000;

const OPTION_KEYS = ['queueSize', 'drop', 'keepRunning'];

/**
 * `offline: 20s`, or `offline: { for: 20s, steps: [...] }`: offline for the duration without
 * closing politely, the steps running meanwhile (run-offline.ts).
 */
function parseOfflineStep(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  const scalar = typeof args.value === 'string' || typeof args.value === 'number';
  if (!scalar && !allow(args, 'offline', ['for', 'steps'], ctx)) return undefined;
  const forSrc = scalar ? args : args.get('for');
  if (forSrc === undefined) {
    ctx.problems.add(args.pos(), "offline needs how long: 'offline: 20s', or 'offline: { for: 20s, steps: [...] }'");
    return undefined;
  }
  const forMs = durationOf(forSrc, 'offline', ctx);
  if (forMs !== undefined && (forMs <= 0 || forMs > MAX_OFFLINE_MS)) ctx.problems.add(forSrc.pos(), 'offline must last more than 0 and at most 24h');
  const stepsSrc = scalar ? undefined : args.get('steps');
  if (stepsSrc !== undefined && (!stepsSrc.isList || stepsSrc.items().length === 0)) {
    ctx.problems.add(stepsSrc.pos(), "offline 'steps' must be a non-empty list of steps (they run while offline)");
    return undefined;
  }
  const steps = stepsSrc === undefined ? [] : ctx.parseSteps(stepsSrc, scope);
  if (forMs === undefined || forMs <= 0 || forMs > MAX_OFFLINE_MS) return undefined;
  return { type: 'offline', line, forMs, steps: Object.freeze(steps) };
}

/** Parsers of the offline steps. */
export const OFFLINE_STEPS: Readonly<Record<string, StepParser>> = { offline: parseOfflineStep };

/**
 * The scenario's top-level `offline:` option: `queueSize` (1..MAX_OFFLINE_QUEUE), `drop`
 * (updates-first, oldest, newest), `keepRunning` (true/false). Problems are added, not thrown.
 */
export function parseOfflineOption(src: Src | undefined, problems: Problems): OfflineOption | undefined {
  if (src === undefined) return undefined;
  if (!src.isMap) {
    problems.add(src.pos(), `offline must be a mapping (options: ${OPTION_KEYS.join(', ')})`);
    return undefined;
  }
  const option: OfflineOption = {};
  for (const key of src.keys()) if (!OPTION_KEYS.includes(key)) problems.add(src.keyPos(key), `unknown offline option '${key}' (expected one of: ${OPTION_KEYS.join(', ')})`);
  const size = src.get('queueSize');
  if (size !== undefined) {
    if (Number.isInteger(size.value) && (size.value as number) >= 1 && (size.value as number) <= MAX_OFFLINE_QUEUE) option.queueSize = size.value as number;
    else problems.add(size.pos(), `offline.queueSize must be a whole number from 1 to ${MAX_OFFLINE_QUEUE}`);
  }
  const drop = src.get('drop');
  if (drop !== undefined) {
    if (DROP_RULES.includes(drop.value as DropRule)) option.drop = drop.value as DropRule;
    else problems.add(drop.pos(), `offline.drop must be one of ${DROP_RULES.join(', ')}`);
  }
  const keep = src.get('keepRunning');
  if (keep !== undefined) {
    if (typeof keep.value === 'boolean') option.keepRunning = keep.value;
    else problems.add(keep.pos(), 'offline.keepRunning must be true or false');
  }
  return option;
}

