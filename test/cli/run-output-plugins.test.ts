import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CheckDocument } from '../../src/check/report.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { uiOutputSpec } from '../../src/cli/output-registry.js';
import { startGateway } from '../../src/gateway/server.js';
import { literal, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { parseXml } from '../report/xml-tree.js';

// `run` and `check` choose their outputs from the command line: `--out KIND=TARGET` for each
// output module, the older flags as aliases of the same modules, the UI by --ui/--no-ui.

const testcases = (xml: string): string[] => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1] as string);
const errorLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('ocpp-sim: error:'));

test('the old flags (--out FILE, --junit, --trace) and --out KIND=FILE write the same files', () => withTempDir(async (dir) => {
  const common = ['run', '-n', '2', '--rate', '0', '-d', '1500ms', '--no-ui', '--seed', '7'];
  const [old, kinds] = await Promise.all([
    runCli([...common, '--out', 'a.json', '--junit', 'a.xml', '--trace', 'a.trace'], { cwd: dir, ms: 60_000 }),
    runCli([...common, '--out', 'json=b.json', '--out', 'junit=b.xml', '--out', 'trace=b.trace'], { cwd: dir, ms: 60_000 }),
  ]);
  assert.equal(old.code, 0, old.stderr());
  assert.equal(kinds.code, 0, kinds.stderr());
  for (const [fake, name] of [[old, 'a'], [kinds, 'b']] as const) {
    assert.match(fake.stderr(), literal(`summary written to ${join(dir, `${name}.json`)}`));
    assert.match(fake.stderr(), literal(`JUnit report written to ${join(dir, `${name}.xml`)}`));
  }
  const [a, b] = [readSummary(join(dir, 'a.json')), readSummary(join(dir, 'b.json'))];
  const shape = (doc: typeof a): unknown[] => [doc.schema, doc.outcome, { ...doc.chargePoints, allBootedMs: undefined }, Object.keys(doc).sort()];
  assert.deepEqual(shape(b), shape(a));
  assert.deepEqual(testcases(readFileSync(join(dir, 'b.xml'), 'utf8')), testcases(readFileSync(join(dir, 'a.xml'), 'utf8')));
  parseXml(readFileSync(join(dir, 'b.xml'), 'utf8'));
  const frames = (file: string): string[] => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { frame: [number, string, string] }).frame[2]);
  assert.ok(frames('a.trace').includes('BootNotification'), 'the --trace file has the frames');
  assert.deepEqual(frames('b.trace').filter((action) => action === 'BootNotification'), frames('a.trace').filter((action) => action === 'BootNotification'));
}));

