/** SplitMix32 finaliser: spreads nearby seeds (seed, seed + 1, …) over the whole 32-bit space. */
export function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * sfc32 seeded through SplitMix32: numbers in [0, 1), 32-bit integer operations only, so a
 * seed gives the same sequence on every platform. `warmup` outputs are discarded first, as
 * sfc32's authors advise when the first outputs must not echo the seed. One plain object, no closures.
 */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, warmup = 0) {
    this.a = mix32(seed);
    this.b = mix32(this.a);
    this.c = mix32(this.b);
    for (let i = 0; i < warmup; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }
}

/** The same generator as a plain `() => number`. */
export function sfc32(seed: number, warmup = 0): () => number {
  const generator = new Sfc32(seed, warmup);
  return () => generator.next();
}
