import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ThresholdResult } from '../../src/metrics/threshold-types.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { toJUnitXml } from '../../src/report/junit.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { buildSummaryDocument, type SummaryDocument } from '../../src/report/summary-document.js';
import { runResult, smallSamples, type RunSpec } from './run-results.js';
import { parseXml, type XmlElement } from './xml-tree.js';

const threshold = (expression: string, passed: boolean, message = passed ? 'ok' : `${expression} failed`): ThresholdResult =>
  ({ expression, metric: 'm', aggregation: 'p(95)', passed, observed: 1, message });

function summary(spec: Partial<RunSpec> = {}, thresholds: ThresholdResult[] = []): SummaryDocument {
  return buildSummaryDocument(runResult({ samples: smallSamples(1, 3), ...spec }), { config: {}, thresholds, toolVersion: '0.1.0' });
}

/** tests/failures attributes read back with regexes, as a CI tool's quick scan would. */
function countsOf(xml: string, element: string, name: string): { tests: number; failures: number } {
  const match = new RegExp(`<${element} name="${name}" tests="(\\d+)" failures="(\\d+)"`).exec(xml);
  assert.ok(match, `<${element} name="${name}"> in:\n${xml}`);
  return { tests: Number(match[1]), failures: Number(match[2]) };
}

const suite = (root: XmlElement, name: string): XmlElement => {
  const found = root.children.find((child) => child.name === 'testsuite' && child.attributes.name === name);
  assert.ok(found, `suite ${name}`);
  return found;
};

test('a passing run: every threshold and step is a passing testcase, counts and times add up', () => {
  const steps = { 'boot.yaml:4 expect': { checks: 30, failures: 0, totalMs: 0, samples: [] } };
  const xml = toJUnitXml(summary({ steps, result: { elapsedMs: 12_345.6 } }, [threshold('BootNotification:p(95)<=500ms', true), threshold('errors:count==0', true)]));
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ocpp-sim" tests="3" failures="0" errors="0" time="12.346">'), xml);
  assert.deepEqual(countsOf(xml, 'testsuite', 'thresholds'), { tests: 2, failures: 0 });
  assert.deepEqual(countsOf(xml, 'testsuite', 'scenario'), { tests: 1, failures: 0 });
  assert.doesNotMatch(xml, /<failure/);
  const root = parseXml(xml);
  assert.equal(root.name, 'testsuites');
  assert.deepEqual(suite(root, 'thresholds').children.map((c) => [c.attributes.classname, c.attributes.name, c.attributes.time]), [
    ['ocpp-sim.thresholds', 'BootNotification:p(95)<=500ms', '0.000'], ['ocpp-sim.thresholds', 'errors:count==0', '0.000'],
  ]);
  assert.deepEqual(suite(root, 'scenario').children.map((c) => [c.attributes.classname, c.attributes.name]), [['ocpp-sim.scenario', 'boot.yaml:4 expect']]);
});

test('a failed threshold has a failure with its message; a failed step lists 3 samples and says N of M checks failed', () => {
  const samples = ['CP-001', 'CP-002', 'CP-007'].map((chargePoint) => ({ chargePoint, detail: 'expected status Accepted, got Rejected' }));
  const steps = { 'boot.yaml:4 expect': { checks: 30, failures: 5, totalMs: 0, samples }, 'boot.yaml:9 send': { checks: 30, failures: 0, totalMs: 0, samples: [] } };
  const xml = toJUnitXml(summary({ steps }, [threshold('BootNotification:p(95)<=5ms', false, 'p(95) of BootNotification is 61.2ms, limit <= 5ms'), threshold('x>0', true)]));
  assert.deepEqual(countsOf(xml, 'testsuites', 'ocpp-sim'), { tests: 4, failures: 2 });
  assert.deepEqual(countsOf(xml, 'testsuite', 'thresholds'), { tests: 2, failures: 1 });
  assert.deepEqual(countsOf(xml, 'testsuite', 'scenario'), { tests: 2, failures: 1 });
  const root = parseXml(xml);
  const [failedThreshold, passedThreshold] = suite(root, 'thresholds').children;
  assert.deepEqual(failedThreshold?.children[0]?.attributes, { message: 'p(95) of BootNotification is 61.2ms, limit <= 5ms', type: 'threshold' });
  assert.deepEqual(passedThreshold?.children, []);
  const failure = suite(root, 'scenario').children.find((c) => c.attributes.name === 'boot.yaml:4 expect')?.children[0];
  assert.equal(failure?.attributes.message, '5 of 30 checks failed');
  assert.equal(failure?.text, [
    '5 of 30 checks failed',
    'CP-001: expected status Accepted, got Rejected', 'CP-002: expected status Accepted, got Rejected', 'CP-007: expected status Accepted, got Rejected',
    '… and 2 more',
  ].join('\n'));
});

