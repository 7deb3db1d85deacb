// Benchmark (not a test): the embedded gateway's accept path with worker processes. The same
// client (bare `ws` upgrades, no OCPP after them) opens COUNT connections against
//   one    one gateway process;
//   rr     node:cluster workers sharing one port: the primary accepts every connection and hands
//          it to a worker over IPC, round robin (`ocpp-sim gateway --workers N`);
//   ports  node:cluster workers each on a port of its own, accepting their connections
//          themselves (what `run` uses; the client spreads over the ports);
//   none   (only with --modes) node:cluster workers sharing one port with SCHED_NONE: every
//          worker accepts from the shared socket itself, the kernel decides which.
// Each mode twice: ramped (RATE new connections/s, at most 200 upgrades in flight, as `run`'s
// defaults) and all at once (200 in flight). Reports the upgrade time (new WebSocket → open)
// p50/p90/p99/max, the connections per second over the whole batch, each gateway process's CPU
// (from /proc) and how many sockets each worker holds at the end.
// Usage: node bench/accept-path.js [COUNT=10000] [--workers 2] [--rate 1000] [--modes one,rr,ports] [--docs]
//        (after `npm run build`; run it alone: `flock /work/bench.lock …`)
import { fork } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBlock } from './md-block.js';
import { cpuMsOf as cpuMsOrGone, treePids } from './tree.js';

/** CPU time (user + sys) of one process so far, in ms; 0 once it is gone. */
const cpuMsOf = (pid) => cpuMsOrGone(pid) ?? 0;

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), '..');

