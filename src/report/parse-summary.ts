import { DecodedHistograms } from '../metrics/decoded-histograms.js';
import { decodeHistogram, type Histogram } from '../metrics/histogram.js';
import { MAX_FRAME_DEPTH, nestedDeeperThan } from '../protocol/json-depth.js';
import { ReportError } from './errors.js';
import { SUMMARY_SCHEMA, type SummaryDocument } from './summary-document.js';

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string|null' | 'object|null' | 'boolean|null';

/** The fields a merge relies on, with their JSON kind. */
const FIELDS: ReadonlyArray<[keyof SummaryDocument, Kind]> = [
  ['tool', 'object'], ['mergedFrom', 'number'], ['outcome', 'string'], ['interrupted', 'boolean'], ['error', 'string|null'],
  ['startedAt', 'string'], ['elapsedMs', 'number'], ['durationMs', 'number'], ['target', 'object'], ['config', 'object'],
  ['chargePoints', 'object'], ['counts', 'object'], ['latency', 'object'], ['latencyCorrected', 'object'],
  ['connect', 'object'], ['boot', 'object'], ['answer', 'object'], ['answerByAction', 'object'], ['steps', 'object'], ['thresholds', 'array'],
  ['thresholdsPassed', 'boolean|null'], ['intervals', 'array'], ['histograms', 'object|null'],
];

/**
 * Largest summary file read, in bytes (256 MiB): far above any real summary (a few MiB with many
 * actions and a long run's intervals), small enough that reading and parsing one stays well under 1 GiB.
 */
export const MAX_SUMMARY_BYTES = 256 * 1024 * 1024;

const OUTCOMES = new Set(['completed', 'interrupted', 'aborted', 'partial', 'unreachable']);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The histograms each parsed document's check decoded, for its readers (histogramReader). */
const DECODED = new WeakMap<SummaryDocument, DecodedHistograms>();

/**
 * How the readers of `docs` (merge, comparison, HTML report) get a histogram from its encoding:
 * from the histograms decoded when a document was checked (parseSummaryDocument with `decoded`),
 * else decoded now. Must not be recorded into.
 */
export function histogramReader(...docs: SummaryDocument[]): (encoded: string) => Histogram {
  for (const doc of docs) {
    const decoded = DECODED.get(doc);
    if (decoded) return (encoded) => decoded.read(encoded);
  }
  return decodeHistogram;
}

/**
 * Parses the text of a summary file and checks it is an `ocpp-sim/summary@2` document with
 * the fields a merge needs. Throws a ReportError (`E_SUMMARY_INVALID`) whose one-line message
 * starts with `name` and says what is wrong: not JSON, another schema, or which fields are bad.
 * `decoded`: where the histograms decoded by the check are kept, so readers of the document
 * (histogramReader) do not decode them again.
 */
export function parseSummaryDocument(text: string, name: string, decoded?: DecodedHistograms): SummaryDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: not valid JSON: ${(error as Error).message}`, name);
  }
  if (kindOf(value) !== 'object') {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: not an ocpp-sim summary (expected a JSON object, got ${kindOf(value)})`, name);
  }
  // Every walk over the document (copies, JSON.stringify of its config) recurses: a summary is
  // about 6 levels deep, and one deeper than a peer's frame may be is refused before any walk.
  if (nestedDeeperThan(value, MAX_FRAME_DEPTH)) {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: not an ocpp-sim summary (nested deeper than ${MAX_FRAME_DEPTH} levels)`, name);
  }
  const doc = value as Record<string, unknown>;
  if (doc.schema !== SUMMARY_SCHEMA) {
    const got = doc.schema === undefined ? 'no "schema" field' : `schema ${JSON.stringify(doc.schema)}`;
    throw new ReportError('E_SUMMARY_INVALID', `${name}: not an ${SUMMARY_SCHEMA} document (${got})`, name);
  }
  const bad = FIELDS.filter(([field, kind]) => !kind.split('|').includes(kindOf(doc[field]))).map(([field]) => field);
  if (typeof doc.outcome === 'string' && !OUTCOMES.has(doc.outcome)) bad.push('outcome');
  if (bad.length > 0) {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: invalid ${SUMMARY_SCHEMA} document: missing or wrong field${bad.length > 1 ? 's' : ''} ${bad.join(', ')}`, name);
  }
  const count = brokenCount(doc.counts);
  if (count) {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: invalid ${SUMMARY_SCHEMA} document: counts.${count} is not a number`, name);
  }
  const broken = brokenHistogram(doc.histograms, decoded ?? new DecodedHistograms(0));
  if (broken) {
    throw new ReportError('E_SUMMARY_INVALID', `${name}: invalid ${SUMMARY_SCHEMA} document: histograms.${broken} is not an encoded HdrHistogram`, name);
  }
  const summary = doc as unknown as SummaryDocument;
  if (decoded) DECODED.set(summary, decoded);
  return summary;
}

/**
 * The path (`sent.Heartbeat`, `connects`) of the first counter that is not a number, or
 * undefined: each is a number, or a record of numbers per key. Merging sums them (and copies
 * them first), so nothing deeper is accepted.
 */
function brokenCount(counts: unknown): string | undefined {
  for (const [key, value] of Object.entries(counts as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, count] of Object.entries(value)) if (typeof count !== 'number') return `${key}.${inner}`;
    } else if (typeof value !== 'number') {
      return key;
    }
  }
  return undefined;
}

function decodes(encoded: unknown, decoded: DecodedHistograms): boolean {
  if (typeof encoded !== 'string') return false;
  try {
    decoded.read(encoded);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path (`latency.Heartbeat`, `connect`) of the first encoded histogram that does not decode,
 * or undefined: each is a compressed base64 string, or a record of them per action. Keys absent
 * from an older document are fine; merging and the report read what is there (from `decoded`).
 */
function brokenHistogram(histograms: unknown, decoded: DecodedHistograms): string | undefined {
  if (histograms === null || typeof histograms !== 'object') return undefined;
  for (const [key, value] of Object.entries(histograms)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [action, encoded] of Object.entries(value)) if (!decodes(encoded, decoded)) return `${key}.${action}`;
    } else if (!decodes(value, decoded)) {
      return key;
    }
  }
  return undefined;
}
