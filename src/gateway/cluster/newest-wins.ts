/** One connection of a charge point id in the cluster: when a worker accepted it (epoch ms) and which worker (index from 1). */
export interface Holder {
  readonly at: number;
  readonly worker: number;
}

/**
 * True when connection `a` replaces connection `b` of the same charge point id: the newest wins,
 * as in one process; accepted in the same millisecond by two workers, the higher worker index
 * wins. A strict total order over distinct workers, so two workers deciding apart (each told of
 * the other's connection) keep exactly one of the two.
 */
export function supersedes(a: Holder, b: Holder): boolean {
  return a.at > b.at || (a.at === b.at && a.worker > b.worker);
}
