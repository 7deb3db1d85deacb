// Benchmark (not a test): `ocpp-sim run` as a user runs it - the CLI, its default process plan, the
// whole process tree - against the bare `ws` client (the floor), the same workload against the same
// gateway in its own process, each run's process tree sampled every second from /proc (tree.js).
// Writes its block of docs/benchmarks.md (bench:defaults).
// With --repeat N, the six runs are made N times (the ramped three, then the three at once, each three in
// another of its six orders every round, so a load that comes and goes touches all and, over six rounds,
// every row follows each of the others equally often) and each figure is the median, with the range beside it.
// With --keep DIR, each ocpp-sim run's summary is kept as DIR/<round>-<configuration>.json (its connect and
// boot histograms, retries and per-interval states tell a slow round from a fast one).
// Usage: node bench/defaults.js [COUNT] [--duration 40s] [--repeat N] [--keep DIR] [--no-docs]   (run `npm run build` first)
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBlock } from './md-block.js';
import { median } from './median.js';
import { sleep, startGateway } from './processes.js';
import { cpuBetween, watchTree } from './tree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const durationS = args.includes('--duration') ? Number(String(args[args.indexOf('--duration') + 1]).replace(/s$/, '')) || 40 : 40;
const repeat = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 1;
if (!Number.isInteger(repeat) || repeat < 1 || repeat > 9) { console.error('bench: --repeat must be an integer 1..9'); process.exit(1); }
const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
if (args.includes('--keep') && (!keep || keep.startsWith('--'))) { console.error('bench: --keep needs a directory'); process.exit(1); }
if (keep) mkdirSync(keep, { recursive: true });
let round = 0;
const docs = !args.includes('--no-docs') && count === 10000 && durationS === 40;
const RATE = 1000; // ocpp-sim run's default --rate
const GATEWAY_ARGS = ['--port', '0', '--heartbeat-interval', '10s', '--log-level', 'warn'];
if (!existsSync(join(root, 'dist/cli/main.js'))) { console.error('bench: run `npm run build` first'); process.exit(1); }

const work = mkdtempSync(join(os.tmpdir(), 'ocpp-sim-bench-'));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const gateway = await startGateway(root, GATEWAY_ARGS);
console.log(`gateway at ${gateway.url} (pid ${gateway.gw.pid}), load ${load()}`);

/** Runs one command to its end with its tree sampled; resolves with the samples, stdout and the load before. */
function measured(label, argv) {
  const loadBefore = load();
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const watch = watchTree(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-5000); });
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), (durationS + 90) * 1000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      watch.stop();
      console.log(`${label}: exit ${code}, ${watch.samples.length} samples, peak ${Math.max(...watch.samples.map((s) => s.rssMB))} MB, at most ${Math.max(...watch.samples.map((s) => s.processes))} processes`);
      if (code !== 0) console.error(stderr.slice(-2000));
      resolve({ label, code, samples: watch.samples, stdout, stderr, loadBefore });
    });
  });
}

/** The figures of one run: peak RSS of the tree, steady CPU per charge point-minute, time to all booted. */
function figures(run, rampS, allBootedMs) {
  const fromMs = (rampS + 5) * 1000;
  const toMs = (durationS - 1) * 1000;
  const steady = cpuBetween(run.samples, fromMs, toMs);
  return {
    label: run.label, code: run.code, loadBefore: run.loadBefore,
    peakRssMB: Math.max(...run.samples.map((s) => s.rssMB)),
    processes: Math.max(...run.samples.map((s) => s.processes)),
    steadyMsPerCpMinute: steady.ms > 0 ? steady.cpuMs / (count * (steady.ms / 60000)) : null,
    steadyWindowS: Math.round(steady.ms / 1000),
    allBootedMs,
  };
}

const floorRun = async (rate) => {
  const run = await measured(`floor, ramp ${rate === RATE ? `${RATE}/s` : 'all at once'}`, ['--expose-gc', 'bench/bare-client.js', gateway.url, 'capacity', count, durationS * 1000, rate]);
  const line = JSON.parse(run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '{}');
  return figures(run, rate === RATE ? count / RATE : 1, line.allBootedMs ?? null);
};
const simRun = async (label, extra, rampS) => {
  const out = join(work, 'out.json');
  const run = await measured(label, ['bin/ocpp-sim.js', 'run', '--url', gateway.url, '--count', String(count), '--duration', `${durationS}s`, '--no-ui', '--ping-interval', '0', '--out', out, ...extra]);
  let allBootedMs = null;
  try { allBootedMs = JSON.parse(readFileSync(out, 'utf8')).chargePoints.allBootedMs; } catch { /* reported as missing */ }
  if (keep && existsSync(out)) copyFileSync(out, join(keep, `${round}-${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.json`));
  return figures(run, rampS, allBootedMs);
};

const plan = [
  () => floorRun(RATE),
  () => simRun('ocpp-sim run (defaults)', [], count / RATE),
  () => simRun('ocpp-sim run --workers 1', ['--workers', '1'], count / RATE),
  () => floorRun(1_000_000),
  () => simRun('ocpp-sim run --rate 0', ['--rate', '0'], 1),
  () => simRun('ocpp-sim run --rate 0 --workers 1', ['--rate', '0', '--workers', '1'], 1),
];
const runs = plan.map(() => []); // runs[configuration][round]
/**
 * The order of round `r` (1-based): the ramped three, then the three at once, each three in the
 * (r − 1)th of its six orders (PERMUTATIONS), so over six rounds every configuration runs twice in each
 * place and right after each of the others twice. A fixed order let one place's luck stick to one row:
 * in nine rounds, the `--rate 0` run right after the floor's took a median of 3,089 ms and the same
 * configuration run next 2,755 ms; a rotation keeps who follows whom, so it is not enough.
 */