if (process.argv[2] === '--gateway') {
  // Child: the gateway in one of the modes; reports its URLs over IPC, closes on disconnect.
  const [mode, workers] = [process.argv[3], Number(process.argv[4])];
  const options = { port: 0, host: '127.0.0.1', logLevel: 'error' };
  const { startGateway } = await import(join(root, 'dist/gateway/server.js'));
  const { startGatewayCluster } = await import(join(root, 'dist/gateway/cluster/primary.js'));
  if (mode === 'none') {
    // startGatewayCluster forces round robin; node:cluster reads the policy once, at setupPrimary.
    const cluster = (await import('node:cluster')).default;
    Object.defineProperty(cluster, 'schedulingPolicy', { get: () => cluster.SCHED_NONE, set: () => {} });
  }
  const gw = mode === 'one' ? await startGateway(options) : await startGatewayCluster({ ...options, workers, exclusivePort: mode === 'ports' });
  process.send({ urls: gw.urls ?? [gw.url] });
  process.on('disconnect', () => void gw.close().then(() => process.exit(0)));
} else if (process.argv[2] === '--client') {
  // Child: opens the connections, reports the upgrade times, then closes them.
  const WebSocket = (await import('ws')).default;
  const { createHistogram, recordMs, percentiles } = await import(join(root, 'dist/metrics/histogram.js'));
  const [urls, count, rate] = [JSON.parse(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])];
  const h = createHistogram();
  const sockets = [];
  let inFlight = 0, opened = 0, failed = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const open = (i) => {
      const started = performance.now();
      const ws = new WebSocket(`${urls[i % urls.length]}/AP-${i}`, 'ocpp1.6', { perMessageDeflate: false, handshakeTimeout: 30_000 });
      inFlight++;
      const settle = (ok) => {
        inFlight--;
        if (ok) { opened++; recordMs(h, performance.now() - started); } else failed++;
        if (opened + failed === count) resolve();
      };
      ws.once('open', () => settle(true));
      ws.once('error', () => { if (ws.readyState !== WebSocket.OPEN) settle(false); });
      sockets.push(ws);
    };
    const ramp = setInterval(() => {
      const due = rate > 0 ? Math.min(count, Math.floor(((performance.now() - t0) * rate) / 1000) + 1) : count;
      while (sockets.length < due && inFlight < 200) open(sockets.length);
      if (sockets.length === count) clearInterval(ramp);
    }, 5);
  });
  const elapsedMs = performance.now() - t0;
  process.send({ opened, failed, elapsedMs, ...percentiles(h) }, () => {
    process.once('message', () => {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    });
  });
} else {
  const argv = process.argv.slice(2);
  const flag = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
  const count = Number(argv.find((a) => /^\d+$/.test(a)) ?? 10_000);
  const workers = Number(flag('--workers', '2'));
  const rate = Number(flag('--rate', '1000'));
  const modes = flag('--modes', 'one,rr,ports').split(',');
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const f1 = (x) => (x === undefined || Number.isNaN(x) ? '-' : Number(x).toLocaleString('en-US', { maximumFractionDigits: 1 }));
  const socketsOf = (pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).filter((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'); } catch { return false; } }).length;
    } catch {
      return 0;
    }
  };
  const rows = [];
  for (const [label, r] of [[`ramp ${rate}/s`, rate], ['all at once', 0]]) {
    for (const mode of modes) {
      const before = load();
      const gw = fork(self, ['--gateway', mode, String(workers)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const { urls } = await new Promise((resolve) => gw.once('message', resolve));
      const pids = [...treePids(gw.pid)];
      const cpu0 = new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
      const client = fork(self, ['--client', JSON.stringify(urls), String(count), String(r)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const result = await new Promise((resolve) => client.once('message', resolve));
      const cpu = pids.map((pid) => ({ pid, role: pid === gw.pid ? (mode === 'one' ? 'gateway' : 'primary') : 'worker', ms: cpuMsOf(pid) - (cpu0.get(pid) ?? 0), sockets: socketsOf(pid) }));
      client.send('close');
      await new Promise((resolve) => client.once('exit', resolve));
      await new Promise((resolve) => { gw.once('exit', resolve); gw.disconnect(); });
      const row = { label, mode, before, result, cpu };
      rows.push(row);
      console.log(JSON.stringify(row));
      await new Promise((resolve) => setTimeout(resolve, 3000)); // sockets of the last batch leave TIME_WAIT behind the client only
    }
  }
  const names = { one: 'one process', rr: `${workers} workers, one port (primary round robin)`, ports: `${workers} workers, a port each`, none: `${workers} workers, one port (each accepts: SCHED_NONE)` };
  const md = `## The gateway's accept path with worker processes (\`node bench/accept-path.js ${argv.join(' ')}\`)

${count.toLocaleString('en-US')} WebSocket upgrades (bare \`ws\` client in its own process, no OCPP after the upgrade, at most
200 in flight) against the gateway in one process, as ${workers} node:cluster workers behind one port (the primary
accepts each connection and hands it to a worker over IPC, round robin: \`ocpp-sim gateway --workers ${workers}\`),
and as ${workers} workers each on a port of its own (what \`run\` starts; the client spreads over the ports).
Upgrade time from \`new WebSocket\` to \`open\`; rate = upgrades / time until the last one opened; CPU of each
gateway process over the batch (/proc); sockets = what each process held at the end (its listening socket and IPC included).
Date ${new Date().toISOString()}; ${os.cpus().length} cores, Node ${process.version}; load average at the end ${load()}.

| ramp | gateway | upgrade p50 (ms) | p90 | p99 | max | upgrades/s | failed | gateway CPU s (primary; workers) | sockets per worker | load before |
|---|---|---:|---:|---:|---:|---:|---:|---|---|---|
${rows.map(({ label, mode, before, result: x, cpu }) => `| ${label} | ${names[mode]} | ${f1(x.p50)} | ${f1(x.p90)} | ${f1(x.p99)} | ${f1(x.max)} | ${f1((x.opened / x.elapsedMs) * 1000)} | ${x.failed} | ${cpu.map((c) => (c.ms / 1000).toFixed(1)).join('; ')} | ${mode === 'one' ? '-' : cpu.filter((c) => c.role === 'worker').map((c) => c.sockets).join(', ')} | ${before} |`).join('\n')}
`;
  console.log(`\n${md}`);
  if (argv.includes('--docs')) console.log(`docs/benchmarks.md: ${writeBlock(join(root, 'docs/benchmarks.md'), 'accept-path', md)}`);
}
