import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatDuration } from '../../clock/duration.js';
import { compareSummaries } from '../compare.js';
import type { SummaryDocument } from '../summary-document.js';
import { runSeries } from './chart-data.js';
import { CLIENT_SCRIPT } from './client.js';
import { baselineHtml, esc, settingsHtml, summaryTablesHtml, verdictHtml } from './tables.js';

/**
 * The charts' resolution in words: `intervals of 1m` as report html merged them, else the run's
 * `--interval` as recorded in its settings, else the spacing of its first two intervals.
 */
export function resolutionOf(doc: SummaryDocument, intervalSeconds: number | undefined, t: readonly number[]): string {
  if (intervalSeconds !== undefined) return `intervals of ${formatDuration(intervalSeconds * 1000)}`;
  if (typeof doc.config.interval === 'string') return `intervals of ${doc.config.interval}`;
  if (t.length > 1) return `intervals of ${formatDuration(Math.round(((t[1] as number) - (t[0] as number)) * 1000))}`;
  return 'one interval';
}

/** What a report shows besides the summary: a baseline to overlay, and the interval resolution. */
export interface HtmlReportOptions {
  /** `--baseline`: a previous run drawn dashed in the charts and compared in a table. */
  baseline?: { doc: SummaryDocument; name: string };
  /** `--interval`: merge the recorded intervals into intervals this long, in seconds (coarser only). */
  intervalSeconds?: number;
}

let assets: { js: string; css: string } | undefined;

/** uPlot's minified script and stylesheet, read from its npm package once, to be inlined. */
function uplotAssets(): { js: string; css: string } {
  if (!assets) {
    const require = createRequire(import.meta.url);
    const dist = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    assets = { js: dist('uPlot.iife.min.js'), css: dist('uPlot.min.css') };
  }
  return assets;
}

/** JSON safe inside a `<script>` element: `<` escaped so no `</script>` can end it early. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** A script's text safe inside `<script>` (uPlot's own text has no `</script`, but make sure). */
const scriptText = (text: string): string => text.replace(/<\/script/gi, '<\\/script');

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 1000px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
#verdict { font-size: 1.2em; font-weight: 600; padding: 0.4em 0.8em; border-radius: 4px; }
#verdict.pass { background: #e6f4ea; color: #1e7e34; } #verdict.fail { background: #fdecea; color: #b00020; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; } caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
th, td { border: 1px solid #ddd; padding: 2px 8px; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.pass { color: #1e7e34; } td.fail, td.worse { color: #b00020; } td.better { color: #1e7e34; }
.chart { margin: 1em 0; } .note { color: #666; font-size: 12px; } summary { cursor: pointer; font-weight: 600; margin-top: 1em; }
`;

/**
 * The HTML report of a summary: one self-contained file (uPlot inlined from its package, the
 * data inlined as JSON; it loads nothing), with the verdict and thresholds, the settings, charge
 * points connected/booted, messages/s, p50/p95/p99 per action and errors by category over time,
 * each action's latency by percentile (actual and corrected), the summary's tables, and with a
 * baseline its curves dashed and a comparison table. Pure but for reading uPlot once.
 */
export function renderHtmlReport(doc: SummaryDocument, options: HtmlReportOptions = {}): string {
  const { js, css } = uplotAssets();
  const run = runSeries(doc, options.intervalSeconds);
  const base = options.baseline ? runSeries(options.baseline.doc, options.intervalSeconds) : undefined;
  const actions = Object.keys(run.latency);
  const perAction = actions.map((action, i) => `<h3>${esc(action)}</h3>
<div class="chart" id="chart-latency-${i}" data-chart></div>
<div class="chart" id="chart-distribution-${i}" data-chart></div>`).join('\n');
  const merged = doc.mergedFrom > 1 ? '<p class="note">A merged summary keeps no per-interval percentiles: the charts over time show counts only.</p>' : '';
  const resolution = resolutionOf(doc, options.intervalSeconds, run.t);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>ocpp-sim report: ${esc(doc.target.scenario)} ${esc(doc.startedAt)}</title>
<style>${css}</style><style>${STYLE}</style></head>
<body>
<h1>ocpp-sim load test report</h1>
<p class="note">${esc(doc.target.scenario)} against ${esc(doc.target.url)}, started ${esc(doc.startedAt)}; ${esc(resolution)}.</p>
${verdictHtml(doc)}
<details id="settings-section"><summary>Settings (${esc(Object.keys(doc.config).length)})</summary>
${settingsHtml(doc)}
</details>
<h2>Over time</h2>
${merged}
<div class="chart" id="chart-charge-points" data-chart></div>
<div class="chart" id="chart-messages" data-chart></div>
<div class="chart" id="chart-errors" data-chart></div>
<h2>Latency per action</h2>
<p class="note">Per action: p50/p95/p99 of each interval, then every percentile of the whole run (the HdrHistogram plotter's view: the tail is stretched on a log scale), the corrected latency of scheduled actions beside the actual.</p>
${perAction}
<h2>Summary</h2>
${options.baseline ? baselineHtml(compareSummaries(options.baseline.doc, doc), options.baseline.name) : ''}
${summaryTablesHtml(doc)}
<script id="report-data" type="application/json">${scriptJson({ actions, run, baseline: base ?? null })}</script>
<script>${scriptText(js)}</script>
<script>${scriptText(CLIENT_SCRIPT)}</script>
</body></html>
`;
}
