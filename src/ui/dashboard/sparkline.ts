const TICKS = '▁▂▃▄▅▆▇█';

/**
 * One character per value, scaled to `max` (default: the largest value): `▁` for zero, at least
 * `▂` for any value above zero, `█` for the maximum; a space where nothing was measured yet.
 */
export function sparkline(values: ReadonlyArray<number | undefined>, max?: number): string {
  const top = max ?? Math.max(0, ...values.filter((v): v is number => v !== undefined));
  return values.map((v) => {
    if (v === undefined || !Number.isFinite(v)) return ' ';
    if (v <= 0 || top <= 0) return TICKS[0];
    const index = Math.min(7, Math.max(1, Math.round((v / top) * 7)));
    return TICKS[index];
  }).join('');
}
