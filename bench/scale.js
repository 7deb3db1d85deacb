// Benchmark (not a test): one large `ocpp-sim run` against its embedded gateway, as a user runs it,
// with every process of its tree sampled each second from /proc (tree.js) and the gateway's /metrics
// scraped every 2 s (connections accepted, each gateway process's event-loop delay).
// Prints a Markdown report; with --docs writes it as the bench:scale block of docs/benchmarks.md.
// Usage: node bench/scale.js [COUNT] [--duration 120s] [--docs] [-- extra run flags]   (after `npm run build`;
//        it takes the whole machine: run nothing else beside it)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBlock } from './md-block.js';
import { cpuBetween, watchTree } from './tree.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const extra = dash >= 0 ? argv.slice(dash + 1) : [];
const count = Number(own.find((a) => /^\d+$/.test(a)) ?? 50000);
const duration = own.includes('--duration') ? own[own.indexOf('--duration') + 1] : '120s';
const work = mkdtempSync(join(os.tmpdir(), 'ocpp-sim-scale-'));
const out = join(work, 'out.json');
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();

const args = ['bin/ocpp-sim.js', 'run', '--count', String(count), '--duration', duration, '--no-ui', '--progress-interval', '10s', '--out', out, ...extra];
const command = `ocpp-sim ${args.slice(1).map((a) => (a === out ? 'out.json' : a)).join(' ')}`;
console.log(`$ ${command}   (load ${loadBefore})`);
const t0 = performance.now();
const wallT0 = Date.now();
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
const watch = watchTree(child.pid);
let stderr = '';
let stdout = '';
let httpUrl;
const scrapes = []; // { t, accepted, loopDelays: { pid: seconds } }
child.stdout.on('data', (d) => { stdout += d; });
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  stderr += d;
  const m = /embedded gateway listening on ws:\/\/([\d.]+:\d+)\//.exec(stderr);
  if (m && !httpUrl) httpUrl = `http://${m[1]}`;
});
const scraper = setInterval(async () => {
  if (!httpUrl) return;
  const t = performance.now() - t0;
  try {
    const text = await (await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const accepted = Number(/^websocket_connections_total (\S+)/m.exec(text)?.[1] ?? NaN);
    const active = Number(/^websocket_connections_active (\S+)/m.exec(text)?.[1] ?? NaN);
    const loopDelays = Object.fromEntries([...text.matchAll(/^gateway_event_loop_delay_p99_seconds\{pid="(\d+)"\} (\S+)/gm)].map((m) => [m[1], Number(m[2])]));
    scrapes.push({ t, tookMs: performance.now() - t0 - t, accepted, active, loopDelays });
  } catch (error) {
    scrapes.push({ t, failed: error.message });
  }
}, 2000);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
clearInterval(scraper);
watch.stop();

let doc;
try { doc = JSON.parse(readFileSync(out, 'utf8')); } catch { doc = undefined; }
rmSync(work, { recursive: true, force: true });
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toLocaleString('en-US', { maximumFractionDigits: 1 }));
const processes = [...watch.perProcess.values()].sort((a, b) => a.role.localeCompare(b.role) || a.pid - b.pid);
const gatewayWorkers = processes.filter((p) => p.role === 'gateway worker');
// Per connection: each gateway worker's peak RSS less its RSS when first seen (a worker that exited
// before the end still counts: its RSS at the end reads 0), over the most connections open at once.
const gatewayPeakRss = gatewayWorkers.reduce((s, p) => s + p.peakRssMB, 0);
const gatewayBase = gatewayWorkers.reduce((s, p) => s + p.firstRssMB, 0);
const ok = scrapes.filter((s) => !s.failed && !Number.isNaN(s.accepted));
const peakActive = Math.max(0, ...ok.map((s) => s.active).filter((n) => Number.isFinite(n)));
let peakAccept = 0;
for (let i = 1; i < ok.length; i++) peakAccept = Math.max(peakAccept, (ok[i].accepted - ok[i - 1].accepted) / ((ok[i].t - ok[i - 1].t) / 1000));
const delays = ok.flatMap((s) => Object.values(s.loopDelays)).filter((d) => d > 0);
const steadyDelays = ok.filter((s) => doc?.chargePoints?.allBootedMs && s.t > doc.chargePoints.allBootedMs + 5000).flatMap((s) => Object.values(s.loopDelays));
const ms = (s) => f1(s * 1000);
// The steady phase on the bench's clock: from 5 s after all booted (the run's own clock starts at
// doc.startedAt) to 5 s before the run's time is up.
const runStart = doc ? Date.parse(doc.startedAt) - wallT0 : 0;
const steadyFrom = doc?.chargePoints?.allBootedMs ? runStart + doc.chargePoints.allBootedMs + 5000 : undefined;
const steadyTo = runStart + (doc?.durationMs ?? 0) - 5000;
const steady = steadyFrom !== undefined && steadyTo > steadyFrom ? cpuBetween(watch.samples, steadyFrom, steadyTo) : undefined;
const steadyRss = steady ? watch.samples.filter((x) => x.t >= steadyFrom && x.t <= steadyTo).map((x) => x.rssMB) : [];
const spikes = ok.filter((x) => steadyFrom !== undefined && x.t > steadyFrom).flatMap((x) => Object.entries(x.loopDelays).filter(([, d]) => d > 0.25).map(([pid, d]) => `${ms(d)} ms at ${f1(x.t / 1000)} s (pid ${pid})`));
const c = doc?.connect;
const md = `## ${count.toLocaleString('en-US')} charge points on one machine (\`node bench/scale.js ${own.concat(extra.length ? ['--', ...extra] : []).join(' ')}\`)

\`${command}\`: exit ${code}; ${doc ? `${f1(doc.chargePoints.booted)} of ${f1(doc.chargePoints.count)} booted, all booted after ${f1(doc.chargePoints.allBootedMs)} ms, errors ${JSON.stringify(doc.counts.errors)}` : 'no summary written'}.
Date ${new Date().toISOString()}; ${os.cpus().length} cores, Node ${process.version}, \`ulimit -n\` ${readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)/)?.[1] ?? '?'};
load average before ${loadBefore}, after ${load()} (a shared machine: other developers' work ran on the same 2 cores).
What the run printed about its plan:

\`\`\`
${stderr.split('\n').filter((l) => /embedded gateway|running|source addresses|stages|outage/.test(l)).join('\n')}
\`\`\`

| process | pid | peak RSS (MB) | RSS at the end (MB) | CPU s (user + sys) |
|---|---:|---:|---:|---:|
${processes.map((p) => `| ${p.role} | ${p.pid} | ${f1(p.peakRssMB)} | ${f1(p.lastRssMB)} | ${f1(p.cpuMs / 1000)} |`).join('\n')}
| **all** | | ${f1(Math.max(...watch.samples.map((s) => s.rssMB)))} (tree peak) | | ${f1(watch.samples.at(-1)?.cpuMs / 1000)} |

- Connect time (upgrade, as the charge points measured it): p50 ${f1(c?.p50)} ms, p99 ${f1(c?.p99)} ms, max ${f1(c?.max)} ms over ${f1(c?.count)} connects.
- Gateway accept rate: at most ${f1(peakAccept)} connections/s between two scrapes of \`websocket_connections_total\` (2 s apart).
- Gateway RSS: ${f1(gatewayPeakRss)} MB in ${gatewayWorkers.length} worker process(es) at their peaks, ${f1(gatewayBase)} MB when first seen; at most ${f1(peakActive)} connections open at once (\`websocket_connections_active\`): ${peakActive > 0 ? f1(((gatewayPeakRss - gatewayBase) * 1024) / peakActive) : '-'} KB per connection.
- Gateway event-loop delay p99 (each process, each 1 s window before a scrape): at most ${delays.length ? ms(Math.max(...delays)) : '-'} ms over the run; in the steady phase (5 s after all booted) at most ${steadyDelays.length ? ms(Math.max(...steadyDelays)) : '-'} ms, median ${steadyDelays.length ? ms(steadyDelays.sort((a, b) => a - b)[Math.floor(steadyDelays.length / 2)]) : '-'} ms${spikes.length ? `; windows above 250 ms after all booted (seconds since the command started): ${spikes.join(', ')}` : ''}.
- Steady phase (from 5 s after all booted to 5 s before the end): ${steady ? `the whole tree used ${f1(steady.cpuMs / steady.ms)} cores (${f1(steady.cpuMs / 1000)} CPU s in ${f1(steady.ms / 1000)} s), ${doc ? f1((steady.cpuMs / (steady.ms / 60_000)) / doc.chargePoints.count) : '-'} ms of CPU per charge point-minute; its RSS ${f1(Math.min(...steadyRss))}–${f1(Math.max(...steadyRss))} MB` : 'none (not all booted, or too short)'}.
`;
console.log(`\n${md}`);
if (own.includes('--docs')) console.log(`docs/benchmarks.md: block bench:scale ${writeBlock(join(root, 'docs/benchmarks.md'), 'scale', md)}`);
process.exit(code ?? 1);
