/** The action shown in the latency ladder: `current` while it still exists, else the first. Pure. */
export function effectiveAction(actions: readonly string[], current: string | undefined): string | undefined {
  return current !== undefined && actions.includes(current) ? current : actions[0];
}

/** The action `delta` places after (or before, when negative) the current one, wrapping around. Pure. */
export function stepAction(actions: readonly string[], current: string | undefined, delta: number): string | undefined {
  if (actions.length === 0) return undefined;
  const from = actions.indexOf(effectiveAction(actions, current) as string);
  const n = actions.length;
  return actions[(((from + delta) % n) + n) % n];
}

/** The actions with latency figures, in a stable (alphabetical) order. */
export function latencyActions(latency: Record<string, { count: number }>): string[] {
  return Object.keys(latency).filter((a) => (latency[a]?.count ?? 0) > 0).sort();
}
