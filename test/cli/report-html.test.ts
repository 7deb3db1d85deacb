/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { formatLatency } from '../../src/clock/duration.js';
import type { SummaryDocument } from '../../src/report/summary-document.js';
import { chromiumPath, withChromium } from '../helpers/chromium.js';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// Without chromium the browser test cannot run; CI installs it (.ci/run), so there it must not be skipped.
const skip = !chromiumPath() && !process.env.CI ? 'chromium is not installed (apt-get install -y chromium)' : false;

interface PageFindings {
  consoleErrors: string[];
  requests: string[];
  charts: number;
  drawnCharts: string[];
  blankCharts: string[];
  cells: Array<{ key: string; name: string; figure: string; value: number; text: string }>;
}

/** Opens `file` in the browser and reports what a reader would see: errors, requests, charts, figures. */
async function inspect(browser: Browser, file: string): Promise<PageFindings> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warn') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.charts !== undefined, { timeout: 30_000 });
  // Let uPlot paint (it draws on the next animation frame).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const found = await page.evaluate(() => {
    const charts = [...document.querySelectorAll<HTMLElement>('[data-chart]')];
    const painted = (el: HTMLElement): boolean => [...el.querySelectorAll('canvas')].some((canvas) => {
      const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) if ((pixels[i + 3] as number) > 0 && ((pixels[i] as number) < 200 || (pixels[i + 2] as number) < 200)) coloured++;
      return coloured > 50;
    });
    return {
      charts: Number(document.body.dataset.charts),
      drawnCharts: charts.filter((el) => el.dataset.drawn === 'true').map((el) => el.id),
      blankCharts: charts.filter((el) => !painted(el)).map((el) => el.id),
      cells: [...document.querySelectorAll<HTMLElement>('td[data-figure]')].map((td) => {
        const key = ['action', 'corrected', 'time'].find((k) => td.dataset[k] !== undefined) as string;
        return { key, name: td.dataset[key] as string, figure: td.dataset.figure as string, value: Number(td.dataset.value), text: td.textContent ?? '' };
      }),
      chartIds: charts.map((el) => el.id),
    };
  });
  await page.close();
  return { consoleErrors, requests, ...found };
}

function assertFaithful(findings: PageFindings, doc: SummaryDocument, file: string): void {
  assert.deepEqual(findings.consoleErrors, [], 'no console errors or warnings');
  assert.deepEqual(findings.requests, [pathToFileURL(file).href], 'no request but the page itself');
  assert.ok(findings.charts >= 3 + 2 * Object.keys(doc.latency).length, `every chart was made (${findings.charts})`);
  assert.equal(findings.drawnCharts.length, findings.charts);
  assert.deepEqual(findings.blankCharts, [], 'every chart has painted pixels');
  const latencyCells = findings.cells.filter((c) => c.key === 'action');
  assert.equal(latencyCells.length, Object.keys(doc.latency).length * 8, 'eight figures per action');
  for (const cell of latencyCells) {
    const expected = (doc.latency[cell.name] as unknown as Record<string, number>)[cell.figure] as number;
    assert.equal(cell.value, expected, `${cell.name} ${cell.figure} in the page equals the summary JSON`);
    assert.equal(cell.text, cell.figure === 'count' ? String(expected) : formatLatency(expected), `${cell.name} ${cell.figure} as shown`);
  }
  for (const cell of findings.cells.filter((c) => c.key === 'time')) {
    const source = { connect: doc.connect, boot: doc.boot, answer: doc.answer }[cell.name as 'connect' | 'boot' | 'answer'] as unknown as Record<string, number>;
    assert.equal(cell.value, source[cell.figure], `${cell.name} ${cell.figure}`);
  }
}

test('the HTML report of a run, and of report html with a baseline, load in headless Chromium with no errors or requests, every chart drawn, figures equal to the summary JSON', { skip }, () => withTempDir(async (dir) => {
  const run = await runCli(['run', '-n', '4', '--rate', '0', '-d', '4s', '--interval', '1s', '--heartbeat-interval', '1s', '--no-ui', '--out', 'summary.json', '--out', 'html=report.html'], { cwd: dir, ms: 60_000 });
  assert.equal(run.code, 0, run.stderr());
  assert.match(run.stderr(), /HTML report written to .*report\.html/);
  const doc = readSummary(join(dir, 'summary.json'));
  assert.ok(doc.intervals.length >= 3, `intervals of 1 s (${doc.intervals.length})`);
  assert.ok(Object.keys(doc.latency).includes('Heartbeat'));
  const html = await readFile(join(dir, 'report.html'), 'utf8');
  assert.ok(!/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import/i.test(html), 'no script, stylesheet or image to load from elsewhere');
  const again = await runCli(['report', 'html', 'summary.json', '-o', 'compared.html', '--baseline', 'summary.json'], { cwd: dir });
  assert.equal(again.code, 0, again.stderr());
  await withChromium(async (browser) => {
    assertFaithful(await inspect(browser, join(dir, 'report.html')), doc, join(dir, 'report.html'));
    const compared = await inspect(browser, join(dir, 'compared.html'));
    assertFaithful(compared, doc, join(dir, 'compared.html'));
  });
  const compared = await readFile(join(dir, 'compared.html'), 'utf8');
  assert.match(compared, /Compared with the baseline summary\.json/);
}));

test('report html refuses a missing -o, a bad --interval and an unknown --out kind, in one line each (exit 104)', () => withTempDir(async (dir) => {
  const cases: Array<[string[], RegExp]> = [
    [['report', 'html', 'a.json'], /report html needs -o FILE/],
    [['report', 'html', 'a.json', '-o', 'r.html', '--interval', 'soon'], /--interval must be a time of at least 1s/],
    [['run', '--out', 'pdf=r.pdf'], /--out: unknown output 'pdf' in 'pdf=r\.pdf'/],
    [['run', '--baseline', 'a.json'], /--baseline needs --out html=FILE/],
    [['report', 'html', 'a.json', './a.json', '-o', 'r.html'], /\.\/a\.json is given twice \(as a\.json too\): its run would be counted twice/],
    [['run', '--out', 'html=r.html', '--baseline', 'missing.json'], /^ocpp-sim: error: --baseline: cannot read summary \S*missing\.json: no such file$/m],
    [['run', '--out', 'html=r.html', '--baseline', 'cut.json'], /^ocpp-sim: error: --baseline: \S*cut\.json: not valid JSON: /m],
  ];
  await writeFile(join(dir, 'cut.json'), '{"schema":"ocpp-sim/summary@2",');
  for (const [argv, expected] of cases) {
    const result = await runCli(argv, { cwd: dir });
    assert.equal(result.code, 104, result.stderr());
    assert.match(result.stderr(), expected);
  }
}));
