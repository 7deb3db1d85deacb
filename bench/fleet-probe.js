// Child process: runs the ocpp-sim fleet (the same code path as `ocpp-sim run`) and prints one JSON line.
// Usage: node --expose-gc bench/fleet-probe.js <ws://127.0.0.1:PORT/ocpp> <capacity|throughput> <count> <durationMs> <ratePerSec>
//   capacity:   scenarios/boot-heartbeat-status.yaml (boot, StatusNotification x3, Heartbeat every interval)
//   throughput: bench/closed-loop.yaml (boot, then Heartbeat back to back); latency from ocpp-sim's own histogram
import { fileURLToPath } from 'node:url';
import { runLoadTest } from '../dist/runner/run.js';
import { runSettings } from '../dist/cli/run-options.js';
import { loadScenario } from '../dist/chargepoint/scenario/loader.js';
import { createMeter } from './measure.js';

const [url, workload, countArg, durationArg, rateArg] = process.argv.slice(2);
const count = Number(countArg);
const durationMs = Number(durationArg);
const file = { capacity: '../scenarios/boot-heartbeat-status.yaml', throughput: './closed-loop.yaml' }[workload];
if (!file) throw new Error(`unknown workload '${workload}' (capacity or throughput)`);
const scenario = await loadScenario(fileURLToPath(new URL(file, import.meta.url)));
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

let fleet;
const state = () => {
  if (!fleet) return { booted: 0, allBooted: false, messages: 0, roundTrips: 0 };
  const snap = fleet.snapshot(false);
  const { sent, received } = snap.metrics;
  return { booted: snap.everBooted, allBooted: snap.allBootedMs !== undefined, messages: sum(sent) + sum(received), roundTrips: received.Heartbeat ?? 0 };
};
const meter = createMeter(state); // baseline before the fleet exists
let line;
// The CLI's defaults (runSettings) except the ramp rate, which the benchmark sets for both sides, and no pings.
const result = await runLoadTest({
  ...runSettings({ count, ratePerSec: Number(rateArg), durationMs, pingIntervalMs: 0 }), url, scenario,
}, {
  onStart: (f) => { fleet = f; },
  onFinish: () => {
    line = meter.finish({ workload, count });
  },
});
const { metrics } = result.fleet;
const hb = metrics.latency.Heartbeat;
line = {
  ...line, allBootedMs: result.fleet.allBootedMs === undefined ? null : Math.round(result.fleet.allBootedMs), booted: result.fleet.everBooted,
  errors: sum(metrics.errors), outcome: result.outcome, firstError: result.fleet.firstError ?? null,
  latency: hb ? { count: hb.count, p50: hb.p50, p99: hb.p99, max: hb.max } : null,
};
process.stdout.write(`${JSON.stringify(line)}\n`);
process.exit(result.outcome === 'completed' ? 0 : 1);
