/** One slice of a fleet: the charge points whose global index ≡ `index` (mod `total`). */
export interface Shard {
  /** 0-based, below `total`. */
  index: number;
  total: number;
}

/** The whole fleet as one shard. */
export const WHOLE: Readonly<Shard> = Object.freeze({ index: 0, total: 1 });

/**
 * Parses `K/N` (0 ≤ K < N); throws a RangeError saying what is wrong. Pure.
 */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new RangeError(`expected K/N such as 0/4 (got '${text}')`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1) throw new RangeError(`N must be at least 1 (got '${text}')`);
  if (index >= total) throw new RangeError(`K must be below N, counting from 0 (got '${text}')`);
  return { index, total };
}

/** The global indices of `shard`'s charge points among `count`, ascending. Pure. */
export function shardIndices(count: number, shard: Shard = WHOLE): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < count; i += shard.total) out.push(i);
  return out;
}

/**
 * How many of `shard`'s charge points are due when `globalDue` charge points of the whole
 * fleet are (indices below it), so shards started together follow the fleet's ramp. Pure.
 */
export function shardDue(globalDue: number, shard: Shard = WHOLE): number {
  return Math.max(0, Math.ceil((globalDue - shard.index) / shard.total));
}
