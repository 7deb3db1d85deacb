import type { FleetContext } from './context.js';

/**
 * Makes `make(ctx, key)` once per fleet context and key and returns that same value after: what
 * every charge point of one context and version shares instead of holding a copy. Contexts are
 * held weakly, so a finished fleet's values go with it.
 */
export function perContext<K, V>(make: (ctx: FleetContext, key: K) => V): (ctx: FleetContext, key: K) => V {
  const byContext = new WeakMap<FleetContext, Map<K, V>>();
  return (ctx, key) => {
    let byKey = byContext.get(ctx);
    if (!byKey) byContext.set(ctx, (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = make(ctx, key)));
    return value;
  };
}
