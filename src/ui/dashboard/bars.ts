/** Eighths of a cell, so a bar grows smoothly: index n draws n/8 of a cell. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A horizontal bar exactly `width` cells wide for `fraction` (clamped to 0..1), in eighths of a
 * cell and padded with `track`. Any non-zero fraction shows at least `▏`, so a small count is
 * never mistaken for none; readable without colour.
 */
export function bar(fraction: number, width: number, track = ' '): string {
  if (width <= 0) return '';
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let eighths = Math.round(f * width * 8);
  if (f > 0 && eighths === 0) eighths = 1;
  const full = Math.floor(eighths / 8);
  const body = '█'.repeat(full) + (full < width ? EIGHTHS[eighths % 8] : '');
  return body + track.repeat(width - body.length);
}
