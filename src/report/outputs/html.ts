import { renderHtmlReport, type HtmlReportOptions } from '../html/page.js';
import type { SummaryDocument } from '../summary-document.js';
import { fileOutput } from './file-output.js';
import type { Output } from './output.js';

/**
 * `--out html=FILE`: the self-contained HTML report of the summary (charts, percentiles, tables;
 * with `options.baseline` the baseline overlaid), written atomically at the end. Also what
 * `report html` writes.
 */
export function htmlOutput(path: string, options: HtmlReportOptions = {}, label = '--out html'): Output<SummaryDocument> {
  return fileOutput<SummaryDocument>({ label, path, what: 'HTML report', render: (doc) => renderHtmlReport(doc, options) });
}
