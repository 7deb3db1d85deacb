// Benchmark (not a test): ocpp-sim's fleet vs a bare `ws` client (the floor), same workloads,
// against the embedded gateway in its own process, each side measured in its own process.
// Writes its block of docs/benchmarks.md (between <!-- bench:capacity:start/end -->), nothing else.
//
// Usage: node bench/capacity.js [capacity] [throughput] [N ...] [--cps K] [--rounds R]   (run `npm run build` first)
//   capacity, throughput   the workloads to run (default: both)
//   N ...                  capacity fleet sizes (default: 1000 5000 10000)
//   --cps K                charge points of the throughput workload (default: 100)
//   --rounds R             throughput rounds per side, alternating which side goes first (default: 5)
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkMarkdown } from './document.js';
import { writeBlock } from './md-block.js';
import { runChild, sleep, startGateway } from './processes.js';
import { capacityDetails, capacityTable, targetRows, targetsTable, throughputTable } from './report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Charge points started per second in every run, both sides: 10,000 in 5 s, so "booted in 10 s" is not decided by the ramp. */
const RAMP_RATE = 2000;
const HEARTBEAT_S = 10;
const CLOSED_LOOP_MS = 15000; // as `for: 15s` in bench/closed-loop.yaml
const GATEWAY_ARGS = ['--port', '0', '--heartbeat-interval', `${HEARTBEAT_S}s`, '--log-level', 'warn'];

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function parseArgs(args) {
  const opts = { workloads: new Set(), counts: [], cps: 100, rounds: 5 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'capacity' || a === 'throughput') opts.workloads.add(a);
    else if (a === '--cps') opts.cps = Number(args[++i]);
    else if (a === '--rounds') opts.rounds = Number(args[++i]);
    else if (/^\d+$/.test(a)) opts.counts.push(Number(a));
    else fail(`unknown argument '${a}' (usage: node bench/capacity.js [capacity] [throughput] [N ...] [--cps K] [--rounds R])`);
  }
  if (opts.workloads.size === 0) opts.workloads = new Set(['capacity', 'throughput']);
  if (opts.counts.length === 0) opts.counts = [1000, 5000, 10000];
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1 || opts.rounds > 10) fail(`--rounds must be an integer in 1..10 (got ${opts.rounds})`);
  for (const n of [...opts.counts, opts.cps]) if (!Number.isInteger(n) || n < 1 || n > 100000) fail(`charge point counts must be integers in 1..100000 (got ${n})`);
  return opts;
}

const args = process.argv.slice(2);
const opts = parseArgs(args);
if (!existsSync(join(root, 'dist/runner/run.js'))) fail('dist/ is missing: run `npm run build` first (or `npm run bench`)');
/**
 * A capacity run: the ramp + 23 s, at least 28 s. Every charge point booted by 3 s after the end of
 * the ramp sends exactly two heartbeats (10 and 20 s after its boot), and none a third (30 s), on both sides.
 */
const capacityMs = (n) => Math.max(28000, Math.ceil(n / RAMP_RATE) * 1000 + 23000);

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const machine = {
  os: `${os.type()} ${os.release()} (${os.arch()})`, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
  ramGB: (os.totalmem() / 1024 ** 3).toFixed(1), node: process.version, load: load(),
};
console.log(`machine: ${machine.os}, ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM, node ${machine.node}, load ${machine.load}`);

let gateway;
try {
  gateway = await startGateway(root, GATEWAY_ARGS);
} catch (e) {
  fail(e.message);
}
console.log(`gateway at ${gateway.url} (pid ${gateway.gw.pid})`);

