// Benchmark (not a test): 10,000 charge points booting at once, the floor (bench/bare-client.js) against
// `ocpp-sim run --rate 0` of one or more builds, alternated against one gateway, so two builds can be
// compared on a machine whose speed moves from minute to minute. Each round runs the floor and every
// build once, in an order rotated by one each round; each run lasts 6 s. Per run: all booted (ms), the
// process's CPU (ms, all its threads) and context switches (voluntary/involuntary), and the gateway's CPU
// over the run. At the end, the median of each figure per build and the ratio of its boot to the floor's.
// Usage: node bench/ab-boot.js [--rounds N] [--count N] [DIR ...]   (each DIR a checkout with `npm run build` done; default: this one)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';
import { sleep, startGateway } from './processes.js';
import { cpuMsOf } from './tree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const rounds = flag('--rounds', 4);
const count = flag('--count', 10000);
const builds = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')).map((d) => resolve(d));
if (builds.length === 0) builds.push(root);
for (const dir of builds) if (!existsSync(join(dir, 'dist/cli/main.js'))) { console.error(`bench: ${dir} has no dist/: run \`npm run build\` there`); process.exit(1); }
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(count) || count < 1) { console.error('bench: --rounds and --count must be positive integers'); process.exit(1); }

const work = mkdtempSync(join(os.tmpdir(), 'ocpp-sim-ab-'));
const gateway = await startGateway(root, ['--port', '0', '--heartbeat-interval', '10s', '--log-level', 'warn']);
/** The gateway's CPU so far (ms), from /proc. */
const gatewayCpuMs = () => cpuMsOf(gateway.gw.pid);

/** One measured child: resolves with its stdout and its line from cpu-at-exit.cjs. */
function child(cwd, argv) {
  return new Promise((done) => {
    const c = spawn(process.execPath, ['-r', join(root, 'bench/cpu-at-exit.cjs'), ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => { stdout += d; });
    c.stderr.on('data', (d) => { stderr += d; });
    c.on('exit', (code) => {
      const [cpuMs, voluntary, involuntary] = (/@cpu-at-exit (\d+) (\d+) (\d+)/.exec(stderr) ?? []).slice(1).map(Number);
      if (code !== 0) console.error(`exit ${code}: ${stderr.slice(-1000)}`);
      done({ code, stdout, cpuMs, switches: `${voluntary}/${involuntary}` });
    });
  });
}

const runs = { floor: [] };
for (const dir of builds) runs[dir] = [];
const labels = Object.keys(runs);
for (let round = 0; round < rounds; round++) {
  for (const label of labels.map((_, i) => labels[(i + round) % labels.length])) {
    const before = gatewayCpuMs();
    let allBootedMs = null;
    let run;
    if (label === 'floor') {
      run = await child(root, ['bench/bare-client.js', gateway.url, 'capacity', count, 6000, 1_000_000]);
      allBootedMs = JSON.parse(run.stdout.trim().split('\n').pop() || '{}').allBootedMs ?? null;
    } else {
      const out = join(work, 'out.json');
      rmSync(out, { force: true });
      run = await child(label, ['bin/ocpp-sim.js', 'run', '--url', gateway.url, '--count', String(count), '--duration', '6s', '--no-ui', '--ping-interval', '0', '--rate', '0', '--out', out]);
      if (existsSync(out)) allBootedMs = Math.round(JSON.parse(readFileSync(out, 'utf8')).chargePoints.allBootedMs ?? NaN) || null;
    }
    const figures = { allBootedMs, cpuMs: run.cpuMs, switches: run.switches, gatewayCpuMs: gatewayCpuMs() - before };
    runs[label].push(figures);
    console.log(`round ${round + 1}/${rounds} ${label}: ${JSON.stringify(figures)}`);
    await sleep(2000);
  }
}
await gateway.stop();
rmSync(work, { recursive: true, force: true });

const mid = (values) => median(values).mid;
const floorBoot = mid(runs.floor.map((r) => r.allBootedMs));
console.log(`\nmedians of ${rounds} rounds, ${count} charge points at once (${os.cpus().length} cores, Node ${process.version}):`);
for (const label of labels) {
  const boot = mid(runs[label].map((r) => r.allBootedMs));
  const ratio = boot && floorBoot ? ` (${(boot / floorBoot).toFixed(2)}× the floor)` : '';
  console.log(`${label}: all booted ${boot} ms${label === 'floor' ? '' : ratio}, CPU ${mid(runs[label].map((r) => r.cpuMs))} ms, gateway CPU ${mid(runs[label].map((r) => r.gatewayCpuMs))} ms`);
}
