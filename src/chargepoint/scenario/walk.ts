import type { Step } from './types.js';

/**
 * Deepest nesting `walkSteps` follows (a step inside `repeat` inside `forEach` is at depth 2).
 * Parsed scenarios are bounded by their file's size; this bound keeps a walk over a hand-built
 * step tree from exhausting the stack.
 */
export const MAX_WALK_DEPTH = 64;

/**
 * Where a step stands in its tree: indexes into each step list from the top, with the branch
 * name for a `parallel` branch (`[2, 'meter', 0]` is the first step of branch `meter` of the
 * third top-level step). `depth` is the number of enclosing steps (0 at the top).
 */
export interface StepPlace {
  path: readonly (number | string)[];
  depth: number;
}

/**
 * Calls `visit` for every step of the tree in document order, parents before their children
 * (`repeat`, `forEach` and `offline` steps, `parallel` branches in their written order). Steps nested deeper
 * than MAX_WALK_DEPTH are not visited.
 */
export function walkSteps(steps: readonly Step[], visit: (step: Step, place: StepPlace) => void): void {
  const walk = (list: readonly Step[], path: readonly (number | string)[], depth: number): void => {
    if (depth > MAX_WALK_DEPTH) return;
    list.forEach((step, index) => {
      const here = [...path, index];
      visit(step, { path: here, depth });
      if (step.type === 'repeat' || step.type === 'forEach' || step.type === 'offline') walk(step.steps, here, depth + 1);
      else if (step.type === 'parallel') for (const branch of step.branches) walk(branch.steps, [...here, branch.name], depth + 1);
    });
  };
  walk(steps, [], 0);
}
