const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `500ms`, `30s`, `5m`, `1h` or `1m30s` into milliseconds; a bare
 * number means seconds. Returns undefined for anything else (negative, empty, unknown unit).
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1000 : undefined;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = trimmed.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (!parts || parts.join('') !== trimmed) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, value, unit] = /(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(part) as RegExpExecArray;
    total += Number(value) * (UNITS[unit as string] as number);
  }
  return total;
}

/** A latency with 3 significant digits: `0.97ms`, `43.1ms`, `1.20s`; rounding first, so 9.995 reads 10.0ms, not 10.00ms. */
export function formatLatency(value: number): string {
  if (value >= 999.95) return `${(value / 1000).toFixed(2)}s`;
  const digits = Number(value.toPrecision(3)) < 10 ? 2 : 1;
  return `${value.toFixed(digits)}ms`;
}

/** Formats milliseconds for people: `850ms`, `12.5s`, `2m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}
