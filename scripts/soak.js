#!/usr/bin/env node
// Soak test (not in CI; `npm run soak`): a large fleet against a central system that keeps
// resetting some of it, for a long time, watching the fleet process's memory.
//
// The gateway runs in this process (dist/gateway/server.js) so the script can send Reset to
// charge points; the fleet runs in a child process, `node bin/ocpp-sim.js run --url …`, with a
// scenario written to a temporary directory (boot, status of every connector, heartbeat). Every
// --reset-every seconds, --reset-share of the charge points get Reset {type: Soft}: each answers
// Accepted, drops its connection, reconnects after its back-off and boots again. The RSS of the
// fleet process is read from /proc/<pid>/status every minute; the script fails (exit 1) when a
// reading after the warm-up (--warm-up minutes, default 5) is more than --rss-growth above the
// highest reading of the warm-up, for the fleet or the gateway, when the fleet exits with an
// error, or when a charge point's scenario crashed.
//
//   node scripts/soak.js [--count 5000] [--minutes 30] [--reset-every 10] [--reset-share 0.05]
//                        [--rss-growth 0.2] [--heartbeat 30] [--heap-snapshots DIR]
//
// Each minute it also reads the gateway's V8 heap after a full collection (run node with
// --expose-gc, as `npm run soak` does; without it the heap is read as it is). With
// --heap-snapshots DIR it writes the gateway's heap snapshots at minute 2 and at the end to DIR,
// to be compared by constructor with `node bench/heap-diff.js A B`; each stalls the gateway (15 s
// at 5,000 charge points on a busy machine: heartbeats time out) and leaves its RSS ~200 MiB
// higher, so take them in a separate run from the one whose RSS is the figure.
//
// It stops by itself: the fleet ends at --minutes; if it has not exited 3 minutes after that, the
// script interrupts it (SIGINT, then SIGKILL 30 s later) and fails.
//
// Needs `npm run build` first (npm run soak does it) and Linux for the RSS readings.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { startGateway } = await import(join(ROOT, 'dist', 'gateway', 'server.js'));

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    minutes: { type: 'string', default: '30' },
    'reset-every': { type: 'string', default: '10' },
    'reset-share': { type: 'string', default: '0.05' },
    'rss-growth': { type: 'string', default: '0.2' },
    heartbeat: { type: 'string', default: '30' },
    'warm-up': { type: 'string', default: '5' },
    'heap-snapshots': { type: 'string' },
  },
});
const warmUp = Number(args['warm-up']);
const snapshotDir = args['heap-snapshots'];
const count = Number(args.count);
const minutes = Number(args.minutes);
const resetEverySec = Number(args['reset-every']);
const resetShare = Number(args['reset-share']);
const rssGrowth = Number(args['rss-growth']);
const heartbeatSec = Number(args.heartbeat);
for (const [name, value] of Object.entries({ count, minutes, resetEverySec, resetShare, rssGrowth, heartbeatSec })) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`soak: --${name} must be a positive number`);
    process.exit(2);
  }
}

const SCENARIO = `# Written by scripts/soak.js
name: soak
description: Boot, report every connector, heartbeat; Resets from the central system make it reboot.
protocol: ocpp1.6
chargePoint:
  vendor: ocpp-sim
  model: SoakCP
  firmwareVersion: "0.1.0"
  connectors: 2
steps:
  - wait: { min: 0ms, max: 500ms }
  - boot
  - statusNotification: { connector: all, status: Available }
  - heartbeat
`;

/** The ids the fleet gives its charge points (src/runner/fleet.ts chargePointId). */
const ids = Array.from({ length: count }, (_, i) => `CP-${String(i + 1).padStart(Math.max(3, String(count).length), '0')}`);

/** Resident set size of `pid` in MiB, from /proc; undefined when it cannot be read. */
function rssMiB(pid) {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

const log = (line) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const mib = (value) => (value === undefined ? '-' : `${value.toFixed(1)} MiB`);
const collect = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
/** The gateway's (this process's) memory after a full collection, in MiB: V8 heap used and reserved, and memory outside the heap (Buffers). */
const gatewayMemory = () => {
  collect();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 1048576, heapTotal: m.heapTotal / 1048576, external: m.external / 1048576 };
};
const snapshot = (name) => {
  if (!snapshotDir) return;
  collect();
  log(`heap snapshot ${writeHeapSnapshot(join(snapshotDir, `gateway-${name}.heapsnapshot`))}`);
};

