#!/usr/bin/env node
// Hostile-peer table (not a test; the tests are test/reliability/): sends each hostile input to
// each end of ocpp-sim on 127.0.0.1 and records what that end did and its resident memory
// before and after, then writes the table into docs/reliability.md (between its
// `bench:reliability` markers).
//
//   npm run build && node scripts/reliability.js [--no-write]
//
// Gateway end: `ocpp-sim gateway` in its own process; raw `ws` clients send the inputs. Simulator
// end: a hostile central system in this process; `ocpp-sim run --count 20 --duration 6s --out
// --junit` in its own process against it. RSS is read from /proc/<pid>/status (Linux).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { writeBlock } from '../bench/md-block.js';
import { sleep, startGateway } from '../bench/processes.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const deep = (n) => `${'['.repeat(n)}${']'.repeat(n)}`;
const open = (url, protocol = 'ocpp1.6') => new Promise((resolve, reject) => {
  const ws = new WebSocket(url, [protocol], { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  ws.on('error', () => {});
  ws.once('open', () => resolve(ws));
  ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  setTimeout(() => reject(new Error('no handshake in 10 s')), 10_000).unref();
});
const closed = (ws, ms = 30_000) => new Promise((resolve) => {
  if (ws.readyState === WebSocket.CLOSED) resolve('closed');
  ws.once('close', (code) => resolve(code));
  setTimeout(() => resolve('still open'), ms).unref();
});
/** Collects frames and answers `[3|4,id]` lookups. */
function inbox(ws) {
  const frames = [];
  ws.on('message', (data) => { try { frames.push(JSON.parse(data.toString())); } catch { frames.push(data.toString()); } });
  return frames;
}
const replyTo = async (frames, id, ms = 10_000) => {
  for (let t = 0; t < ms; t += 20) {
    const hit = frames.find((f) => Array.isArray(f) && f[1] === id);
    if (hit) return hit[0] === 4 ? `CALLERROR ${hit[2]}` : 'CALLRESULT';
    await sleep(20);
  }
  return 'no answer';
};
const tcp = (ws) => ws._socket;
async function flood(ws, send, until) {
  tcp(ws).pause();
  let n = 0;
  for (let batch = 0; batch < 400 && !until(); batch++) {
    for (let i = 0; i < 1000; i++, n++) send();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return n;
}

/** The gateway end: each case gets fresh connections; returns what the gateway did. */
const GATEWAY_CASES = [
  ['CALL nested 10,000 deep (×200)', async (url) => {
    const ws = await open(`${url}/G-DEEP`); const frames = inbox(ws);
    for (let i = 0; i < 200; i++) ws.send(`[2,"d${i}","Heartbeat",{"a":${deep(10_000)}}]`);
    const answer = await replyTo(frames, 'd199'); ws.close(); return `${answer} with its id, each`;
  }],
  ['actions toString, constructor, __proto__ (×1,000)', async (url) => {
    const ws = await open(`${url}/G-PROTO`); const frames = inbox(ws);
    for (let i = 0; i < 1000; i++) ws.send(JSON.stringify([2, `p${i}`, ['toString', 'constructor', '__proto__'][i % 3], {}]));
    const answer = await replyTo(frames, 'p999'); ws.close(); return `${answer}; counted as \`_other\``;
  }],
  ['256 action names of 65 KB (16.7 MB), then GET /metrics', async (url, http) => {
    const ws = await open(`${url}/G-LONG`); const frames = inbox(ws);
    for (let i = 0; i < 256; i++) ws.send(JSON.stringify([2, `l${i}`, `${i}`.padEnd(65_000, 'x'), {}]));
    await replyTo(frames, 'l255'); ws.close();
    const text = await (await fetch(`${http}/metrics`)).text();
    return `NotImplemented; /metrics ${(text.length / 1024).toFixed(0)} KB`;
  }],
  ['20,000 distinct action names', async (url, http) => {
    const ws = await open(`${url}/G-MANY`); const frames = inbox(ws);
    for (let i = 0; i < 20_000; i++) ws.send(JSON.stringify([2, `m${i}`, `Made${i}`, {}]));
    await replyTo(frames, 'm19999', 30_000); ws.close();
    const text = await (await fetch(`${http}/metrics`)).text();
    return `NotImplemented; ${text.split('\n').filter((l) => l.startsWith('ocpp_messages_total{')).length} action series`;
  }],
  ['binary frames (×1,000)', async (url) => {
    const ws = await open(`${url}/G-BIN`); const frames = inbox(ws);
    for (let i = 0; i < 1000; i++) ws.send(Buffer.from('[2,"b","Heartbeat",{}]'), { binary: true });
    ws.send('[2,"probe","Heartbeat",{}]'); await replyTo(frames, 'probe'); ws.close();
    return `FormationViolation, id "-1" (${frames.length - 1} answers)`;
  }],
  ['text frame that is not UTF-8', async (url) => {
    const ws = await open(`${url}/G-UTF`); ws.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false });
    return `closed ${await closed(ws)}`;
  }],
  ['one message in 10,000 fragments', async (url) => {
    const ws = await open(`${url}/G-FRAG`); const frames = inbox(ws);
    ws.send('[2,"frag","DataTransfer",{"vendorId":"x","data":"', { fin: false });
    for (let i = 0; i < 10_000; i++) ws.send('y', { fin: false });
    ws.send('"}]', { fin: true });
    const answer = await replyTo(frames, 'frag'); ws.close(); return answer;
  }],
  ['2 MB frame', async (url) => {
    const ws = await open(`${url}/G-BIG`); ws.send(`[2,"big","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(2 * 1024 * 1024)}"}]`);
    return `closed ${await closed(ws)}`;
  }],
  ['responses to unknown ids (×10,000)', async (url) => {
    const ws = await open(`${url}/G-IDS`); const frames = inbox(ws);
    for (let i = 0; i < 10_000; i++) ws.send(JSON.stringify([3, `nobody-${i}`, {}]));
    ws.send('[2,"probe","Heartbeat",{}]'); await replyTo(frames, 'probe'); ws.close();
    return `dropped (${frames.length - 1} answers)`;
  }],
  ['CALL flood from a client that never reads', async (url) => {
    const ws = await open(`${url}/G-FLOOD`); let gone = false; tcp(ws).once('close', () => { gone = true; });
    const n = await flood(ws, () => ws.send('[2,"f","Heartbeat",{}]'), () => gone);
    await closed(ws, 20_000); return gone ? `cut after ${n.toLocaleString('en')} CALLs (4 MiB unwritten)` : 'not cut';
  }],
  ['ping flood from a client that never reads', async (url) => {
    const ws = await open(`${url}/G-PING`); let gone = false; tcp(ws).once('close', () => { gone = true; });
    const payload = Buffer.alloc(125, 1);
    const n = await flood(ws, () => ws.ping(payload), () => gone);
    await closed(ws, 20_000); return gone ? `cut after ${n.toLocaleString('en')} pings (60 pongs unwritten), logged and counted` : 'not cut';
  }],
  ['2,000 API calls to a charge point that never answers', async (url, http) => {
    const ws = await open(`${url}/G-SILENT`);
    const post = () => fetch(`${http}/connections/G-SILENT/call`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'Reset', payload: { type: 'Soft' } }), signal: AbortSignal.timeout(60_000),
    }).then((r) => r.status, () => 'aborted');
    // One in flight and 100 queued wait for the answer that never comes; every further call is refused at once.
    const waiting = Array.from({ length: 101 }, post);
    await sleep(1000);
    let refused = 0;
    let slowest = 0;
    for (let sent = 101; sent < 2000; sent += 20) {
      await Promise.all(Array.from({ length: Math.min(20, 2000 - sent) }, async () => {
        const t0 = Date.now();
        if ((await post()) === 429) refused++;
        slowest = Math.max(slowest, Date.now() - t0);
      }));
    }
    ws.terminate();
    const ended = await Promise.all(waiting);
    return `${refused} answered 429, the slowest in ${slowest} ms; ${ended.filter((s) => s === 502).length} waited (1 in flight, 100 queued) until the charge point left: 502`;
  }],
  ['1 MB broadcast to 200 charge points', async (url, http) => {
    const sockets = await Promise.all(Array.from({ length: 200 }, (_, i) => open(`${url}/G-B${i}`)));
    for (const ws of sockets) ws.on('message', (d) => { const f = JSON.parse(d.toString()); ws.send(JSON.stringify([3, f[1], { status: 'Accepted' }])); });
    const response = await fetch(`${http}/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'DataTransfer', payload: { vendorId: 'x', data: 'z'.repeat(1_000_000) } }) });
    const results = Object.values((await response.json()).results ?? {});
    for (const ws of sockets) ws.close();
    return `${response.status}, ${results.filter((r) => r.result).length} answered; one 1 MB frame shared`;
  }],
  ['2,000 sockets with one id (each replaces the last), none reading, limit 50', async (url) => {
    let held = 0;
    const sockets = [];
    const t0 = Date.now();
    for (let i = 0; i < 2000; i++) {
      try { const ws = await open(`${url}/G-SAME`); tcp(ws).pause(); sockets.push(ws); held++; } catch { /* refused with 503 */ }
    }
    for (const ws of sockets) ws.terminate();
    return `${held} accepted, ${2000 - held} refused 503 in ${((Date.now() - t0) / 1000).toFixed(1)} s: replaced sockets count until cut 2 s later`;
  }, ['--max-connections', '50']],
];

/** A hostile central system for the simulator end: `onBoot(ws)` runs once each charge point booted. */
async function hostileServer(onBoot, { refuse } = {}) {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  let attempts = 0;
  http.on('upgrade', (req, socket, head) => {
    attempts++;
    socket.on('error', () => {}); // a peer resetting mid-refusal is no failure of the script
    if (refuse) { socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 20\r\nContent-Length: 0\r\n\r\n'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.on('message', (data) => {
        let f; try { f = JSON.parse(data.toString()); } catch { return; }
        if (f[0] !== 2) return;
        const now = new Date().toISOString();
        const answer = f[2] === 'BootNotification' ? { status: 'Accepted', currentTime: now, interval: 1 } : f[2] === 'Heartbeat' ? { currentTime: now } : {};
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify([3, f[1], answer]));
        if (f[2] === 'BootNotification') setImmediate(() => { try { onBoot(ws); } catch { /* the socket went */ } });
      });
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${http.address().port}/ocpp`,
    attempts: () => attempts,
    close: () => { for (const ws of wss.clients) ws.terminate(); return new Promise((resolve) => http.close(resolve)); },
  };
}

const SIMULATOR_CASES = [
  ['frames nested 20,000 deep (CALL, CALLRESULT, bare)', (ws) => { ws.send(deep(20_000)); ws.send(`[2,"d","Reset",{"a":${deep(20_000)}}]`); ws.send(`[3,"x",{"a":${deep(20_000)}}]`); }],
  ['CALLs named toString, constructor, __proto__', (ws) => { for (const a of ['toString', 'constructor', '__proto__']) ws.send(JSON.stringify([2, `p-${a}`, a, {}])); }],
  ['20,000 made-up actions', (ws) => { for (let i = 0; i < 1000; i++) ws.send(JSON.stringify([2, `m${i}`, `Made${Math.floor(Math.random() * 1e9)}`, {}])); }],
  ['garbage answers: not JSON, unknown ids', (ws) => { for (let i = 0; i < 500; i++) { ws.send('garbage'); ws.send(JSON.stringify([3, `nobody-${i}`, {}])); } }],
  ['binary frames', (ws) => { for (let i = 0; i < 500; i++) ws.send(Buffer.from('[2,"b","Reset",{}]'), { binary: true }); }],
  ['text frame that is not UTF-8', (ws) => ws.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false })],
  ['2 MB frame', (ws) => ws.send(`[2,"big","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(2 * 1024 * 1024)}"}]`)],
  ['ping flood, pongs never read', (ws) => { ws._socket.pause(); const p = Buffer.alloc(125, 1); for (let i = 0; i < 2000; i++) ws.ping(p); }],
  ['503 with Retry-After: 20 to every upgrade', null, { refuse: true }],
];

