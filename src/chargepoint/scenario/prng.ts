import { mix32, Sfc32, sfc32 } from '../../random/sfc32.js';

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
const HEX = '0123456789abcdef';
/** Outputs discarded after seeding, as sfc32's authors advise, so the first ones do not echo the seed. */
const WARMUP = 12;

/** The seed of charge point `index` (0-based) of a run seeded with `seed`: distinct per index, stable per pair. */
export function seedFor(seed: number, index: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x27d4eb2d));
}

/**
 * A charge point's PRNG: sfc32 (src/random) with its warm-up. One small object per charge point;
 * the generator is made on first use, so a charge point whose scenario draws nothing pays for a seed only.
 */
class Sfc32Prng implements Prng {
  private readonly seed: number;
  private generator: Sfc32 | null = null;

  constructor(seed: number) {
    this.seed = seed;
  }

  next(): number {
    return (this.generator ??= new Sfc32(this.seed, WARMUP)).next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  idTag(): string {
    return `T${this.chars(9, ALPHABET)}`;
  }

  uuid(): string {
    const hex = this.chars(32, HEX);
    const variant = '89ab'[this.int(0, 3)] as string;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private chars(n: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
}

/** A seedable PRNG (see Sfc32Prng). */
export function createPrng(seed: number): Prng {
  return new Sfc32Prng(seed);
}

/** A `() => number` in [0, 1) from `seed`, for code that takes a plain random function (back-off jitter). */
export function seededRandom(seed: number): () => number {
  return sfc32(seed, WARMUP);
}