const PERMUTATIONS = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];
const orderOf = (r) => [0, 3].flatMap((g) => PERMUTATIONS[(r - 1) % 6].map((k) => g + k));
for (round = 1; round <= repeat; round++) {
  for (const i of orderOf(round)) {
    runs[i].push(await plan[i]());
    console.log(`  round ${round}/${repeat}: ${JSON.stringify(runs[i].at(-1))}`);
    await sleep(3000);
  }
}
const gatewayExit = await gateway.stop();
rmSync(work, { recursive: true, force: true });

/** One row per configuration: each figure the median of its rounds, the range kept for the table. */
const rows = runs.map((list) => {
  const first = list[0];
  const fig = (key) => median(list.map((r) => r[key]));
  return {
    label: first.label, codes: list.map((r) => r.code), loadBefore: list.map((r) => r.loadBefore.split(' ')[0]).join(', '),
    processes: Math.max(...list.map((r) => r.processes)),
    peakRssMB: fig('peakRssMB'), steadyMsPerCpMinute: fig('steadyMsPerCpMinute'), allBootedMs: fig('allBootedMs'),
  };
});
const [floor, defaults, one, floorAll, defaultsAll, oneAll] = rows;
const f1 = (x) => (x === null || x === undefined ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const f2 = (x) => (x === null || x === undefined ? '-' : x.toFixed(2));
const ratio = (a, b) => (a === null || b === null || !b ? '-' : `${(a / b).toFixed(2)}×`);
/** A cell: the median, its ratio to the floor's median, and with repeats the range of the rounds. */
const cell = (r, base, key, fmt) => {
  const { mid, lo, hi } = r[key];
  const range = repeat > 1 && lo !== null ? `; ${fmt(lo)}–${fmt(hi)}` : '';
  return `${fmt(mid)}${r === base ? '' : ` (${ratio(mid, base[key].mid)})`}${range ? ` <sub>${range.slice(2)}</sub>` : ''}`;
};
const exits = (r) => (r.codes.every((c) => c === 0) ? '' : ` (exit ${r.codes.join(', ')})`);
const table = (base, list, rampNote) => [
  `| ${rampNote} | processes | peak RSS (MB) | steady CPU ms per charge point-minute | all booted (ms) | load before |`,
  '|---|---:|---:|---:|---:|---|',
  ...[base, ...list].map((r) => `| ${r.label}${exits(r)} | ${r.processes} | ${cell(r, base, 'peakRssMB', f1)} | ${cell(r, base, 'steadyMsPerCpMinute', f2)} | ${cell(r, base, 'allBootedMs', f1)} | ${r.loadBefore} |`),
].join('\n');
const md = `## \`ocpp-sim run\` at its defaults against the floor (\`node bench/defaults.js${repeat > 1 ? ` --repeat ${repeat}` : ''}\`)

${count.toLocaleString('en-US')} charge points (BootNotification, StatusNotification for connectors 0, 1, 2, then a Heartbeat
every 10 s) against \`ocpp-sim gateway ${GATEWAY_ARGS.join(' ')}\` in its own process, for ${durationS} s each:
the floor (\`bench/bare-client.js\`), then \`ocpp-sim run --url … --count ${count} --duration ${durationS}s --no-ui
--ping-interval 0\` as a user runs it (the CLI and every process it starts: its default process plan), then
the same with \`--workers 1\`; then all at once (\`--rate 0\`; the floor with no ramp, 200 handshakes in flight).
Every process of a run's tree is sampled each second from /proc: **peak RSS** is the highest sum over the
tree; **steady CPU** is the tree's user + sys CPU from 5 s after the ramp to 1 s before the end, per charge
point and minute; **all booted** is from the start of the ramp until every charge point had been Accepted.
Ratios are against the floor of the same table. WebSocket pings are off so both sides send the same frames.
${repeat > 1 ? `Each configuration ran ${repeat} times: in each round the ramped three, then the three at once, each three in another
of its six orders (round 1: floor, run, \`--workers 1\`; round 2: run, \`--workers 1\`, floor; round 3: \`--workers 1\`, floor, run;
then floor, \`--workers 1\`, run; \`--workers 1\`, run, floor; run, floor, \`--workers 1\`), so that over six rounds every row runs
twice in each place and right after each of the others twice. A figure is the median of its rounds (a ratio is median over
median), the range of the rounds in small type; "load before" is the 1-minute load average before each round's run.
` : ''}
Date ${new Date().toISOString()}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version};
load average at the end ${load()}; gateway exit ${gatewayExit}. **The machine is shared** (other developers' builds and
tests ran on the same 2 cores): the load average before each run is in its row, and CPU and boot times move with it.

${table(floor, [defaults, one], `ramp ${RATE}/s`)}

${table(floorAll, [defaultsAll, oneAll], 'all at once')}
`;
console.log(`\n${md}`);
if (docs) console.log(`docs/benchmarks.md: block bench:defaults ${writeBlock(join(root, 'docs/benchmarks.md'), 'defaults', md)}`);
process.exit(rows.every((r) => r.codes.every((c) => c === 0)) && gatewayExit === 0 ? 0 : 1);
