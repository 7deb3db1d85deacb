import type { Branch, Condition, Step } from './types.js';
import { checkTemplates } from './check-payload.js';
import { parseCondition } from './conditions.js';
import { allow, durationOf, withDefined, type ParseCtx, type Scope, type StepParser } from './parse-support.js';
import type { Src } from './yaml-source.js';

/** What an `until` condition can look at, besides `vars.NAME` and `response.PATH`. */
const STATE_PATHS = ['connector.status', 'connector.transaction', 'cp.state'];

function nestedSteps(args: Src, owner: string, ctx: ParseCtx, scope: Scope, at: Src): Step[] | undefined {
  const steps = args.get('steps');
  if (steps === undefined || !steps.isList || steps.items().length === 0) {
    ctx.problems.add((steps ?? at).pos(), `${owner} needs 'steps': a non-empty list of steps`);
    return undefined;
  }
  return ctx.parseSteps(steps, scope);
}

function untilOf(src: Src | undefined, ctx: ParseCtx, scope: Scope): Condition | undefined {
  if (src === undefined) return undefined;
  return parseCondition(src, 'repeat.until', ctx.problems, (path, value, pos) => {
    const [root, name] = path.split('.');
    if (root === 'vars') {
      if (name === undefined || !scope.vars.has(name)) ctx.problems.add(pos, `repeat.until: undefined variable '${name ?? ''}': no step before it or in the repeat saves it`);
    } else if (root !== 'response' && !STATE_PATHS.includes(path)) {
      ctx.problems.add(pos, `repeat.until: '${path}' is not something a condition can look at (vars.NAME, response.PATH, ${STATE_PATHS.join(', ')})`);
    }
    checkTemplates(value, ctx, scope);
  });
}

function parseRepeat(args: Src, line: number, ctx: ParseCtx, scope: Scope, step: Src): Step | undefined {
  if (!allow(args, 'repeat', ['count', 'every', 'for', 'until', 'steps'], ctx)) return undefined;
  const countSrc = args.get('count');
  const count = countSrc?.value;
  if (countSrc && !(Number.isInteger(count) && (count as number) >= 1)) ctx.problems.add(countSrc.pos(), `repeat.count must be a whole number from 1 (got ${JSON.stringify(count)})`);
  const everySrc = args.get('every');
  const everyMs = everySrc ? durationOf(everySrc, 'repeat.every', ctx) : undefined;
  if (everyMs === 0) ctx.problems.add((everySrc as Src).pos(), 'repeat.every must be longer than 0');
  const forSrc = args.get('for');
  const forMs = forSrc ? durationOf(forSrc, 'repeat.for', ctx) : undefined;
  if (!countSrc && !everySrc && !forSrc && !args.has('until')) {
    ctx.problems.add(step.pos(), "repeat needs 'count', 'every', 'for' or 'until' (e.g. repeat: { every: 10s, for: 1m, steps: [...] })");
  }
  const steps = nestedSteps(args, 'repeat', ctx, scope, step);
  const until = untilOf(args.get('until'), ctx, scope);
  if (steps === undefined) return undefined;
  return withDefined({ type: 'repeat', line, steps }, {
    count: Number.isInteger(count) ? count : undefined, everyMs: everyMs || undefined, forMs, until,
  });
}

/** `- forEach: connector` with `steps` (and optionally `connectors`) beside it, in the same mapping. */
function parseForEach(args: Src, line: number, ctx: ParseCtx, scope: Scope, step: Src): Step | undefined {
  if (args.value !== 'connector') {
    ctx.problems.add(args.pos(), `forEach can only go over 'connector' (write: forEach: connector, with steps: beside it)`);
    return undefined;
  }
  const listSrc = step.get('connectors');
  let connectors: 'all' | number[] = 'all';
  if (listSrc && listSrc.value !== 'all') {
    const ids = listSrc.isList ? listSrc.items().map((item) => item.value) : [];
    const ok = ids.length > 0 && ids.every((id) => Number.isInteger(id) && (id as number) >= 1 && (id as number) <= ctx.profile.connectors);
    if (!ok || new Set(ids).size !== ids.length) {
      ctx.problems.add(listSrc.pos(), `forEach.connectors must be 'all' or a list of distinct connectors 1..${ctx.profile.connectors}`);
      return undefined;
    }
    connectors = ids as number[];
  }
  const steps = nestedSteps(step, 'forEach', ctx, { ...scope, inForEach: true }, step);
  return steps === undefined ? undefined : { type: 'forEach', line, connectors: Object.freeze(connectors) as 'all' | readonly number[], steps };
}

/** `parallel: { name: [steps], other: [steps] }`: branches that run at the same time. */
function parseParallel(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!args.isMap || args.keys().length === 0) {
    ctx.problems.add(args.pos(), 'parallel must be a mapping of branch names to lists of steps, e.g. parallel: { heartbeats: [...], session: [...] }');
    return undefined;
  }
  const branches: Branch[] = [];
  const saved = new Set<string>();
  for (const name of args.keys()) {
    const list = args.get(name) as Src;
    if (!list.isList || list.items().length === 0) {
      ctx.problems.add(list.pos(), `parallel branch '${name}' must be a non-empty list of steps`);
      continue;
    }
    // A branch sees what was saved before the group, not what a sibling branch saves meanwhile.
    const branchScope: Scope = { ...scope, vars: new Set(scope.vars), inParallel: true };
    branches.push({ name, steps: ctx.parseSteps(list, branchScope) });
    for (const variable of branchScope.vars) saved.add(variable);
  }
  for (const variable of saved) scope.vars.add(variable);
  return branches.length === args.keys().length ? { type: 'parallel', line, branches: Object.freeze(branches) } : undefined;
}

/** Parsers of the steps that hold steps: repeat, forEach, parallel. */
export const FLOW_STEPS: Readonly<Record<string, StepParser>> = {
  repeat: parseRepeat,
  forEach: parseForEach,
  parallel: parseParallel,
};