const NOT_COMPLETED: Array<[RunOutcome, string | undefined, RegExp]> = [
  ['interrupted', undefined, /^run interrupted after 12\.3s \(SIGINT\/SIGTERM\): figures cover only part of the planned 30s$/],
  ['unreachable', 'ws://127.0.0.1:1/ocpp/CP-001: cannot connect: ECONNREFUSED', /^run failed: target unreachable: ws:\/\/127\.0\.0\.1:1\/ocpp\/CP-001: cannot connect: ECONNREFUSED$/],
  ['aborted', 'threshold errors:rate<0.01 failed', /^run aborted after 12\.3s: threshold errors:rate<0\.01 failed$/],
];

for (const [outcome, error, message] of NOT_COMPLETED) {
  test(`an ${outcome} run adds a failing "run" testcase of type ${outcome}, first in the scenario suite`, () => {
    const xml = toJUnitXml(summary({ result: { outcome, error, elapsedMs: 12_300 }, steps: { 's:1 expect': { checks: 1, failures: 0, totalMs: 0, samples: [] } } }));
    assert.deepEqual(countsOf(xml, 'testsuites', 'ocpp-sim'), { tests: 2, failures: 1 });
    const run = suite(parseXml(xml), 'scenario').children[0];
    assert.equal(run?.attributes.name, 'run');
    assert.equal(run?.attributes.time, '12.300');
    assert.equal(run?.children[0]?.attributes.type, outcome);
    assert.match(run?.children[0]?.attributes.message ?? '', message);
  });
}

test('a completed run with no thresholds and no steps gives empty suites and no "run" testcase', () => {
  const xml = toJUnitXml(summary({ result: { elapsedMs: 30_000 } }));
  assert.deepEqual(countsOf(xml, 'testsuites', 'ocpp-sim'), { tests: 0, failures: 0 });
  assert.match(xml, /<testsuite name="thresholds" tests="0" failures="0" errors="0" skipped="0" time="30\.000"\/>/);
  assert.doesNotMatch(xml, /name="run"/);
  parseXml(xml);
});

test('expressions, messages, step keys and sample details are escaped: quotes, <, &, control characters', () => {
  const nasty = `p(95)<"200ms" & 'x'\u0007`;
  const steps = { [`a&b.yaml:1 expect "<x>"`]: { checks: 2, failures: 1, totalMs: 0, samples: [{ chargePoint: 'CP-<1>', detail: `got "Rejected" & <b>\u0000 bad` }] } };
  const xml = toJUnitXml(summary({ steps }, [threshold(nasty, false, `limit ${nasty}`)]));
  const root = parseXml(xml);
  const t = suite(root, 'thresholds').children[0];
  assert.equal(t?.attributes.name, `p(95)<"200ms" & 'x'\uFFFD`);
  assert.equal(t?.children[0]?.attributes.message, `limit p(95)<"200ms" & 'x'\uFFFD`);
  const step = suite(root, 'scenario').children[0];
  assert.equal(step?.attributes.name, `a&b.yaml:1 expect "<x>"`);
  assert.match(step?.children[0]?.text ?? '', /CP-<1>: got "Rejected" & <b>\uFFFD bad$/);
  assert.doesNotMatch(xml, /[\u0000\u0007]/);
});

test('a merged summary gives the same structure, with a failing "run" when any shard was interrupted', () => {
  const a = summary();
  const b = summary({ result: { outcome: 'interrupted' } });
  const xml = toJUnitXml(mergeSummaries([a, b]));
  assert.deepEqual(countsOf(xml, 'testsuites', 'ocpp-sim'), { tests: 1, failures: 1 });
  assert.match(xml, /<testcase classname="ocpp-sim.scenario" name="run"/);
  parseXml(xml);
});

test('scenario testcases come in file order (line 8 before line 12) with the mean time of a check of their step', () => {
  const steps = {
    'b.yaml:2 call': { checks: 4, failures: 0, totalMs: 1000, samples: [] },
    'a.yaml:12 call': { checks: 2, failures: 0, totalMs: 3000, samples: [] },
    'a.yaml:8 boot': { checks: 10, failures: 1, totalMs: 125, samples: [{ chargePoint: 'CP-001', detail: 'x' }] },
  };
  const root = parseXml(toJUnitXml(summary({ steps }, [])));
  assert.deepEqual(suite(root, 'scenario').children.map((c) => [c.attributes.name, c.attributes.time]), [
    ['a.yaml:8 boot', '0.013'], ['a.yaml:12 call', '1.500'], ['b.yaml:2 call', '0.250'],
  ]);
});
