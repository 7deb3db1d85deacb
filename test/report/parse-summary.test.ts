import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodedHistograms } from '../../src/metrics/decoded-histograms.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { compareSummaries } from '../../src/report/compare.js';
import { ReportError } from '../../src/report/errors.js';
import { runSeries } from '../../src/report/html/chart-data.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { parseSummaryDocument } from '../../src/report/parse-summary.js';
import { buildSummaryDocument } from '../../src/report/summary-document.js';
import { runResult, smallSamples } from './run-results.js';

const valid = buildSummaryDocument(runResult({ samples: smallSamples(1, 3) }), { config: {}, thresholds: [], toolVersion: '1.0.0' });
const without = (field: string): string => JSON.stringify({ ...valid, [field]: undefined });

test('a summary written as JSON parses back to the same document', () => {
  assert.deepEqual(parseSummaryDocument(JSON.stringify(valid, null, 2), 'a.json'), valid);
});

test('a summary without histograms is still a valid document', () => {
  assert.equal(parseSummaryDocument(JSON.stringify({ ...valid, histograms: null }), 'a.json').histograms, null);
});

const INVALID: Array<[string, string, RegExp]> = [
  ['text that is not JSON', '{"schema": "ocpp-sim/summary@2", ', /^shard-1\.json: not valid JSON: /],
  ['an empty file', '', /^shard-1\.json: not valid JSON: /],
  ['a JSON array', '[]', /^shard-1\.json: not an ocpp-sim summary \(expected a JSON object, got array\)$/],
  ['JSON null', 'null', /^shard-1\.json: not an ocpp-sim summary \(expected a JSON object, got null\)$/],
  ['an object without schema', '{"outcome":"completed"}', /^shard-1\.json: not an ocpp-sim\/summary@2 document \(no "schema" field\)$/],
  ['another schema version', JSON.stringify({ ...valid, schema: 'ocpp-sim/summary@1' }), /^shard-1\.json: not an ocpp-sim\/summary@2 document \(schema "ocpp-sim\/summary@1"\)$/],
  ['k6 output', '{"metrics":{},"root_group":{}}', /no "schema" field/],
  ['a missing counts field', without('counts'), /^shard-1\.json: invalid ocpp-sim\/summary@2 document: missing or wrong field counts$/],
  ['wrong kinds in several fields', JSON.stringify({ ...valid, intervals: {}, elapsedMs: '30s' }), /missing or wrong fields elapsedMs, intervals$/],
  ['an unknown outcome', JSON.stringify({ ...valid, outcome: 'exploded' }), /missing or wrong field outcome$/],
  ['a count nested deeper than a record', JSON.stringify({ ...valid, counts: { ...valid.counts, sent: { Heartbeat: { deeper: 1 } } } }),
    /^shard-1\.json: invalid ocpp-sim\/summary@2 document: counts\.sent\.Heartbeat is not a number$/],
  ['a total that is text', JSON.stringify({ ...valid, counts: { ...valid.counts, connects: '3' } }), /: counts\.connects is not a number$/],
  ['a setting nested 100,000 levels deep', JSON.stringify({ ...valid, config: { x: 0 } }).replace('{"x":0}', `${'{"x":'.repeat(100_000)}0${'}'.repeat(100_000)}`),
    /^shard-1\.json: not an ocpp-sim summary \(nested deeper than 64 levels\)$/],
  ['a histogram that is not base64', JSON.stringify({ ...valid, histograms: { ...valid.histograms, latency: { ...valid.histograms?.latency, Heartbeat: '!!notbase64' } } }),
    /^shard-1\.json: invalid ocpp-sim\/summary@2 document: histograms\.latency\.Heartbeat is not an encoded HdrHistogram$/],
  ['a histogram cut short', JSON.stringify({ ...valid, histograms: { ...valid.histograms, connect: valid.histograms?.connect.slice(0, 24) } }),
    /: histograms\.connect is not an encoded HdrHistogram$/],
  ['a histogram that is a number', JSON.stringify({ ...valid, histograms: { ...valid.histograms, boot: 42 } }), /: histograms\.boot is not an encoded HdrHistogram$/],
];

for (const [what, text, message] of INVALID) {
  test(`${what} is refused with a one-line message naming the file`, () => {
    assert.throws(() => parseSummaryDocument(text, 'shard-1.json'), (error: unknown) => {
      assert.ok(error instanceof ReportError);
      assert.equal(error.code, 'E_SUMMARY_INVALID');
      assert.equal(error.path, 'shard-1.json');
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
  });
}

test('the histograms a check decodes are the ones merge, compare and the HTML series read: each decoded once', () => {
  const other = buildSummaryDocument(runResult({ samples: smallSamples(2, 5) }), { config: {}, thresholds: [], toolVersion: '1.0.0' });
  const decoded = new DecodedHistograms();
  const docs = [valid, other].map((doc, i) => parseSummaryDocument(JSON.stringify(doc), `${i}.json`, decoded));
  const distinct = new Set(docs.flatMap((doc) => encodingsOf(doc.histograms))).size;
  assert.ok(distinct > 4);
  assert.equal(decoded.decoded, distinct, 'the check decoded each distinct histogram once');
  const merged = mergeSummaries(docs);
  const compared = compareSummaries(docs[0]!, docs[1]!);
  const series = runSeries(docs[1]!);
  // Every decode kept (the store is far from its bound) and none repeated: the merge's stand-in
  // for a histogram older summaries lack is the one encoding new to it.
  assert.equal(decoded.decoded, decoded.size, 'merge, compare and the series decoded none again');
  assert.ok(decoded.size <= distinct + 1);
  // The same figures as from documents read without the store.
  assert.deepEqual(merged, mergeSummaries([valid, other]));
  assert.deepEqual(compared, compareSummaries(valid, other));
  assert.deepEqual(series, runSeries(other));
});

test('the store of decoded histograms keeps at most its bound; past it a histogram is decoded again on each read', () => {
  const encodings = [...new Set(encodingsOf(valid.histograms))].slice(0, 3);
  assert.equal(encodings.length, 3);
  const cases: Array<[max: number, reads: string[], decodes: number, kept: number]> = [
    [3, [...encodings, ...encodings], 3, 3],
    [2, [...encodings, ...encodings], 4, 2],
    [0, [encodings[0]!, encodings[0]!], 2, 0],
  ];
  for (const [max, reads, decodes, kept] of cases) {
    const store = new DecodedHistograms(max);
    for (const encoded of reads) assert.equal(store.read(encoded).totalCount, decodeHistogram(encoded).totalCount);
    assert.deepEqual([store.decoded, store.size], [decodes, kept], `max ${max}`);
  }
  assert.throws(() => new DecodedHistograms().read('not base64 hdr'));
});

/** Every encoded histogram of a summary's `histograms`. */
function encodingsOf(histograms: unknown): string[] {
  if (typeof histograms === 'string') return [histograms];
  if (histograms === null || typeof histograms !== 'object') return [];
  return Object.values(histograms).flatMap(encodingsOf);
}