const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-soak-'));
const scenarioFile = join(dir, 'soak.yaml');
const summaryFile = join(dir, 'summary.json');
writeFileSync(scenarioFile, SCENARIO);

const gatewayEvents = { connected: 0, disconnected: 0 };
const gateway = await startGateway({
  port: 0, heartbeatIntervalSec: heartbeatSec,
  log: (line) => {
    if (/ connected from /.test(line)) gatewayEvents.connected++;
    else if (/ disconnected \(/.test(line)) gatewayEvents.disconnected++;
  },
});
log(`gateway on ${gateway.url}; fleet of ${count} for ${minutes} min; Reset to ${(resetShare * 100).toFixed(1)}% every ${resetEverySec} s; work dir ${dir}`);

const fleet = spawn(process.execPath, [
  join(ROOT, 'bin', 'ocpp-sim.js'), 'run', '--url', gateway.url, '--count', String(count), '--duration', `${minutes}m`,
  '--scenario', scenarioFile, '--out', summaryFile, '--no-ui', '--progress-interval', '60s',
], { stdio: ['ignore', 'pipe', 'pipe'] });
let fleetOutput = '';
fleet.stdout.on('data', (chunk) => { fleetOutput += chunk; });
fleet.stderr.on('data', (chunk) => {
  for (const line of String(chunk).split('\n').filter(Boolean)) log(`fleet: ${line}`);
});
const fleetExit = new Promise((resolve) => fleet.on('exit', (code, signal) => resolve({ code, signal })));

const resets = { sent: 0, accepted: 0, notConnected: 0, failed: 0, failures: {} };
const resetTimer = setInterval(() => {
  const n = Math.max(1, Math.round(count * resetShare));
  // n distinct charge points: a second Reset to one that is already rebooting would only fail.
  const picked = new Set();
  while (picked.size < Math.min(n, ids.length)) picked.add(ids[Math.floor(Math.random() * ids.length)]);
  for (const id of picked) {
    resets.sent++;
    gateway.call(id, 'Reset', { type: 'Soft' }).then(
      (answer) => { if (answer.status === 'Accepted') resets.accepted++; else resets.failed++; },
      (error) => {
        // A charge point still rebooting from the previous batch is not connected (or its old socket is closing).
        if (error.code === 'E_UNKNOWN_CHARGE_POINT') resets.notConnected++;
        else resets.failed++;
        const key = error.code ?? error.name;
        resets.failures[key] = (resets.failures[key] ?? 0) + 1;
      },
    );
  }
}, resetEverySec * 1000);

const samples = [];
const startedAt = Date.now();
const sample = () => {
  const minute = Math.round((Date.now() - startedAt) / 60_000);
  const memory = gatewayMemory();
  const entry = { minute, fleetRss: rssMiB(fleet.pid), gatewayRss: rssMiB(process.pid), gatewayHeap: memory.heap, gatewayHeapTotal: memory.heapTotal, gatewayExternal: memory.external, connections: gateway.connectionCount, load: loadavg()[0] };
  samples.push(entry);
  log(`minute ${minute}: fleet RSS ${mib(entry.fleetRss)}, gateway RSS ${mib(entry.gatewayRss)} (heap ${mib(memory.heap)} of ${mib(memory.heapTotal)}, external ${mib(memory.external)}), ${entry.connections} connected, load ${entry.load.toFixed(2)}; resets ${resets.accepted}/${resets.sent} accepted (${resets.notConnected} not connected, ${resets.failed} failed)`);
  if (minute === 2) snapshot('min2');
  if (minute === minutes - 1) snapshot(`min${minute}`);
};
const sampler = setInterval(sample, 60_000);

// A fleet that outlives its duration by 3 minutes is stuck: interrupt it, then kill it, and fail.
let overran = false;
const watchdog = setTimeout(() => {
  overran = true;
  log(`the fleet is still running ${minutes + 3} min after the start: interrupting it`);
  fleet.kill('SIGINT');
  setTimeout(() => fleet.kill('SIGKILL'), 30_000).unref();
}, (minutes + 3) * 60_000);
const exit = await fleetExit;
clearTimeout(watchdog);
clearInterval(resetTimer);
clearInterval(sampler);
await gateway.close();

let summary;
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch (error) {
  log(`no summary: ${error.message}`);
}
rmSync(dir, { recursive: true, force: true });

const problems = [];
if (overran) problems.push(`the fleet did not stop within 3 minutes of its duration`);
if (exit.code !== 0) problems.push(`the fleet exited with ${exit.code ?? exit.signal}`);
// Flat after warm-up: no reading after --warm-up minutes more than --rss-growth above the highest
// reading of the warm-up (RSS swings with each collection, so one low reading is no baseline).
const growth = (name, key) => {
  const warm = samples.filter((s) => s.minute <= warmUp && s[key] !== undefined);
  const after = samples.filter((s) => s.minute > warmUp && s[key] !== undefined);
  if (warm.length === 0 || after.length === 0) {
    log(`no ${name} RSS readings both in and after the ${warmUp}-minute warm-up (run too short, or no /proc): memory not checked`);
    return undefined;
  }
  const base = Math.max(...warm.map((s) => s[key]));
  const peak = Math.max(...after.map((s) => s[key]));
  if (peak > base * (1 + rssGrowth)) problems.push(`${name} RSS grew to ${mib(peak)}, more than ${(rssGrowth * 100).toFixed(0)}% above its warm-up peak ${mib(base)}`);
  return `${name} RSS: warm-up peak ${mib(base)} (minutes 1-${warmUp}), bound ${mib(base * (1 + rssGrowth))}, peak after warm-up ${mib(peak)}`;
};
const fleetVerdict = growth('fleet', 'fleetRss');
const gatewayVerdict = growth('gateway', 'gatewayRss');
const counts = summary?.counts;
if (counts?.errors?.['scenario-crash']) problems.push(`${counts.errors['scenario-crash']} scenario crashes`);

console.log('\n--- soak figures ---');
console.log(`charge points ${count}, ${minutes} min, outcome ${summary?.outcome ?? '?'}, fleet exit ${exit.code ?? exit.signal}`);
console.log(`fleet RSS per minute: ${samples.map((s) => `${s.minute}:${s.fleetRss?.toFixed(0) ?? '-'}`).join('  ')} MiB`);
console.log(`gateway RSS per minute: ${samples.map((s) => `${s.minute}:${s.gatewayRss?.toFixed(0) ?? '-'}`).join('  ')} MiB`);
console.log(`gateway heap after GC per minute: ${samples.map((s) => `${s.minute}:${s.gatewayHeap.toFixed(1)}`).join('  ')} MiB${collect === globalThis.gc ? '' : ' (no --expose-gc: heap read without a collection)'}`);
console.log('\n| min | fleet RSS | gateway RSS | gateway heap used after GC | gateway heap reserved | gateway external | connected | load (1 min) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const s of samples) console.log(`| ${s.minute} | ${s.fleetRss?.toFixed(1) ?? '-'} | ${s.gatewayRss?.toFixed(1) ?? '-'} | ${s.gatewayHeap.toFixed(1)} | ${s.gatewayHeapTotal.toFixed(1)} | ${s.gatewayExternal.toFixed(1)} | ${s.connections} | ${s.load.toFixed(2)} |`);
for (const verdict of [fleetVerdict, gatewayVerdict]) if (verdict) console.log(verdict);
console.log(`resets sent ${resets.sent}, accepted ${resets.accepted}, not connected ${resets.notConnected}, failed ${resets.failed} ${JSON.stringify(resets.failures)}`);
console.log(`gateway: ${gatewayEvents.connected} connections accepted, ${gatewayEvents.disconnected} ended; ${JSON.stringify(gateway.stats())}`);
if (counts) {
  console.log(`fleet: ${counts.connects} connects (${counts.reconnects} reconnects), ${counts.connectFailures} failed attempts, disconnects ${JSON.stringify(counts.disconnects)}`);
  console.log(`fleet: boots ${JSON.stringify(counts.boots)}, timeouts ${counts.timeouts}, call errors ${counts.callErrors}, errors ${JSON.stringify(counts.errors)}`);
  const hb = summary.latency?.Heartbeat;
  if (hb) console.log(`fleet: Heartbeat sent ${counts.sent.Heartbeat ?? 0}, p50 ${hb.p50.toFixed(1)} ms, p99 ${hb.p99.toFixed(1)} ms, max ${hb.max.toFixed(1)} ms`);
}
if (fleetOutput) console.log(`\n${fleetOutput.trimEnd()}`);
if (problems.length > 0) {
  console.log(`\nSOAK FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
} else console.log('\nsoak passed');
