import { formatDuration, formatLatency } from '../../clock/duration.js';
import type { Percentiles } from '../../metrics/histogram.js';
import { formatChange } from '../../metrics/regression.js';
import type { Comparison, FigureChange } from '../compare.js';
import type { SummaryDocument } from '../summary-document.js';

/** Text made safe for HTML element content and attribute values. */
export function esc(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const FIGURES = ['count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;
const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

function table(caption: string, head: string[], rows: string[][], id?: string): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
  return `<table${id ? ` id="${id}"` : ''}><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const td = (text: unknown, attrs = ''): string => `<td${attrs}>${esc(text)}</td>`;

/** One row of time figures; every cell carries its exact value in ms (`data-value`) beside the text. */
function timeRow(name: string, p: Percentiles, key: string): string[] {
  return [td(name), ...FIGURES.map((f) => {
    const value = p[f];
    const text = f === 'count' ? String(value) : p.count > 0 ? formatLatency(value) : '–';
    return td(text, ` data-${key}="${esc(name)}" data-figure="${f}" data-value="${value}" class="num"`);
  })];
}

/** The verdict line, and each threshold with ✓ or ✗. */
export function verdictHtml(doc: SummaryDocument): string {
  const failed = doc.thresholds.filter((t) => !t.passed).length;
  const passed = doc.outcome === 'completed' && failed === 0;
  const words = doc.outcome !== 'completed' ? `${doc.outcome}${doc.error ? `: ${doc.error}` : ''}`
    : doc.thresholds.length === 0 ? 'completed (no thresholds)' : failed === 0 ? `completed, all ${doc.thresholds.length} thresholds passed` : `${failed} of ${doc.thresholds.length} thresholds failed`;
  const rows = doc.thresholds.map((t) => [td(t.passed ? '✓' : '✗', ` class="${t.passed ? 'pass' : 'fail'}"`), td(t.expression), td(t.message)]);
  return `<p id="verdict" class="${passed ? 'pass' : 'fail'}">${esc(words)}</p>${rows.length > 0 ? table('Thresholds', ['', 'threshold', 'observed'], rows, 'thresholds') : ''}`;
}

/** The run's target, timing and resolved settings. */
export function settingsHtml(doc: SummaryDocument): string {
  const rows: string[][] = [
    [td('target'), td(`${doc.target.url} (${doc.target.protocol}, scenario ${doc.target.scenario})`)],
    [td('started'), td(`${doc.startedAt}, ran ${formatDuration(doc.elapsedMs)} of ${formatDuration(doc.durationMs)}${doc.mergedFrom > 1 ? `, ${doc.mergedFrom} runs merged` : ''}`)],
    [td('tool'), td(`${doc.tool.name} ${doc.tool.version}`)],
  ];
  for (const [key, value] of Object.entries(doc.config).sort(([a], [b]) => a.localeCompare(b))) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    rows.push([td(key), td(typeof value === 'object' ? JSON.stringify(value) : value)]);
  }
  return table('Settings', ['setting', 'value'], rows, 'settings');
}

/** The tables of the text summary: charge points, messages, times, round trip per action, errors, steps. */
export function summaryTablesHtml(doc: SummaryDocument): string {
  const cp = doc.chargePoints;
  const c = doc.counts;
  const parts: string[] = [];
  parts.push(table('Charge points', ['configured', 'started', 'connected', 'booted', 'failed', 'all booted in'], [[
    td(cp.count), td(cp.started), td(cp.connected), td(cp.booted), td(cp.failed), td(cp.allBootedMs === null ? 'never' : formatLatency(cp.allBootedMs)),
  ]], 'charge-points'));
  parts.push(table('Messages and connections', ['sent', 'received', 'errors', 'timeouts', 'CALLERRORs', 'connects', 'reconnects', 'failed attempts', 'dropped'], [[
    td(total(c.sent)), td(total(c.received)), td(total(c.errors)), td(c.timeouts), td(c.callErrors), td(c.connects), td(c.reconnects), td(c.connectFailures), td(total(c.disconnects)),
  ]]));
  const actions = Object.keys(doc.latency).sort();
  parts.push(table('Round trip per action (CALL sent → answer received)', ['action', ...FIGURES], actions.map((a) => timeRow(a, doc.latency[a] as Percentiles, 'action')), 'latency'));
  const corrected = Object.keys(doc.latencyCorrected).sort();
  if (corrected.length > 0) parts.push(table('Scheduled actions, from the intended send time (coordinated omission corrected)', ['action', ...FIGURES], corrected.map((a) => timeRow(a, doc.latencyCorrected[a] as Percentiles, 'corrected')), 'latency-corrected'));
  parts.push(table('Times', ['figure', ...FIGURES], [timeRow('connect', doc.connect, 'time'), timeRow('boot', doc.boot, 'time'), timeRow('answer', doc.answer, 'time')], 'times'));
  const kinds = Object.entries(c.errors).sort(([, a], [, b]) => b - a);
  if (kinds.length > 0) parts.push(table('Errors by kind', ['kind', 'count'], kinds.map(([kind, n]) => [td(kind), td(n, ' class="num"')]), 'errors'));
  const steps = Object.entries(doc.steps).filter(([, s]) => s.failures > 0);
  if (steps.length > 0) {
    parts.push(table('Failing scenario steps', ['step', 'checks', 'failures', 'examples'], steps.map(([step, s]) => [
      td(step), td(s.checks), td(s.failures), td(s.samples.map((x) => `${x.chargePoint}: ${x.detail}`).join('; ')),
    ]), 'steps'));
  }
  return parts.join('\n');
}

function changeCell(row: FigureChange): string {
  const mark = row.verdict === 'worse' ? ' ▲' : row.verdict === 'better' ? ' ▼' : '';
  return td(`${row.change === null ? '' : formatChange(row.change)}${mark}`, ` class="num ${row.verdict}"`);
}

function valueText(row: FigureChange, value: number | null): string {
  if (value === null) return '–';
  if (row.unit === 'ms') return formatLatency(value);
  return row.unit === 'rate' ? `${Number((value * 100).toPrecision(3))}%` : String(value);
}

/** BASE and this run side by side with the change, beyond-noise changes marked (see report/compare.ts). */
export function baselineHtml(comparison: Comparison, baseName: string): string {
  const rows: string[][] = [];
  const add = (group: string, row: FigureChange): void => {
    rows.push([td(group), td(row.label), td(valueText(row, row.base), ' class="num"'), td(valueText(row, row.current), ' class="num"'), changeCell(row)]);
  };
  for (const { action, rows: figures } of comparison.actions) for (const row of figures) add(action, row);
  for (const row of comparison.errors) add('errors', row);
  for (const row of comparison.boot) add('boot', row);
  return `${table(`Compared with the baseline ${baseName}`, ['', 'figure', 'baseline', 'this run', 'change'], rows, 'baseline')}
<p class="note">▲/▼: beyond noise (non-overlapping 95 % confidence intervals of a percentile, or a two-proportion z-test of a rate at 5 %); see docs/reports.md.</p>`;
}
