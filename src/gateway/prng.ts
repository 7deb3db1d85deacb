import { sfc32 } from '../random/sfc32.js';

/** A seeded source of numbers in [0, 1): the same seed gives the same sequence on every machine. */
export type Random = () => number;

/**
 * A seedable PRNG (sfc32 seeded through SplitMix32), 32-bit integer operations only, so a seed
 * replays the same fault pattern on any platform. Used for every random choice the gateway makes.
 */
export function createRandom(seed: number): Random {
  return sfc32(seed);
}
