import { mix32, sfc32 } from '../../random/sfc32.js';

/** A seeded pseudo-random source: the same seed gives the same sequence on every machine. */
export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** An id tag of 10 characters, `T` and 9 upper-case letters or digits (fits 1.6 CiString20 and 2.0.1 IdToken). */
  idTag(): string;
  /** A version-4-shaped UUID (lower-case hex). */
  uuid(): string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The seed of charge point `index` (0-based) of a run seeded with `seed`: distinct per index, stable per pair. */
export function seedFor(seed: number, index: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x27d4eb2d));
}

/**
 * A seedable PRNG (sfc32, seeded through SplitMix32): fast, 32-bit state words, passes
 * PractRand to many GB, and identical across platforms since it uses only 32-bit integer ops.
 */
export function createPrng(seed: number): Prng {
  // Warm-up, as sfc32's authors advise, so the first outputs do not echo the seed.
  const next = sfc32(seed, 12);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const chars = (n: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[int(0, alphabet.length - 1)];
    return out;
  };
  return {
    next,
    int,
    idTag: () => `T${chars(9, ALPHABET)}`,
    uuid: () => {
      const hex = chars(32, '0123456789abcdef');
      const variant = '89ab'[int(0, 3)] as string;
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

/** A `() => number` in [0, 1) from `seed`, for code that takes a plain random function (back-off jitter). */
export function seededRandom(seed: number): () => number {
  return createPrng(seed).next;
}
