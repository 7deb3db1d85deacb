import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRunOutputs, outHelp, RUN_OUT_TARGETS, RUN_OUTPUTS } from '../../src/cli/output-registry.js';
import { parseAddress, parseOutSpecs } from '../../src/cli/out-specs.js';
import { fakeIo } from '../helpers/fake-io.js';
import { repoRoot } from '../helpers/repo-root.js';

// The registry is the one list of run's outputs: --out's kinds, its help, the order outputs are
// driven in, and the docs all follow from it.

const context = { io: fakeIo('/tmp').io, abort: new AbortController(), progressIntervalMs: 1000, baseline: undefined, traceIds: undefined };

test('--out takes every registry kind with a target, and its help and the docs name each one', () => {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const reports = readFileSync(join(repoRoot(), 'docs', 'reports.md'), 'utf8');
  const outRow = readme.split('\n').find((line) => line.startsWith('| `--out <')) ?? '';
  assert.deepEqual(Object.keys(RUN_OUT_TARGETS), ['json', 'junit', 'html', 'ndjson', 'trace', 'prometheus']);
  for (const [kind, target] of Object.entries(RUN_OUT_TARGETS)) {
    const form = `${kind}=${target === 'file' ? 'FILE' : '[HOST:]PORT'}`;
    assert.ok(outHelp().includes(form), `run --help names ${form}`);
    assert.ok(outRow.includes(`\`${form}`), `README's --out row names ${form}`);
    assert.ok(reports.includes(`--out ${kind}=`), `docs/reports.md shows --out ${kind}=`);
  }
  for (const kind of Object.keys(RUN_OUTPUTS)) assert.ok(reports.includes(kind === 'progress' ? 'progress-line.ts' : `${kind}.ts`), `docs/reports.md names the module of ${kind}`);
});

test('outputs are built in the registry\'s order whatever the order of the flags, each with the label of the flag that chose it', async () => {
  const specs = parseOutSpecs(['prometheus=0', 'html=r.html', 'x.json', 'ndjson=i.ndjson'], RUN_OUT_TARGETS, { cwd: '/tmp', label: '--out', defaultHost: '127.0.0.1' }, (line) => assert.fail(line));
  const outputs = await createRunOutputs([{ kind: 'progress', label: 'progress line' }, ...specs, { kind: 'junit', label: '--junit', path: '/tmp/j.xml' }], context);
  assert.deepEqual(outputs.map((o) => o.label), ['--out', '--junit', '--out html', '--out ndjson', '--out prometheus', 'progress line']);
});

test('parseOutSpecs refuses, each in one line naming the flag: an unknown kind, an empty target, a port that is none, a target with no kind', () => {
  const cases: Array<[string, string | undefined]> = [
    ['summary.json', undefined],
    ['json=s.json', undefined],
    ['xml=r.xml', "--out: unknown output 'xml' in 'xml=r.xml' (outputs: json, junit, html, ndjson, trace, prometheus; a bare FILE is json=FILE)"],
    ['html=', "--out: 'html=' names no file"],
    ['prometheus=', "--out: 'prometheus=' names no port"],
    ['prometheus=nine', "--out: 'prometheus=nine' needs [HOST:]PORT with a port 0-65535, e.g. prometheus=9464 or prometheus=0.0.0.0:9464"],
    ['=report.html', "--out: '=report.html' names no output before '=' (outputs: json, junit, html, ndjson, trace, prometheus)"],
  ];
  for (const [value, expected] of cases) {
    const problems: string[] = [];
    const specs = parseOutSpecs([value], RUN_OUT_TARGETS, { cwd: '/tmp', label: '--out', defaultHost: '127.0.0.1' }, (line) => problems.push(line));
    assert.deepEqual(problems, expected === undefined ? [] : [expected], value);
    assert.equal(specs.length, expected === undefined ? 1 : 0, value);
  }
});

test('parseAddress reads PORT, HOST:PORT and [IPv6]:PORT, and nothing else', () => {
  const cases: Array<[string, { host: string; port: number } | undefined]> = [
    ['9464', { host: '127.0.0.1', port: 9464 }],
    ['0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:9464', { host: '0.0.0.0', port: 9464 }],
    ['metrics.local:80', { host: 'metrics.local', port: 80 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['65536', undefined],
    ['::1:9464', undefined],
    ['host:', undefined],
    ['nine', undefined],
    ['-1', undefined],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseAddress(text, '127.0.0.1'), expected, text);
});
