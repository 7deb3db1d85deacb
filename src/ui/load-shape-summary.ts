import { formatDuration } from '../clock/duration.js';
import type { LoadShapeSection } from '../report/load-shape.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length))) ?? [];
  return rows.map((row) => '  ' + row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join('  ').trimEnd());
}

const time = (ms: number | null): string => (ms === null ? 'never' : formatDuration(ms));

/**
 * The load-shape lines of the end-of-run summary: each planned stage against the fleet at its
 * end, and each outage's reconnect storm. Empty for a run with neither. Pure.
 */
export function formatLoadShape(section: LoadShapeSection | null): string {
  const out: string[] = [];
  if (section?.stages) {
    const rows = [['stage', 'ends at', 'planned', 'connected', 'booted']];
    let from = 0;
    section.stages.forEach((s, i) => {
      const shape = from === s.target ? `hold ${s.target} for` : `${from}→${s.target} in`;
      rows.push([`${i + 1} ${shape} ${formatDuration(s.durationMs)}`, formatDuration(s.endsAtMs), String(s.target),
        s.connected === null ? 'not reached' : String(s.connected), s.accepted === null ? '-' : String(s.accepted)]);
      from = s.target;
    });
    out.push('', 'stages: planned charge points against what was connected at the end of each stage', ...table(rows));
  }
  for (const o of section?.outages ?? []) {
    out.push('', `outage at ${formatDuration(o.atMs)} for ${formatDuration(o.durationMs)}: ${o.rebooted} of ${o.herd} charge points booted again`,
      `  reconnect attempts  ${o.attemptsPerSecDuringOutage}/s during the outage, peak ${o.peakAttemptsPerSec}/s`,
      `  peak connects       ${o.peakConnectsPerSec}/s against the central system`,
      `  booted again        95% ${time(o.msTo95PercentRebooted)}, all ${time(o.msToAllRebooted)} after it came back`,
      `  queued messages     ${o.queuedMessagesFlushed ?? 0} flushed from offline queues`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
