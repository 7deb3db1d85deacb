import { formatDuration } from '../clock/duration.js';
import type { SummaryDocument } from './summary-document.js';
import { escapeXmlText, xmlAttributes } from './xml.js';

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failure?: { type: string; message: string; text: string };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function thresholdCases(doc: SummaryDocument): TestCase[] {
  return doc.thresholds.map((t) => ({
    classname: 'ocpp-sim.thresholds', name: t.expression, seconds: 0,
    ...(t.passed ? {} : { failure: { type: 'threshold', message: t.message, text: t.message } }),
  }));
}

/** A failing `run` case when the run did not complete: interrupted, aborted or unreachable. */
function runCase(doc: SummaryDocument): TestCase[] {
  if (doc.outcome === 'completed') return [];
  const after = `after ${formatDuration(doc.elapsedMs)}`;
  const message = doc.outcome === 'interrupted' ? `run interrupted ${after} (SIGINT/SIGTERM): figures cover only part of the planned ${formatDuration(doc.durationMs)}`
    : doc.outcome === 'aborted' ? `run aborted ${after}: ${doc.error ?? 'a threshold failed'}`
      : doc.outcome === 'partial' ? `run partial ${after}: ${doc.error ?? 'a worker process died'}`
      : `run failed: target unreachable: ${doc.error ?? 'no charge point could connect'}`;
  return [{ classname: 'ocpp-sim.scenario', name: 'run', seconds: doc.elapsedMs / 1000, failure: { type: doc.outcome, message, text: message } }];
}

/** `file:line type` keys in file order: by file, then by line as a number (`a.yaml:8` before `a.yaml:12`). */
function fileOrder(a: string, b: string): number {
  const [fa, la] = [a.slice(0, a.lastIndexOf(':')), parseInt(a.slice(a.lastIndexOf(':') + 1), 10)];
  const [fb, lb] = [b.slice(0, b.lastIndexOf(':')), parseInt(b.slice(b.lastIndexOf(':') + 1), 10)];
  return fa.localeCompare(fb) || la - lb || a.localeCompare(b);
}

function stepCases(doc: SummaryDocument): TestCase[] {
  return Object.entries(doc.steps).sort(([a], [b]) => fileOrder(a, b)).map(([key, step]) => {
    // A step's time: the mean time one check of it took (all charge points together would add up to more than the run).
    const seconds = step.checks > 0 ? (step.totalMs ?? 0) / step.checks / 1000 : 0;
    if (step.failures === 0) return { classname: 'ocpp-sim.scenario', name: key, seconds };
    const message = `${step.failures} of ${step.checks} checks failed`;
    const lines = step.samples.map((s) => `${s.chargePoint}: ${s.detail}`);
    if (step.failures > step.samples.length) lines.push(`… and ${step.failures - step.samples.length} more`);
    return { classname: 'ocpp-sim.scenario', name: key, seconds, failure: { type: 'expectation', message, text: `${message}\n${lines.join('\n')}` } };
  });
}

function renderSuite(name: string, cases: readonly TestCase[], elapsedMs: number): string[] {
  const failures = cases.filter((c) => c.failure).length;
  const head = `  <testsuite ${xmlAttributes({ name, tests: cases.length, failures, errors: 0, skipped: 0, time: seconds(elapsedMs) })}`;
  if (cases.length === 0) return [`${head}/>`];
  const lines = [`${head}>`];
  for (const c of cases) {
    const attributes = xmlAttributes({ classname: c.classname, name: c.name, time: c.seconds.toFixed(3) });
    if (!c.failure) {
      lines.push(`    <testcase ${attributes}/>`);
      continue;
    }
    lines.push(`    <testcase ${attributes}>`,
      `      <failure ${xmlAttributes({ message: c.failure.message, type: c.failure.type })}>${escapeXmlText(c.failure.text)}</failure>`,
      '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines;
}

/**
 * The summary as JUnit XML for CI (GitHub, GitLab, Jenkins): a `thresholds` suite with one
 * case per threshold expression, and a `scenario` suite with one case per scenario step (failing
 * with up to 3 samples when any check failed), in file order (by file, then line), preceded by a
 * failing `run` case when the run did not complete. Suite times are the run's elapsed seconds; a
 * step's time is the mean time one check of it took, `run`'s the run's, a threshold's 0 (judged
 * at the end). Every attribute and text is escaped; pure.
 */
export function toJUnitXml(doc: SummaryDocument): string {
  const thresholds = thresholdCases(doc);
  const scenario = [...runCase(doc), ...stepCases(doc)];
  const all = [...thresholds, ...scenario];
  const failures = all.filter((c) => c.failure).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${xmlAttributes({ name: 'ocpp-sim', tests: all.length, failures, errors: 0, time: seconds(doc.elapsedMs) })}>`,
    ...renderSuite('thresholds', thresholds, doc.elapsedMs),
    ...renderSuite('scenario', scenario, doc.elapsedMs),
    '</testsuites>',
    '',
  ].join('\n');
}
