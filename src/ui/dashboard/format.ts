/** Thousands separated with commas, locale-independent: `12,345`. */
function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A count in at most 7 characters: `999,999`, then `1.23M`, `12.3M`, `123M`, `1.23G`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  if (Math.abs(n) < 1e6) return grouped(n);
  const [value, unit] = Math.abs(n) < 1e9 ? [n / 1e6, 'M'] : [n / 1e9, 'G'];
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)}${unit}`;
}

/** A rate per second in at most 6 characters: `0.5`, `12`, `12,345`, `123k`, `1.2M`. */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec) || perSec <= 0) return '0';
  if (perSec < 10) return perSec.toFixed(1);
  if (perSec < 100_000) return grouped(perSec);
  if (perSec < 1e6) return `${Math.round(perSec / 1000)}k`;
  return `${(perSec / 1e6).toFixed(1)}M`;
}

/** A latency in milliseconds in at most 6 characters: `450µs`, `4.50ms`, `45.6ms`, `456ms`, `4.56s`, `45.6s`, `2m05s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 9.995) return `${ms.toFixed(2)}ms`;
  if (ms < 99.95) return `${ms.toFixed(1)}ms`;
  if (ms < 999.5) return `${Math.round(ms)}ms`;
  if (ms < 9995) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Bytes in binary units: `512 KiB`, `9.5 MiB`, `123 MiB`, `1.25 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A wall-clock duration as `m:ss`, or `h:mm:ss` from one hour on; negative counts as zero. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Exactly `width` characters: padded with spaces, or cut with a trailing `…`. Plain text only (no ANSI). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** At most `width` characters, cut with a trailing `…`, never padded. */
export function clip(text: string, width: number): string {
  return text.length <= width ? text : fit(text, width);
}

/** A panel's title line, `── Title ─────`, exactly `width` characters. */
export function titleLine(title: string, width: number): string {
  const head = `── ${title} `;
  return head.length >= width ? fit(head, width) : head + '─'.repeat(width - head.length);
}

/** Words wrapped into lines of at most `width` characters; a word longer than a line is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = clip(word, width);
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = clip(word, width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Items such as `timeout Heartbeat ×3` packed left to right into at most `maxLines` lines of
 * `width` characters, two spaces apart; what does not fit is counted in a final `+N more`.
 */
export function packItems(items: readonly string[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < items.length; i++) {
    const item = clip(items[i] as string, width);
    const candidate = line === '' ? item : `${line}  ${item}`;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (lines.length + 1 >= maxLines) return [...lines, withMore(line, items.length - i, width)];
    lines.push(line);
    line = item;
  }
  if (line !== '') lines.push(line);
  return lines.slice(0, maxLines);
}

/** `line` followed by `+N more`, dropping trailing items of the line until it fits. */
function withMore(line: string, more: number, width: number): string {
  const items = line.split('  ');
  let dropped = 0;
  for (;;) {
    const suffix = `+${more + dropped} more`;
    const text = items.length > 0 ? `${items.join('  ')}  ${suffix}` : suffix;
    if (text.length <= width || items.length === 0) return clip(text, width);
    items.pop();
    dropped++;
  }
}
