// Child process: the floor. Bare `ws` sockets doing only the OCPP-J framing of the same workload.
// Usage: node --expose-gc bench/bare-client.js <ws://127.0.0.1:PORT/ocpp> <capacity|throughput> <count> <durationMs> <ratePerSec>
//   capacity:   BootNotification, StatusNotification for connectors 0, 1, 2 (one CALL outstanding at a time),
//               then a setInterval per socket: Heartbeat every `interval` s of the boot answer, from its own boot
//   throughput: BootNotification, then Heartbeat back to back; each round trip timed with performance.now()
import WebSocket from 'ws';
import { createMeter } from './measure.js';

const [url, workload, countArg, durationArg, rateArg] = process.argv.slice(2);
const [count, durationMs, rate, closedLoop] = [Number(countArg), Number(durationArg), Number(rateArg), workload === 'throughput'];
const sockets = [];
const latencies = []; // ms, every closed-loop round trip
let inFlight = 0, booted = 0, allBootedMs = null, sent = 0, received = 0, roundTrips = 0, errors = 0, nextId = 0, stopping = false;
const meter = createMeter(() => ({ booted, allBooted: booted === count, messages: sent + received, roundTrips }));
const t0 = performance.now();

const call = (ws, action, payload) => { ws.sentAt = performance.now(); ws.send(JSON.stringify([2, String(++nextId), action, payload])); sent++; };
const heartbeat = (ws) => { if (ws.readyState === WebSocket.OPEN) call(ws, 'Heartbeat', {}); };
const status = (ws, c) => call(ws, 'StatusNotification', { connectorId: c, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() });
function open(i) {
  const ws = new WebSocket(`${url}/FL-${String(i + 1).padStart(6, '0')}`, 'ocpp1.6', { perMessageDeflate: false, handshakeTimeout: 10000 });
  ws.opened = false; ws.answers = 0;
  inFlight++;
  ws.on('open', () => { ws.opened = true; inFlight--; call(ws, 'BootNotification', { chargePointVendor: 'ocpp-sim', chargePointModel: 'VirtualCP', firmwareVersion: '0.1.0' }); });
  ws.on('message', (data) => {
    received++;
    const msg = JSON.parse(data);
    if (msg[0] === 2) { ws.send(JSON.stringify([4, msg[1], 'NotImplemented', '', {}])); sent++; return; }
    if (msg[0] === 4) { errors++; return; }
    const n = ++ws.answers; // 1 = the BootNotification's
    if (n === 1) {
      if (msg[2].status !== 'Accepted') { errors++; return; }
      if (++booted === count) allBootedMs = Math.round(performance.now() - t0);
      ws.interval = msg[2].interval;
    } else if (closedLoop || n > 4) roundTrips++;
    if (closedLoop && n > 1 && !stopping) latencies.push(performance.now() - ws.sentAt);
    if (stopping) return;
    if (closedLoop) heartbeat(ws);
    else if (n <= 3) status(ws, n - 1);
    else if (n === 4) ws.timer = setInterval(heartbeat, ws.interval * 1000, ws);
  });
  ws.on('error', () => { errors++; });
  ws.on('close', () => { clearInterval(ws.timer); if (!ws.opened) inFlight--; else if (!stopping) errors++; });
  sockets.push(ws);
}
// The same ramp as the fleet: `rate` per second, at most 200 handshakes in flight.
const ramp = setInterval(() => {
  const due = Math.min(count, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
  while (sockets.length < due && inFlight < 200) open(sockets.length);
  if (sockets.length === count) clearInterval(ramp);
}, 5);

setTimeout(async () => {
  clearInterval(ramp);
  const line = meter.finish({ workload, count });
  stopping = true;
  for (const ws of sockets) { clearInterval(ws.timer); ws.close(1000); }
  const deadline = Date.now() + 3000;
  while (sockets.some((ws) => ws.readyState !== WebSocket.CLOSED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const ws of sockets) ws.terminate();
  let latency = null;
  if (closedLoop) { // after the measured window: percentiles exactly as ocpp-sim computes its own (same histogram module)
    const { createHistogram, recordMs, percentiles } = await import('../dist/metrics/histogram.js');
    const h = createHistogram();
    for (const ms of latencies) recordMs(h, ms);
    const p = percentiles(h);
    latency = { count: p.count, p50: p.p50, p99: p.p99, max: p.max };
  }
  process.stdout.write(`${JSON.stringify({ ...line, allBootedMs, booted, errors, outcome: 'completed', firstError: null, latency })}\n`);
  process.exit(0);
}, durationMs);
