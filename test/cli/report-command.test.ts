import { existsSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { VERSION } from '../../src/cli/package-root.js';
import { registerReportCommand } from '../../src/cli/program-commands.js';
import { mergeOutputSpecs, mergeOutputs, reportMergeCommand, type ReportFlags } from '../../src/cli/report-command.js';
import { OutputSet } from '../../src/report/outputs/output-set.js';
import { mergeSummaries } from '../../src/report/merge.js';
import { MAX_SUMMARY_BYTES } from '../../src/report/parse-summary.js';
import { buildSummaryDocument, type SummaryDocument } from '../../src/report/summary-document.js';
import { fakeIo } from '../helpers/fake-io.js';
import { runResult, smallSamples } from '../report/run-results.js';

// Real summary files in a temporary directory, the command run with a fake io.

const summary = (seed: number, count: number): SummaryDocument =>
  buildSummaryDocument(runResult({ samples: smallSamples(seed, count) }), { config: { count, duration: '30s' }, thresholds: [], toolVersion: '0.0.1' });

async function withShards(fn: (dir: string, docs: SummaryDocument[]) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-report-cmd-'));
  const docs = [summary(1, 4), summary(2, 6)];
  try {
    await writeFile(join(dir, 'a.json'), JSON.stringify(docs[0]));
    await writeFile(join(dir, 'b.json'), JSON.stringify(docs[1], null, 2));
    await fn(dir, docs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts a CliError with exit 104 whose message matches every pattern. */
const cliError104 = (...patterns: RegExp[]) => (error: unknown): boolean => {
  assert.ok(error instanceof CliError, String(error));
  assert.equal(error.exitCode, EXIT.INVALID_CONFIG);
  for (const pattern of patterns) assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, /\n/);
  return true;
};

test('merging with --out writes the exact merged summary as JSON and says where on stderr', () => withShards(async (dir, docs) => {
  const fake = fakeIo(dir);
  const code = await reportMergeCommand(['a.json', 'b.json'], { out: 'merged.json' }, fake.io);
  assert.equal(code, EXIT.OK);
  const written = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as SummaryDocument;
  assert.deepEqual(written, mergeSummaries(docs, { toolVersion: VERSION }));
  assert.equal(written.mergedFrom, 2);
  assert.equal(written.chargePoints.count, 10);
  assert.equal(fake.stdout(), '');
  assert.deepEqual(fake.stderrLines(), [`summary written to ${join(dir, 'merged.json')}`]);
}));

test('without --out the merged summary is printed as short text on stdout', () => withShards(async (dir) => {
  const fake = fakeIo(dir);
  assert.equal(await reportMergeCommand(['a.json', join(dir, 'b.json')], {}, fake.io), EXIT.OK);
  const text = fake.stdout();
  assert.match(text, /^ocpp-sim summary of 2 runs merged: completed after 30s/);
  assert.match(text, /charge points {2}10 total, 10 started, 10 connected, 10 booted, 0 failed/);
  assert.match(text, /\n {2}Heartbeat +200 +200 +\d/, 'the same tables as a run: sent, answered, then the latency columns');
  assert.match(text, /\nerrors: none\n/);
  assert.match(text, /thresholds: not evaluated for merged runs/);
  assert.equal(fake.stderr(), '');
  assert.deepEqual(await readdir(dir), ['a.json', 'b.json'], 'no file written');
}));

test('--junit writes a JUnit report of the merged summary', () => withShards(async (dir) => {
  const fake = fakeIo(dir);
  await reportMergeCommand(['a.json', 'b.json'], { out: 'm.json', junit: 'junit.xml' }, fake.io);
  const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="ocpp-sim" tests="0" failures="0"/);
  assert.match(fake.stderr(), /JUnit report written to .*junit\.xml\n$/);
}));

test('a file that is not a summary, and a missing one, end in exit 104 naming each file, and nothing is written', () => withShards(async (dir) => {
  await writeFile(join(dir, 'bad.json'), '{"schema":"ocpp-sim/summary@0"}');
  await writeFile(join(dir, 'broken.json'), '{"schema": ');
  const fake = fakeIo(dir);
  await assert.rejects(reportMergeCommand(['a.json', 'bad.json', 'broken.json', 'gone.json'], { out: 'm.json' }, fake.io),
    cliError104(/bad\.json: not an ocpp-sim\/summary@2 document \(schema "ocpp-sim\/summary@0"\)/, /broken\.json: not valid JSON/, /cannot read summary gone\.json: no such file/));
  assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json', 'bad.json', 'broken.json']);
}));

test('a summary file larger than the cap is refused in one line naming it, exit 104, without being read', () => withShards(async (dir) => {
  // Sparse: the size is there, the disk space is not.
  await writeFile(join(dir, 'huge.json'), '');
  await truncate(join(dir, 'huge.json'), MAX_SUMMARY_BYTES + 1);
  const fake = fakeIo(dir);
  await assert.rejects(reportMergeCommand(['a.json', 'huge.json'], { out: 'm.json' }, fake.io),
    cliError104(new RegExp(`^summary huge\\.json is ${MAX_SUMMARY_BYTES + 1} bytes, more than a summary may be \\(256 MiB\\): not read$`)));
  assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json', 'huge.json']);
}));

test('an unwritable --out or --junit is refused with exit 104 before any input is read', () => withShards(async (dir) => {
  const fake = fakeIo(dir);
  await assert.rejects(reportMergeCommand(['gone.json'], { out: 'no/such/dir/m.json' }, fake.io), cliError104(/^--out: cannot write .*no\/such\/dir\/m\.json: directory .* does not exist$/));
  await assert.rejects(reportMergeCommand(['a.json'], { junit: '.' }, fake.io), cliError104(/^--junit: cannot write .*: it is a directory$/));
}));

test('a summary without histograms cannot be merged: exit 104 naming the file', () => withShards(async (dir, docs) => {
  await writeFile(join(dir, 'bare.json'), JSON.stringify({ ...docs[0], histograms: null }));
  await assert.rejects(reportMergeCommand(['a.json', 'bare.json'], {}, fakeIo(dir).io), cliError104(/^bare\.json has no histograms/));
}));

test('the merged summary is printed as text exactly when no summary JSON file is written, whichever flag names the outputs', () => withShards(async (dir) => {
  const cases: Array<[ReportFlags, boolean]> = [
    [{}, true],
    [{ out: 'm.json' }, false],
    [{ out: ['json=m.json'] }, false],
    [{ junit: 'm.xml' }, true],
    [{ out: ['junit=m.xml'] }, true],
    [{ out: ['junit=m.xml', 'm.json'] }, false],
    [{ out: ['json=m.json'], junit: 'm.xml' }, false],
  ];
  for (const [flags, printed] of cases) {
    const fake = fakeIo(dir);
    assert.equal(await reportMergeCommand(['a.json', 'b.json'], flags, fake.io), EXIT.OK);
    assert.equal(/summary of 2 runs merged/.test(fake.stdout()), printed, JSON.stringify(flags));
    assert.deepEqual(mergeOutputSpecs(flags, fake.io).some((spec) => spec.kind === 'json'), !printed);
  }
}));

test('mergeOutputs resolves --out and --junit against the working directory, and the output set writes both files', () => withShards(async (dir, docs) => {
  const fake = fakeIo(dir);
  const outputs = mergeOutputs({ out: 'run.json', junit: 'run.xml' }, fake.io);
  assert.deepEqual(outputs.map((o) => o.label), ['--out', '--junit']);
  assert.deepEqual(mergeOutputs({}, fake.io), []);
  const lines: string[] = [];
  const set = new OutputSet(outputs, { info: (line) => lines.push(line), error: (line) => lines.push(`error: ${line}`) });
  await set.check();
  assert.deepEqual(await set.finish(docs[0] as SummaryDocument), []);
  assert.deepEqual(lines, [`summary written to ${join(dir, 'run.json')}`, `JUnit report written to ${join(dir, 'run.xml')}`]);
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')), docs[0]);
  assert.match(await readFile(join(dir, 'run.xml'), 'utf8'), /<testsuites name="ocpp-sim"/);
}));

test('report merge reads --out as run does: json=FILE and junit=FILE, each kind once, an unknown kind refused (104)', () => withShards(async (dir) => {
  const fake = fakeIo(dir);
  assert.deepEqual(mergeOutputs({ out: ['junit=m.xml', 'json=m.json'] }, fake.io).map((o) => o.label), ['--out json', '--out junit']);
  assert.equal(await reportMergeCommand(['a.json', 'b.json'], { out: ['json=m.json', 'junit=m.xml'] }, fake.io), 0);
  assert.equal(fake.stdout(), '', 'a JSON file was asked for: no text summary');
  assert.equal((JSON.parse(await readFile(join(dir, 'm.json'), 'utf8')) as SummaryDocument).mergedFrom, 2);
  assert.match(await readFile(join(dir, 'm.xml'), 'utf8'), /<testsuites name="ocpp-sim"/);
  const junitOnly = fakeIo(dir);
  assert.equal(await reportMergeCommand(['a.json', 'b.json'], { out: ['junit=only.xml'] }, junitOnly.io), 0);
  assert.match(junitOnly.stdout(), /summary of 2 runs merged/, 'no JSON file: the text summary on stdout');
  const refused: Array<[ReportFlags, RegExp]> = [
    [{ out: ['html=r.html'] }, /^--out: unknown output 'html' in 'html=r\.html' \(outputs: json, junit; a bare FILE is json=FILE\)$/],
    [{ out: ['a.json', 'json=b.json'] }, /^--out json: json is given twice \(by --out too\)$/],
    [{ out: ['junit=a.xml'], junit: 'b.xml' }, /^--junit: junit is given twice \(by --out junit too\)$/],
  ];
  for (const [flags, message] of refused) await assert.rejects(reportMergeCommand(['a.json', 'b.json'], flags, fakeIo(dir).io), cliError104(message));
}));

test('registerReportCommand adds "report merge <files...>" with --out and --junit to a commander program', () => withShards(async (dir) => {
  const fake = fakeIo(dir);
  const outcome = { code: -1 };
  const program = new Command('ocpp-sim').exitOverride().configureOutput({ writeOut: (t) => fake.io.stdout.write(t), writeErr: (t) => fake.io.stderr.write(t), outputError: () => {} });
  registerReportCommand(program, fake.io, outcome);
  await program.parseAsync(['report', 'merge', 'a.json', 'b.json', '--out', 'merged.json', '--junit', 'junit.xml'], { from: 'user' });
  assert.equal(outcome.code, EXIT.OK);
  assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json', 'junit.xml', 'merged.json']);
  await assert.rejects(program.parseAsync(['report', 'merge'], { from: 'user' }), /missing required argument 'files'/);
  await assert.rejects(program.parseAsync(['report', 'merge', '--help'], { from: 'user' }), (error: { exitCode?: number }) => error.exitCode === 0);
  assert.match(fake.stdout(), /Usage: ocpp-sim report merge \[options\] <files\.\.\.>/);
  assert.match(fake.stdout(), /--out <\[kind=\]file>/);
  assert.match(fake.stdout(), /--junit <file>/);
}));

test('the same summary twice, by path or as a copy, is refused (exit 104) since its run would count twice', () => withShards(async (dir) => {
  await writeFile(join(dir, 'copy.json'), await readFile(join(dir, 'a.json'), 'utf8'));
  await assert.rejects(reportMergeCommand(['a.json', 'b.json', './a.json'], {}, fakeIo(dir).io), cliError104(/\.\/a\.json is given twice \(as a\.json too\)/));
  await assert.rejects(reportMergeCommand(['a.json', 'copy.json'], {}, fakeIo(dir).io), cliError104(/copy\.json is the same summary as a\.json/));
}));

test('runs of different targets or scenarios are merged with a warning naming them', () => withShards(async (dir, docs) => {
  const other = { ...structuredClone(docs[1] as SummaryDocument), target: { url: 'ws://127.0.0.2:9000/ocpp', scenario: 'charging-session', protocol: 'ocpp1.6' } };
  await writeFile(join(dir, 'other.json'), JSON.stringify(other));
  const fake = fakeIo(dir);
  assert.equal(await reportMergeCommand(['a.json', 'other.json'], { out: 'm.json' }, fake.io), EXIT.OK);
  assert.deepEqual(fake.stderrLines().filter((l) => l.includes('warning')), [
    'ocpp-sim: warning: merging runs of different targets: ws://127.0.0.1:9000/ocpp, ws://127.0.0.2:9000/ocpp',
    'ocpp-sim: warning: merging runs of different scenarios: boot-heartbeat-status (ocpp1.6), charging-session (ocpp1.6)',
  ]);
}));

test('every output is attempted: an --out that cannot be written is one error line, --junit is still written, exit 103', async (t) => {
  // /dev/full takes any open and fails every write (ENOSPC): the check passes, the write at the end fails.
  if (!existsSync('/dev/full')) return t.skip('no /dev/full');
  await withShards(async (dir) => {
    const fake = fakeIo(dir);
    assert.equal(await reportMergeCommand(['a.json', 'b.json'], { out: '/dev/full', junit: 'm.xml' }, fake.io), EXIT.OUTPUT_FAILED);
    assert.match((await readFile(join(dir, 'm.xml'), 'utf8')), /<testsuites /);
    assert.deepEqual(fake.stderrLines().filter((l) => l.startsWith('ocpp-sim: error:')).map((l) => l.replace(/: [^:]+$/, '')), ['ocpp-sim: error: --out: cannot write /dev/full']);
  });
});
