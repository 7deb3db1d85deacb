import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { literal, oneErrorLine, readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { startWatchedGateway, withWatchedGateway } from '../helpers/watched-gateway.js';

// Where `run` takes its settings from: defaults < config file < OCPP_SIM_* environment < flags.
// The environment goes through the fake io, never process.env; each layer is shown by what the
// run actually did (its --out summary), against a real gateway on 127.0.0.1 port 0.

test('a setting comes from the flag over OCPP_SIM_* over the config file over the default', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  await writeFile(join(dir, 'ocpp-sim.yaml'), 'count: 3\nduration: 1s\n');
  const base = ['run', '--url', gw.url, '--config', 'ocpp-sim.yaml', '--out', 'summary.json'];

  const fromFile = await runCli(base, { cwd: dir });
  assert.equal(fromFile.code, 0, fromFile.stderr());
  let doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.chargePoints.count, 3, 'count from the file, not the default 10');
  assert.equal(doc.durationMs, 1000, 'duration from the file, not the default 30 s');
  assert.match(fromFile.stdout(), /3 total, 3 started, 3 connected, 3 booted/);

  const fromEnv = await runCli(base, { cwd: dir, env: { OCPP_SIM_COUNT: '4' } });
  assert.equal(fromEnv.code, 0, fromEnv.stderr());
  doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.chargePoints.count, 4, 'OCPP_SIM_COUNT beats the file');
  assert.equal(doc.durationMs, 1000, 'the duration still comes from the file');
  assert.match(fromEnv.stdout(), /4 total, 4 started, 4 connected, 4 booted/);

  const fromFlag = await runCli([...base, '--count', '5'], { cwd: dir, env: { OCPP_SIM_COUNT: '4' } });
  assert.equal(fromFlag.code, 0, fromFlag.stderr());
  doc = readSummary(join(dir, 'summary.json'));
  assert.equal(doc.chargePoints.count, 5, '--count beats OCPP_SIM_COUNT and the file');
  assert.equal(doc.durationMs, 1000);
  assert.match(fromFlag.stdout(), /5 total, 5 started, 5 connected, 5 booted/);

  assert.equal(gw.gateway.stats().boots.Accepted, 3 + 4 + 5, 'each run booted the charge points it was configured with');
})));

test('a kebab-case key in the config file and its OCPP_SIM_ variable set the same setting', () => withTempDir(async (dir) => {
  const ids: string[] = [];
  const gw = await startWatchedGateway({ log: (line) => { const m = /^(\S+) connected from /.exec(line); if (m) ids.push(m[1] as string); } });
  try {
    await writeFile(join(dir, 'ocpp-sim.yaml'), 'count: 2\nduration: 1s\nid-prefix: FILE-\n');
    const fromFile = await runCli(['run', '--url', gw.url, '--config', 'ocpp-sim.yaml'], { cwd: dir });
    assert.equal(fromFile.code, 0, fromFile.stderr());
    const fromEnv = await runCli(['run', '--url', gw.url, '--config', 'ocpp-sim.yaml'], { cwd: dir, env: { OCPP_SIM_ID_PREFIX: 'ENV-' } });
    assert.equal(fromEnv.code, 0, fromEnv.stderr());
    assert.deepEqual(ids.sort(), ['ENV-001', 'ENV-002', 'FILE-001', 'FILE-002']);
  } finally {
    await gw.close();
  }
}));

test('OCPP_SIM_THRESHOLD holds several expressions separated by ;, each judged in the summary', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--count', '2', '--duration', '1s', '--out', 'summary.json'],
    { cwd: dir, env: { OCPP_SIM_THRESHOLD: 'p(99)<5s;errors:rate<1%' } });
  assert.equal(fake.code, 0, fake.stderr());
  const doc = readSummary(join(dir, 'summary.json'));
  assert.deepEqual(doc.thresholds.filter((t) => !t.isDefault).map((t) => [t.expression, t.passed]), [['p(99)<5s', true], ['errors:rate<1%', true]]);
  assert.deepEqual(doc.config.threshold, ['p(99)<5s', 'errors:rate<1%']);
  assert.match(fake.stdout(), /thresholds: all passed/);
})));

test('a config file with an unknown key exits 104 naming the file and the key, before anything connects', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  await writeFile(join(dir, 'ocpp-sim.yaml'), 'count: 2\nduration: 1s\nramp-up: 10s\n');
  const fake = await runCli(['run', '--url', gw.url, '--config', 'ocpp-sim.yaml'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /ocpp-sim\.yaml/);
  assert.match(line, /'rampUp'|'ramp-up'/);
  assert.equal(fake.stdout(), '');
  assert.equal(gw.accepted(), 0);
})));

test('a bad value in OCPP_SIM_COUNT exits 104 naming the variable and the value', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  const fake = await runCli(['run', '--url', gw.url, '--duration', '1s'], { cwd: dir, env: { OCPP_SIM_COUNT: 'abc' } });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /OCPP_SIM_COUNT/);
  assert.match(line, /'abc'/);
  assert.doesNotMatch(line, /--count/, 'the value came from the variable, not the flag');
  assert.equal(gw.accepted(), 0);
})));

test('a word that is not a boolean in OCPP_SIM_ABORT_ON_FAIL or OCPP_SIM_VALIDATE exits 104 naming the variable', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  // A typo must not silently turn --abort-on-fail or schema validation off.
  const fake = await runCli(['run', '--url', gw.url, '--count', '2', '--duration', '1s', '--threshold', 'p(99)<5s'],
    { cwd: dir, env: { OCPP_SIM_ABORT_ON_FAIL: 'ture', OCPP_SIM_VALIDATE: 'nope' } });
  assert.equal(fake.code, 104, `exit code; stderr:\n${fake.stderr()}`);
  const line = oneErrorLine(fake);
  assert.match(line, /OCPP_SIM_ABORT_ON_FAIL/);
  assert.match(line, /'ture'/);
  assert.match(line, /OCPP_SIM_VALIDATE/);
  assert.match(line, /'nope'/);
  assert.equal(gw.accepted(), 0);
})));

test('a bad value in the config file exits 104 naming the file and the key', () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
  await writeFile(join(dir, 'ocpp-sim.yaml'), 'count: 2\nduration: soon\n');
  const fake = await runCli(['run', '--url', gw.url, '--config', 'ocpp-sim.yaml'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /ocpp-sim\.yaml/);
  assert.match(line, /\bduration\b/);
  assert.match(line, /'soon'/);
  assert.equal(gw.accepted(), 0);
})));

test('a --config file that does not exist exits 104 naming it', () => withTempDir(async (dir) => {
  const fake = await runCli(['run', '--url', 'ws://127.0.0.1:9/ocpp', '--config', 'nowhere.yaml'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /--config/);
  assert.match(line, literal(join(dir, 'nowhere.yaml')));
  assert.match(line, /not found/);
  assert.equal(fake.stdout(), '');
}));
