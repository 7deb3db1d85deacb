import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/repo-root.js';

/** Runs a command to its end (bounded by `timeoutMs`) and returns its output; never throws. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
}

const show = (r: SpawnSyncReturns<string>): string => `exit ${r.status} ${r.signal ?? ''}\n${r.stdout}\n${r.stderr}`;

// As a new user gets it: the tarball `npm pack` makes, installed into an empty project (its
// dependencies from the npm cache or registry), then the CLI, the selftest, the type
// declarations and the library example from there. dist/ is built by `npm test`'s pretest.
test('the packed tarball installs into an empty project without install scripts and works from there', async (t) => {
  const root = repoRoot();
  if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
    const build = run('npm', ['run', 'build'], root, 180_000);
    assert.equal(build.status, 0, show(build));
  }
  const work = mkdtempSync(join(tmpdir(), 'ocpp-sim-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root, 60_000);
  assert.equal(pack.status, 0, show(pack));
  const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  assert.ok(packed);
  const files = new Set(packed.files.map((f) => f.path));
  for (const needed of ['dist/index.js', 'dist/index.d.ts', 'bin/ocpp-sim.js', 'scenarios/charging-session.yaml', 'docs/gateway.md', 'docs/scenario.schema.json', 'examples/library.ts', 'README.md']) {
    assert.ok(files.has(needed), `the tarball holds ${needed}`);
  }
  assert.ok(![...files].some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('build/')), 'no sources, tests or test build in the tarball');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[script], undefined, `no ${script} script runs at the user's install`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], app, 120_000);
  assert.equal(install.status, 0, show(install));
  assert.doesNotMatch(install.stderr, /install-scripts|allowScripts/, 'installing warns about no install script');

  const cli = run('npx', ['--no', 'ocpp-sim', 'run', '--scenario', 'charging-session', '-n', '2', '-d', '2s', '--no-ui'], app, 60_000);
  assert.equal(cli.status, 0, show(cli));
  assert.match(cli.stderr, /scenario charging-session/);
  assert.match(cli.stdout, /2 booted, 0 failed/);

  const listed = run('npx', ['--no', 'ocpp-sim', 'scenarios'], app, 30_000);
  assert.equal(listed.status, 0, show(listed));
  assert.match(listed.stdout, /^charging-session\s+ocpp1\.6\s+Authorize/m);

  // The selftest's scenario checks need their transactions to finish in a few seconds; on a
  // machine loaded many times over they may not, so a failed selftest is run once more.
  let selftest = run('npx', ['--no', 'ocpp-sim', 'selftest'], app, 90_000);
  if (selftest.status === 1) selftest = run('npx', ['--no', 'ocpp-sim', 'selftest'], app, 90_000);
  assert.equal(selftest.status, 0, show(selftest));
  assert.match(selftest.stdout, /selftest passed/);

  // The library example, type-checked (declarations and their imports included) against the
  // installed package, then compiled and run.
  copyFileSync(join(app, 'node_modules', 'ocpp-sim', 'examples', 'library.ts'), join(app, 'library.ts'));
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      module: 'nodenext', target: 'es2022', strict: true, skipLibCheck: false, outDir: 'out',
      types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: ['library.ts'],
  }));
  const tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app, 120_000);
  assert.equal(tsc.status, 0, show(tsc));
  const example = run(process.execPath, [join('out', 'library.js')], app, 60_000);
  assert.equal(example.status, 0, show(example));
  assert.match(example.stdout, /Reset answered \{"status":"Accepted"\}/);
  assert.match(example.stdout, /outcome completed: 5 of 5 booted/);
  assert.match(example.stdout, /^summary written to .*library-summary\.json$/m, 'the shipped JSON output, driven by runFleet');
  assert.match(example.stdout, /^peak [1-5] connections open, 5 booted$/m, 'the example\'s own output');
});
