// Child process: runs the ocpp-sim fleet (the same code path as `ocpp-sim run`) and prints one JSON line.
// Usage: node --expose-gc bench/fleet-probe.js <ws://127.0.0.1:PORT/ocpp> <count> <durationMs>
import { fileURLToPath } from 'node:url';
import { runLoadTest } from '../dist/runner/run.js';
import { loadScenario } from '../dist/chargepoint/scenario-loader.js';
import { createMeter } from './measure.js';

const [url, countArg, durationArg] = process.argv.slice(2);
const count = Number(countArg);
const durationMs = Number(durationArg);
const scenario = await loadScenario(fileURLToPath(new URL('../scenarios/boot-heartbeat-status.yaml', import.meta.url)));
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

let fleet;
const state = () => {
  if (!fleet) return { booted: 0, allBooted: false, messages: 0 };
  const snap = fleet.snapshot();
  return { booted: snap.everBooted, allBooted: snap.allBootedMs !== undefined, messages: sum(snap.metrics.sent) + sum(snap.metrics.received) };
};
const meter = createMeter(state); // baseline before the fleet exists
let line;
const result = await runLoadTest({
  url, count, ratePerSec: 1000, concurrency: 200, durationMs, idPrefix: 'CP-', scenario,
  callTimeoutMs: 30000, handshakeTimeoutMs: 10000, maxPayload: 1048576, validate: true,
  backoff: { initialMs: 1000, maxMs: 30000, factor: 2 }, bootRetrySec: 10, defaultHeartbeatSec: 60, random: Math.random,
}, {
  onStart: (f) => { fleet = f; },
  onFinish: () => {
    line = meter.finish({ count });
  },
});
const errors = sum(result.fleet.metrics.errors);
line = { ...line, allBootedMs: result.fleet.allBootedMs === undefined ? null : Math.round(result.fleet.allBootedMs), booted: result.fleet.everBooted, errors, outcome: result.outcome, firstError: result.fleet.firstError ?? null };
process.stdout.write(`${JSON.stringify(line)}\n`);
process.exit(result.outcome === 'completed' ? 0 : 1);
