import type { GatewayHooks } from './hooks.js';

const KEYS = ['onConnect', 'onDisconnect', 'onMessage', 'onError'] as const;

/** One set of hooks that calls each given set's hook in turn (absent sets and hooks skipped). */
export function composeHooks(...sets: ReadonlyArray<GatewayHooks | undefined>): GatewayHooks {
  const present = sets.filter((set): set is GatewayHooks => set !== undefined);
  const composed: GatewayHooks = {};
  for (const key of KEYS) {
    const hooks = present.map((set) => set[key]).filter((hook) => hook !== undefined) as Array<(event: never) => void>;
    if (hooks.length === 1) Object.assign(composed, { [key]: hooks[0] });
    else if (hooks.length > 1) Object.assign(composed, { [key]: (event: never) => { for (const hook of hooks) hook(event); } });
  }
  return composed;
}