/** One measured run of one side; a failure becomes { failed } so the other runs go on. */
async function measure(script, workload, count, durationMs) {
  if (gateway.gw.exitCode !== null) return { failed: 'gateway is gone' };
  console.log(`${workload} N=${count}: ${script} for ${durationMs / 1000} s ...`);
  try {
    const r = await runChild(root, script, [gateway.url, workload, count, durationMs, RAMP_RATE], { gatewayPid: gateway.gw.pid, limitMs: durationMs + 60000 });
    console.log(`  ${JSON.stringify(r)}`);
    return r;
  } catch (e) {
    console.error(`bench: ${e.message}`);
    return { failed: e.message.split('\n')[0] };
  } finally {
    await sleep(3000); // let the gateway finish closing the previous run's sockets
  }
}
const SCRIPTS = { sim: 'fleet-probe.js', floor: 'bare-client.js' };
const pair = async (workload, count, durationMs) => ({
  count, durationMs, sim: await measure(SCRIPTS.sim, workload, count, durationMs), floor: await measure(SCRIPTS.floor, workload, count, durationMs),
});
/**
 * The throughput workload `rounds` times per side, alternating which side goes first; each side is
 * represented by its median round by round trips per second (the lower median for an even count),
 * so one round that hit a busy or a quiet moment of a shared machine does not decide the ratio.
 * Every round is kept for the record.
 */
async function medianOf(rounds, count, durationMs) {
  const all = { sim: [], floor: [] };
  for (let i = 0; i < rounds; i++) {
    for (const side of i % 2 === 0 ? ['sim', 'floor'] : ['floor', 'sim']) all[side].push(await measure(SCRIPTS[side], 'throughput', count, durationMs));
  }
  const median = (runs) => {
    const ok = runs.filter((r) => !r.failed).sort((a, b) => a.roundTripsPerSec - b.roundTripsPerSec);
    return ok[Math.floor((ok.length - 1) / 2)] ?? runs[0];
  };
  return { count, durationMs, sim: median(all.sim), floor: median(all.floor), rounds: all };
}

// Warm-up, discarded: so that the first measured run does not pay for the gateway's cold start (JIT).
console.log('warm-up: bare-client.js, 1000 charge points for 4 s (not reported) ...');
await runChild(root, 'bare-client.js', [gateway.url, 'capacity', 1000, 4000, RAMP_RATE], { limitMs: 60000 }).catch((e) => console.error(`bench: warm-up failed, going on: ${e.message}`));
await sleep(3000);

const capacity = [];
if (opts.workloads.has('capacity')) for (const n of opts.counts) capacity.push(await pair('capacity', n, capacityMs(n)));
const throughput = opts.workloads.has('throughput') ? await medianOf(opts.rounds, opts.cps, CLOSED_LOOP_MS) : undefined;
machine.loadAfter = load();
const gatewayExit = await gateway.stop();

const tables = {
  targets: targetsTable(targetRows({ capacity, throughput, bootTarget: { count: 10000, rate: RAMP_RATE } })),
  capacity: capacity.length ? `${capacityTable(capacity)}\n\n${capacityDetails(capacity)}` : null,
  throughput: throughput ? throughputTable(throughput) : null,
};
console.log(`\n${tables.targets}\n\n${tables.capacity ?? ''}\n\n${tables.throughput ?? ''}\n\ngateway stopped: ${gatewayExit}`);

const command = `node bench/capacity.js${args.length ? ` ${args.join(' ')}` : ''}`;
const md = benchmarkMarkdown({
  command, date: new Date().toISOString(), machine, gatewayArgs: GATEWAY_ARGS.join(' '), gatewayExit, rate: RAMP_RATE,
  heartbeatS: HEARTBEAT_S, counts: opts.counts, capacityMs, throughput, tables,
});
const how = writeBlock(join(root, 'docs/benchmarks.md'), 'capacity', md);
console.log(`docs/benchmarks.md: block bench:capacity ${how}`);
const runs = [...capacity.flatMap((r) => [r.sim, r.floor]), ...(throughput ? [...throughput.rounds.sim, ...throughput.rounds.floor] : [])];
const failed = runs.some((r) => r.failed);
process.exit(failed || gatewayExit !== 0 ? 1 : 0);
