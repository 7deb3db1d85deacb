import type { OcppVersion } from '../protocol/versions.js';
import { escapeXmlText, xmlAttributes } from '../report/xml.js';
import type { CheckOutcome } from './types.js';

/** The JSON output of `ocpp-sim check --out` (schema `ocpp-sim/check@1`, docs/check.md). */
export interface CheckDocument {
  schema: 'ocpp-sim/check@1';
  /** The CSMS endpoint checked (credentials never appear: they are separate flags). */
  url: string;
  protocol: OcppVersion;
  startedAt: string;
  elapsedMs: number;
  counts: { passed: number; failed: number; skipped: number };
  checks: CheckOutcome[];
}

/** The document of one run; pure. */
export function checkDocument(url: string, protocol: OcppVersion, startedAt: Date, elapsedMs: number, outcomes: readonly CheckOutcome[]): CheckDocument {
  const count = (status: CheckOutcome['status']): number => outcomes.filter((o) => o.status === status).length;
  return {
    schema: 'ocpp-sim/check@1', url, protocol, startedAt: startedAt.toISOString(), elapsedMs: Math.round(elapsedMs),
    counts: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    checks: outcomes.map((o) => ({ ...o, ms: Math.round(o.ms) })),
  };
}

/** `1.6 §4.2 · TC_001_CSMS`. */
export const reference = (o: { section: string; octt?: string | undefined }): string => (o.octt ? `${o.section} · ${o.octt}` : o.section);

/** The line of one verdict: `✓ name  [1.6 §4.2 · TC_001_CSMS]  figures`, `✗ … reason`, `- … skipped: reason`. */
export function formatOutcome(o: CheckOutcome): string {
  const mark = o.status === 'passed' ? '✓' : o.status === 'failed' ? '✗' : '-';
  const detail = o.status === 'skipped' ? `skipped: ${o.detail}` : o.detail;
  return `${mark} ${o.name}  [${reference(o)}]${detail ? `  ${detail}` : ''}`;
}

/** The closing line: `ocpp1.6: 40 passed, 1 failed, 3 skipped in 4.2s`. */
export function formatTotals(doc: CheckDocument): string {
  const { passed, failed, skipped } = doc.counts;
  return `${doc.protocol}: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''} in ${(doc.elapsedMs / 1000).toFixed(1)}s`;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * JUnit XML of a run: one testsuite `check <version>`, one testcase per check (classname
 * `ocpp-sim.check.<version>`, name `<check> [<section> · <OCTT id>]`), a failure with the reason,
 * a skipped element saying what would unlock it. Escaped; pure.
 */
export function checkJUnitXml(doc: CheckDocument): string {
  const { passed, failed, skipped } = doc.counts;
  const tests = passed + failed + skipped;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${xmlAttributes({ name: 'ocpp-sim check', tests, failures: failed, errors: 0, skipped, time: seconds(doc.elapsedMs) })}>`,
    `  <testsuite ${xmlAttributes({ name: `check ${doc.protocol}`, tests, failures: failed, errors: 0, skipped, time: seconds(doc.elapsedMs), timestamp: doc.startedAt })}>`,
  ];
  for (const o of doc.checks) {
    const attributes = xmlAttributes({ classname: `ocpp-sim.check.${doc.protocol}`, name: `${o.name} [${reference(o)}]`, time: seconds(o.ms) });
    if (o.status === 'passed') {
      lines.push(`    <testcase ${attributes}/>`);
      continue;
    }
    const inner = o.status === 'failed'
      ? `<failure ${xmlAttributes({ message: o.detail, type: 'check' })}>${escapeXmlText(o.detail)}</failure>`
      : `<skipped ${xmlAttributes({ message: o.detail })}/>`;
    lines.push(`    <testcase ${attributes}>`, `      ${inner}`, '    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
