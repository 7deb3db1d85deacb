import { formatDuration } from '../clock/duration.js';
import type { LoadShapeSection } from '../report/load-shape.js';

/**
 * The load-shape lines of the end-of-run summary: each planned stage against the fleet at its
 * end. Empty for a run without stages. Pure.
 */
export function formatLoadShape(section: LoadShapeSection | null): string {
  if (!section?.stages) return '';
  const rows = [['stage', 'ends at', 'planned', 'connected', 'booted']];
  let from = 0;
  section.stages.forEach((s, i) => {
    const shape = from === s.target ? `hold ${s.target}` : `${from}→${s.target}`;
    rows.push([`${i + 1} ${shape} in ${formatDuration(s.durationMs)}`, formatDuration(s.endsAtMs), String(s.target),
      s.connected === null ? 'not reached' : String(s.connected), s.accepted === null ? '-' : String(s.accepted)]);
    from = s.target;
  });
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  const lines = rows.map((row) => '  ' + row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ').trimEnd());
  return ['', 'stages: planned charge points against what was connected at the end of each stage', ...lines, ''].join('\n');
}
