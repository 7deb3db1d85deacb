import type { ChargePoint } from '../charge-point.js';
import { AuthCache } from './authorize.js';
import { LocalList } from './local-list.js';

const lists = new WeakMap<ChargePoint, LocalList>();
const caches = new WeakMap<ChargePoint, AuthCache>();

/** The local authorization list of `cp` (empty, version 0, until a SendLocalList). */
export function localListOf(cp: ChargePoint): LocalList {
  let list = lists.get(cp);
  if (!list) lists.set(cp, (list = new LocalList()));
  return list;
}

/** The authorization cache of `cp`. */
export function authCacheOf(cp: ChargePoint): AuthCache {
  let cache = caches.get(cp);
  if (!cache) caches.set(cp, (cache = new AuthCache()));
  return cache;
}
