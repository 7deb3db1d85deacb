import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CliError } from '../../src/cli/errors.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { registerValidateCommand } from '../../src/cli/program-commands.js';
import { validateCommand } from '../../src/cli/validate-command.js';
import { notFoundHint } from '../../src/cli/shipped-scenarios.js';
import { fakeIo } from '../helpers/fake-io.js';
import { repoRoot } from '../helpers/repo-root.js';

// `ocpp-sim validate FILE…` with a fake io: every problem of every file on stdout as
// file:line:column: message (file names as given), a line per valid file, exit 104 or 0.

const GOOD = 'name: good\nsteps:\n  - boot\n  - heartbeat\n';
const BAD = [
  'name: bad',
  'steps:',
  '  - boot',
  '  - wait: soon',
  '  - call: { action: Authorize, payload: { idTag: "{{vars.tag}}" } }',
  '  - fly',
  '',
].join('\n');

async function withFiles(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-validate-'));
  try {
    await writeFile(join(dir, 'good.yaml'), GOOD);
    await writeFile(join(dir, 'bad.yaml'), BAD);
    await writeFile(join(dir, 'good.json'), JSON.stringify({ name: 'json', steps: ['boot', { wait: '1s' }] }));
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('valid files each get an ok line and the exit code is 0', async () => {
  await withFiles(async (dir) => {
    const fake = fakeIo(dir);
    assert.equal(await validateCommand(['good.yaml', 'good.json'], fake.io), EXIT.OK);
    assert.equal(fake.stdout(), 'good.yaml: ok (good, ocpp1.6, 2 steps)\ngood.json: ok (json, ocpp1.6, 2 steps)\n');
    assert.equal(fake.stderr(), '');
  });
});

test('every problem of every file is printed as file:line:column: message, and the exit code is 104', async () => {
  await withFiles(async (dir) => {
    const fake = fakeIo(dir);
    assert.equal(await validateCommand(['good.yaml', 'bad.yaml', 'missing.yaml'], fake.io), EXIT.INVALID_CONFIG);
    const lines = fake.stdout().trimEnd().split('\n');
    assert.equal(lines[0], 'good.yaml: ok (good, ocpp1.6, 2 steps)');
    assert.match(lines[1] as string, /^bad\.yaml:4:11: wait must be a duration/);
    assert.match(lines[2] as string, /^bad\.yaml:5:50: undefined variable 'tag'/);
    assert.match(lines[3] as string, /^bad\.yaml:6:5: unknown step type 'fly'/);
    assert.equal(lines[4], `missing.yaml: not found at ${join(dir, 'missing.yaml')}, and no shipped scenario has that name (${notFoundHint()})`);
    assert.equal(lines.length, 5);
    assert.equal(fake.stderr(), 'ocpp-sim: error: 4 problems in 2 of 3 scenario files\n');
  });
});

test('the shipped scenarios validate', async () => {
  const fake = fakeIo(repoRoot());
  const files = ['boot-heartbeat-status', 'charging-session', 'remote-start', 'flapping', 'boot-pending'].map((n) => `scenarios/${n}.yaml`);
  assert.equal(await validateCommand(files, fake.io), EXIT.OK, fake.stdout());
  assert.equal(fake.stdout().split('\n').filter((l) => / ok \(/.test(l)).length, 5);
});

test('--protocol checks the files as another version (a registered `validate` command)', async () => {
  await withFiles(async (dir) => {
    await writeFile(join(dir, 'v16.yaml'), 'name: v16\nsteps:\n  - call: { action: Authorize, payload: { idTag: T1 } }\n');
    const run = async (...args: string[]): Promise<{ code: number; out: string }> => {
      const fake = fakeIo(dir);
      const outcome = { code: -1 };
      const program = new Command('ocpp-sim').exitOverride();
      registerValidateCommand(program, fake.io, outcome);
      await program.parseAsync(['validate', ...args], { from: 'user' });
      return { code: outcome.code, out: fake.stdout() };
    };
    assert.deepEqual(await run('v16.yaml'), { code: 0, out: 'v16.yaml: ok (v16, ocpp1.6, 1 step)\n' });
    const as201 = await run('v16.yaml', '--protocol', 'ocpp2.0.1');
    assert.equal(as201.code, EXIT.INVALID_CONFIG);
    assert.match(as201.out, /^v16\.yaml:3:\d+: /);
    const as21 = await run('v16.yaml', '--protocol', 'ocpp2.1');
    assert.equal(as21.code, EXIT.INVALID_CONFIG, 'a 1.6 Authorize payload is not a 2.1 one');
    await writeFile(join(dir, 'stream.yaml'), 'name: s\nsteps:\n  - boot\n  - periodicEventStream: { interval: 200ms, values: 2, duration: 5s }\n');
    assert.deepEqual(await run('stream.yaml', '--protocol', 'ocpp2.1'), { code: 0, out: 'stream.yaml: ok (s, ocpp2.1, 2 steps)\n' });
    const streamOn201 = await run('stream.yaml', '--protocol', 'ocpp2.0.1');
    assert.match(streamOn201.out, /^stream\.yaml:4:\d+: periodicEventStream needs a protocol with periodic event streams \(ocpp2\.1\), not ocpp2\.0\.1/m);
    await assert.rejects(run('v16.yaml', '--protocol', 'ocpp9'), (error: unknown) => error instanceof CliError && /--protocol must be one of/.test(error.message));
  });
});

test('no file at all is a usage error', async () => {
  await assert.rejects(validateCommand([], fakeIo('/').io), (error: unknown) => error instanceof CliError && error.exitCode === EXIT.INVALID_CONFIG);
});

test('{{env.NAME}} is checked against the environment validate runs in; data: columns against the scenario\'s data file', async () => {
  await withFiles(async (dir) => {
    await writeFile(join(dir, 'env.yaml'), 'name: env\nsteps:\n  - boot\n  - call: { action: Authorize, payload: { idTag: "{{env.SITE_TAG}}" } }\n');
    await writeFile(join(dir, 'rows.csv'), 'id,tag\nA,T1\n');
    await writeFile(join(dir, 'data.yaml'), 'name: data\ndata: rows.csv\nsteps:\n  - boot\n  - call: { action: Authorize, payload: { idTag: "{{data.colour}}" } }\n');
    const unset = fakeIo(dir);
    assert.equal(await validateCommand(['env.yaml', 'data.yaml'], unset.io), EXIT.INVALID_CONFIG);
    assert.deepEqual(unset.stdout().trim().split('\n'), [
      'env.yaml:4:50: environment variable SITE_TAG is not set ({{env.SITE_TAG}})',
      "data.yaml:5:50: unknown data column 'colour' in {{data.colour}} (columns: id, tag)",
    ]);
    const set = fakeIo(dir, { SITE_TAG: 'T-9' });
    assert.equal(await validateCommand(['env.yaml'], set.io), EXIT.OK);
    assert.match(set.stdout(), /^env\.yaml: ok \(env, ocpp1\.6, 2 steps\)$/m);
  });
});