async function runSimulatorCase([name, onBoot, options = {}], dir) {
  const server = await hostileServer(onBoot ?? (() => {}), options);
  const out = join(dir, 'out.json');
  const junit = join(dir, 'junit.xml');
  rmSync(out, { force: true });
  rmSync(junit, { force: true });
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'ocpp-sim.js'), 'run', '--url', server.url, '--count', '20', '--duration', '6s', '--no-ui', '--out', out, '--junit', junit],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.resume();
  const rss = [];
  const sampler = setInterval(() => { try { rss.push(rssMiB(child.pid)); } catch { /* exited */ } }, 250);
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
  clearInterval(sampler);
  await server.close();
  const files = existsSync(out) && existsSync(junit);
  let detail = '';
  if (existsSync(out)) {
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    const errors = Object.entries(doc.counts.errors).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v}`).join(', ');
    detail = `${doc.chargePoints?.booted ?? 0}/20 booted; ${Object.keys(doc.counts.received).length} received keys; ${errors || 'no errors'}`;
  }
  if (options.refuse) detail += `; ${server.attempts()} upgrade attempts in 6 s`;
  const stack = /\n\s+at /.test(stderr) ? ' STACK TRACE' : '';
  return `| ${name} | exit ${code}${stack}, files ${files ? 'written' : 'MISSING'}; ${detail} | ${(rss[1] ?? rss[0] ?? 0).toFixed(0)} → ${Math.max(...rss, 0).toFixed(0)} |`;
}

async function main() {
  const rows = ['### Gateway (`ocpp-sim gateway`, its own process)', '', '| input | what the gateway did | alive after | RSS MiB before → after |', '| --- | --- | --- | ---: |'];
  for (const [name, run, extra = []] of GATEWAY_CASES) {
    const { gw, url, stop } = await startGateway(ROOT, ['--port', '0', '--log-level', 'error', ...extra]);
    const http = url.replace(/^ws:/, 'http:').replace(/\/ocpp$/, '');
    await sleep(300);
    const before = rssMiB(gw.pid);
    let what;
    try { what = await run(url, http, gw); } catch (error) { what = `error: ${error.message}`; }
    await sleep(1000);
    const alive = gw.exitCode === null && (await fetch(`${http}/health`).then((r) => r.status === 200, () => false));
    const after = gw.exitCode === null ? rssMiB(gw.pid) : 0;
    rows.push(`| ${name} | ${what} | ${alive ? 'yes' : 'NO'} | ${before.toFixed(0)} → ${after.toFixed(0)} |`);
    console.error(rows.at(-1));
    await stop();
  }
  rows.push('', '### Simulator (`ocpp-sim run --count 20 --duration 6s --out --junit`, its own process)', '',
    '| what the central system does after each boot | what the run did | RSS MiB early → peak |', '| --- | --- | ---: |');
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-reliability-'));
  try {
    for (const entry of SIMULATOR_CASES) {
      rows.push(await runSimulatorCase(entry, dir));
      console.error(rows.at(-1));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const body = `Measured by \`node scripts/reliability.js\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${load} (a shared 2-core machine).\n\n${rows.join('\n')}`;
  console.log(body);
  if (!process.argv.includes('--no-write')) {
    writeBlock(join(ROOT, 'docs', 'reliability.md'), 'reliability', body, '# Hostile peers', 'scripts/reliability.js');
  }
}

await main();
