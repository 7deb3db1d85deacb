import type { Step } from './types.js';
import { BASIC_STEPS } from './parse-basic.js';
import { DEVICE_STEPS } from './parse-device.js';
import { FLOW_STEPS } from './parse-flow.js';
import { MESSAGE_STEPS } from './parse-messages.js';
import { OFFLINE_STEPS } from './parse-offline.js';
import { STREAM_STEPS } from './parse-streams.js';
import type { ParseCtx, Scope, StepParser } from './parse-support.js';
import type { Src } from './yaml-source.js';

const PARSERS: Readonly<Record<string, StepParser>> = { ...BASIC_STEPS, ...MESSAGE_STEPS, ...FLOW_STEPS, ...OFFLINE_STEPS, ...STREAM_STEPS, ...DEVICE_STEPS };

/** Every step type, in the order the docs list them. */
export const STEP_TYPES: readonly string[] = Object.freeze(Object.keys(PARSERS));

/** Keys a step may have beside its type key (only forEach: `- forEach: connector` + `steps:`). */
const SIBLINGS: Readonly<Record<string, readonly string[]>> = { forEach: ['connectors', 'steps'] };

function parseItem(item: Src, ctx: ParseCtx, scope: Scope): Step | undefined {
  const line = item.pos().line;
  if (typeof item.value === 'string') {
    const parser = PARSERS[item.value];
    if (parser) return parser(item.derive({}), line, ctx, scope, item);
    ctx.problems.add(item.pos(), `unknown step type '${item.value}' (expected one of: ${STEP_TYPES.join(', ')})`);
    return undefined;
  }
  const keys = item.keys();
  const types = keys.filter((key) => Object.hasOwn(PARSERS, key));
  if (!item.isMap || keys.length === 0) {
    ctx.problems.add(item.pos(), `a step is a step type or a mapping with one key, the step type (${STEP_TYPES.join(', ')})`);
    return undefined;
  }
  if (types.length === 0) {
    const key = keys[0] as string;
    ctx.problems.add(item.keyPos(key), `unknown step type '${key}' (expected one of: ${STEP_TYPES.join(', ')})`);
    return undefined;
  }
  if (types.length > 1) {
    ctx.problems.add(item.keyPos(types[1] as string), `one step per list item: '${types[0]}' and '${types[1]}' stand in the same item`);
    return undefined;
  }
  const type = types[0] as string;
  const siblings = SIBLINGS[type] ?? [];
  let ok = true;
  for (const key of keys) {
    if (key === type || siblings.includes(key)) continue;
    ctx.problems.add(item.keyPos(key), `'${key}' stands beside '${type}': options of a step go under it, indented (${type}: { ${key}: … })`);
    ok = false;
  }
  if (!ok) return undefined;
  const args = item.get(type) as Src;
  return PARSERS[type]?.(args.value === null ? args.derive({}) : args, line, ctx, scope, item);
}

/** Parses a list of steps, reporting every problem in it; steps with problems are left out. */
export function parseStepList(list: Src, ctx: ParseCtx, scope: Scope): Step[] {
  const steps: Step[] = [];
  for (const item of list.items()) {
    const step = parseItem(item, ctx, scope);
    if (step) steps.push(step);
  }
  return steps;
}
