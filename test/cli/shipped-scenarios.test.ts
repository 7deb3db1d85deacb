import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program.js';
import { resolveRunConfig } from '../../src/cli/run-config.js';
import { resolveScenarioFile, shippedScenarioNames, SHIPPED_SCENARIOS_DIR } from '../../src/cli/shipped-scenarios.js';
import { fakeIo } from '../helpers/fake-io.js';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';

// The shipped scenarios are found by name from any working directory (a new user's empty
// project has no scenarios/ folder), and paths in a run config file are relative to the file.

test('a shipped scenario is found by name, name.yaml or scenarios/name.yaml; an existing file of that path wins', () => withTempDir(async (dir) => {
  const shipped = join(SHIPPED_SCENARIOS_DIR, 'charging-session.yaml');
  const cases: Array<[string, string]> = [
    ['charging-session', shipped],
    ['charging-session.yaml', shipped],
    ['scenarios/charging-session.yaml', shipped],
    ['elsewhere/charging-session.yaml', join(dir, 'elsewhere/charging-session.yaml')],
    ['mine.yaml', join(dir, 'mine.yaml')],
  ];
  for (const [spec, expected] of cases) assert.equal(resolveScenarioFile(spec, dir), expected, spec);
  await mkdir(join(dir, 'scenarios'));
  await writeFile(join(dir, 'scenarios', 'charging-session.yaml'), 'steps: [{ boot: {} }]\n');
  assert.equal(resolveScenarioFile('scenarios/charging-session.yaml', dir), join(dir, 'scenarios', 'charging-session.yaml'), 'the local file, not the shipped one');
}));

test('validate checks shipped scenarios by name from a folder without them', () => withTempDir(async (dir) => {
  const fake = await runCli(['validate', 'charging-session', 'remote-start.yaml'], { cwd: dir });
  assert.equal(fake.code, 0, fake.stdout() + fake.stderr());
  assert.match(fake.stdout(), /^charging-session: ok \(charging-session, ocpp1\.6, \d+ steps\)$/m);
  assert.match(fake.stdout(), /^remote-start\.yaml: ok \(remote-start, ocpp1\.6/m);
}));

test('run with a scenario that is neither a file nor a shipped name exits 104 with one line naming the shipped scenarios', () => withTempDir(async (dir) => {
  const fake = await runCli(['run', '--scenario', 'charging-sesion', '--no-ui'], { cwd: dir });
  assert.equal(fake.code, 104);
  const line = oneErrorLine(fake);
  assert.match(line, /--scenario: charging-sesion: not found at \/\S+\/charging-sesion, and no shipped scenario has that name \(shipped, usable by name: /);
  for (const name of shippedScenarioNames()) assert.ok(line.includes(name), `${name} in: ${line}`);
  assert.match(line, /'ocpp-sim scenarios'/);
}));

test('ocpp-sim scenarios lists every shipped scenario, a line each with its protocol and description', () => withTempDir(async (dir) => {
  const fake = await runCli(['scenarios'], { cwd: dir });
  assert.equal(fake.code, 0);
  const lines = fake.stdout().trimEnd().split('\n');
  assert.deepEqual(lines.map((line) => line.split(/\s+/)[0]), shippedScenarioNames());
  for (const line of lines) assert.match(line, /^\S+\s+ocpp\d(\.\d)+\s+\S.{20,}$/);
  assert.match(fake.stdout(), /^charging-session-201\s+ocpp2\.0\.1\s+OCPP 2\.0\.1 Authorize/m);
}));

/** The flags as commander hands them over when only `given` were on the command line: every run option's default, then `given`. */
function flagsWith(given: Record<string, unknown>): Record<string, unknown> {
  const run = buildProgram(fakeIo('/').io, { code: 0 }, '0.0.0').commands.find((c) => c.name() === 'run');
  const defaults = Object.fromEntries((run?.options ?? []).filter((o) => o.defaultValue !== undefined).map((o) => [o.attributeName(), o.defaultValue as unknown]));
  return { ...defaults, ...given };
}

const pathOf = (config: { outputs: ReadonlyArray<{ kind: string; path?: string }> }, kind: string): string | undefined => config.outputs.find((o) => o.kind === kind)?.path;

test('paths in a run config file resolve against its folder; the same paths as flags against the working directory', () => withTempDir(async (dir) => {
  await mkdir(join(dir, 'ci'));
  await writeFile(join(dir, 'ci', 'my.yaml'), 'steps: [{ boot: {} }]\n');
  await writeFile(join(dir, 'ci', 'ocpp-sim.yaml'), 'scenario: my.yaml\nout: summary.json\njunit: out/report.xml\ntrace: trace.ndjson\n');
  const io = fakeIo(dir).io;
  const fromFile = await resolveRunConfig(flagsWith({ config: 'ci/ocpp-sim.yaml' }), new Set(['config']), io);
  assert.equal(fromFile.scenarios[0]?.file, join(dir, 'ci', 'my.yaml'));
  assert.equal(pathOf(fromFile, 'json'), join(dir, 'ci', 'summary.json'));
  assert.equal(pathOf(fromFile, 'junit'), join(dir, 'ci', 'out', 'report.xml'));
  assert.equal(pathOf(fromFile, 'trace'), join(dir, 'ci', 'trace.ndjson'));
  const fromFlags = await resolveRunConfig(flagsWith({ config: 'ci/ocpp-sim.yaml', scenario: ['ci/my.yaml'], out: 'summary.json' }), new Set(['config', 'scenario', 'out']), io);
  assert.equal(fromFlags.scenarios[0]?.file, join(dir, 'ci', 'my.yaml'));
  assert.equal(pathOf(fromFlags, 'json'), join(dir, 'summary.json'));
  const fromEnv = await resolveRunConfig(flagsWith({ config: 'ci/ocpp-sim.yaml' }), new Set(['config']), fakeIo(dir, { OCPP_SIM_OUT: 'env.json' }).io);
  assert.equal(pathOf(fromEnv, 'json'), join(dir, 'env.json'), 'a variable is relative to the working directory');
}));
