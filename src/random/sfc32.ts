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
 * sfc32's authors advise when the first outputs must not echo the seed.
 */
export function sfc32(seed: number, warmup = 0): () => number {
  let a = mix32(seed);
  let b = mix32(a);
  let c = mix32(b);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  for (let i = 0; i < warmup; i++) next();
  return next;
}
