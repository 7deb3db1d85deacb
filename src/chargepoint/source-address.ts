/**
 * The source address of charge point `index` (its global fleet index) among `addresses` when
 * charge point i connects to server URL i mod `urls`: with one URL, address i mod n; with
 * several (one per embedded gateway worker), the next address after every `urls` charge points,
 * so every address carries every server port alike and no address is left to one port's
 * connections (a fleet worker's shard would otherwise use one address only). Undefined when
 * `addresses` is empty. Pure.
 */
export function sourceAddressOf(addresses: readonly string[], urls: number, index: number): string | undefined {
  if (addresses.length === 0) return undefined;
  return addresses[Math.floor(index / Math.max(1, urls)) % addresses.length];
}