test('every output at once; one whose directory vanished during the run fails in one line, the others are written, exit 103', () => withTempDir(async (dir) => {
  await mkdir(join(dir, 'gone'));
  const fake = fakeIo(dir);
  const running = main(['run', '-n', '2', '--rate', '0', '-d', '4s', '--interval', '1s', '--no-ui', '--progress-interval', '300ms',
    '--out', 'json=s.json', '--out', 'html=gone/r.html', '--out', 'ndjson=i.ndjson', '--out', 'junit=j.xml', '--out', 'prometheus=127.0.0.1:0'], fake.io);
  let ended = false;
  void running.finally(() => { ended = true; });
  await waitUntil(() => ended || /^running 2 charge points/m.test(fake.stderr()), 30_000, 'the run to start');
  const url = /^metrics served at (\S+)$/m.exec(fake.stderr())?.[1];
  assert.ok(url, `the Prometheus output says where it serves:\n${fake.stderr()}`);
  await rm(join(dir, 'gone'), { recursive: true });
  // Scraped while the run goes on: the fleet is attached as it starts (its count is there at once).
  let scraped = '';
  while (!ended && !/^ocpp_sim_charge_points_configured 2$/m.test(scraped)) {
    scraped = await fetch(url).then((r) => r.text(), () => '');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(scraped, /^ocpp_sim_charge_points_configured 2$/m, 'a scrape during the run shows the attached fleet');
  const code = await withTimeout(running, 60_000, 'the run');
  assert.equal(code, EXIT.OUTPUT_FAILED, fake.stderr());
  assert.deepEqual(errorLines(fake.stderr()).map((line) => line.replace(/: [^:]+$/, '')), [`ocpp-sim: error: --out html: cannot write ${join(dir, 'gone', 'r.html')}`]);
  assert.equal(readSummary(join(dir, 's.json')).outcome, 'completed');
  assert.match(readFileSync(join(dir, 'j.xml'), 'utf8'), /<testsuites name="ocpp-sim"/);
  const stream = readFileSync(join(dir, 'i.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type);
  assert.deepEqual([stream[0], stream.at(-1)], ['start', 'end']);
  assert.match(fake.stderr(), /^\[[=> ]{20}\]\s+\d+% /m, 'the progress line is the UI output with --no-ui');
  await assert.rejects(fetch(url), 'the metrics server is closed when the run ends');
}));

test('an output given twice, an unknown kind or a bad target is refused before the run (104), in one line naming it', () => withTempDir(async (dir) => {
  const cases: Array<[string[], RegExp]> = [
    [['--out', 'x.json', '--out', 'json=y.json'], /--out json: json is given twice \(by --out too\)/],
    [['--out', 'junit=b.xml', '--junit', 'a.xml'], /--junit: junit is given twice \(by --out junit too\)/],
    [['--out', 'prometheus=9464', '--metrics-port', '9465'], /--metrics-port: prometheus is given twice/],
    [['--out', 'prometheus=not-a-port'], /--out: 'prometheus=not-a-port' needs \[HOST:\]PORT/],
    [['--out', 'trace='], /--out: 'trace=' names no file/],
    [['--out', 'dashboard=x'], /unknown output 'dashboard' in 'dashboard=x' \(outputs: json, junit, html, ndjson, trace, prometheus;/],
  ];
  for (const [flags, says] of cases) {
    const fake = await runCli(['run', '-n', '1', '-d', '1s', '--no-ui', ...flags], { cwd: dir });
    assert.equal(fake.code, EXIT.INVALID_CONFIG, `${flags.join(' ')}: ${fake.stderr()}`);
    assert.match(fake.stderr(), says);
    assert.doesNotMatch(fake.stderr(), /running 1 charge point/);
  }
}));

test('the UI output: the dashboard on a terminal outside CI or with --ui, otherwise (--no-ui, CI, no terminal) the progress line', () => {
  const terminal = { input: process.stdin, output: process.stdout };
  const cases: Array<{ ui: unknown; terminal: boolean; ci?: string; kind: string; says?: RegExp }> = [
    { ui: undefined, terminal: true, kind: 'dashboard' },
    { ui: undefined, terminal: true, ci: 'true', kind: 'progress' },
    { ui: undefined, terminal: false, kind: 'progress' },
    { ui: false, terminal: true, kind: 'progress' },
    { ui: true, terminal: true, ci: 'true', kind: 'dashboard' },
    { ui: true, terminal: false, kind: 'progress', says: /^ocpp-sim: warning: --ui needs a terminal on stdin and stdout; printing progress lines instead$/m },
  ];
  for (const c of cases) {
    const fake = fakeIo('/', c.ci ? { CI: c.ci } : {});
    const io: Io = c.terminal ? { ...fake.io, terminal } : fake.io;
    assert.equal(uiOutputSpec(c.ui, io).kind, c.kind, JSON.stringify(c));
    if (c.says) assert.match(fake.stderr(), c.says);
    else assert.equal(fake.stderr(), '');
  }
});

test('check writes its verdicts through the same JSON and JUnit outputs (--out json=, --out junit=, --junit), and a failed write is one line, exit 103', () => withTempDir(async (dir) => {
  // Answers 1 s late, so the checks take seconds and a directory can vanish between two verdicts.
  const gateway = await startGateway({ host: '127.0.0.1', port: 0, responseDelayMs: 1000 });
  try {
    const base = ['check', '--url', gateway.url, '--only', 'boot-accepted,heartbeat'];
    const kinds = await runCli([...base, '--out', 'json=c.json', '--out', 'junit=c.xml'], { cwd: dir, ms: 60_000 });
    assert.equal(kinds.code, EXIT.OK, kinds.stdout() + kinds.stderr());
    assert.match(kinds.stderr(), literal(`check verdicts written to ${join(dir, 'c.json')}`));
    assert.match(kinds.stderr(), literal(`JUnit report written to ${join(dir, 'c.xml')}`));
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as CheckDocument;
    assert.deepEqual([doc.schema, doc.checks.map((c) => c.name)], ['ocpp-sim/check@1', ['boot-accepted', 'heartbeat']]);
    assert.deepEqual(testcases(readFileSync(join(dir, 'c.xml'), 'utf8')).map((name) => name.split(' ')[0]), ['boot-accepted', 'heartbeat']);
    const twice = await runCli([...base, '--out', 'junit=a.xml', '--junit', 'b.xml'], { cwd: dir });
    assert.equal(twice.code, EXIT.INVALID_CONFIG);
    assert.match(twice.stderr(), /--junit: junit is given twice/);
    await mkdir(join(dir, 'gone'));
    const failed = fakeIo(dir);
    const running = main([...base, '--out', 'gone/c.json', '--junit', 'd.xml'], failed.io);
    // Removed once the first verdict is out: the path was checked before the checks began.
    await waitUntil(() => failed.stdout().includes('boot-accepted'), 30_000, 'the first verdict');
    await rm(join(dir, 'gone'), { recursive: true });
    assert.equal(await withTimeout(running, 60_000, 'the check'), EXIT.OUTPUT_FAILED, failed.stderr());
    assert.deepEqual(errorLines(failed.stderr()).map((line) => line.replace(/: [^:]+$/, '')), [`ocpp-sim: error: --out: cannot write ${join(dir, 'gone', 'c.json')}`]);
    assert.ok(existsSync(join(dir, 'd.xml')), 'the other output is written');
  } finally {
    await gateway.close();
  }
}));
