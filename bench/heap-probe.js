// Child process of bench/heap-per-cp.js: runs N ocpp-sim charge points (boot-heartbeat-status, the
// CLI's defaults), writes a heap snapshot once all are booted and heartbeating, prints one JSON line.
// Usage: node --expose-gc bench/heap-probe.js <ws://127.0.0.1:PORT/ocpp> <count> <snapshot file>
import { writeHeapSnapshot } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { runLoadTest } from '../dist/runner/run.js';
import { runSettings } from '../dist/cli/run-options.js';
import { loadScenario } from '../dist/chargepoint/scenario/loader.js';

const [url, countArg, file] = process.argv.slice(2);
const count = Number(countArg);
const scenario = await loadScenario(fileURLToPath(new URL('../scenarios/boot-heartbeat-status.yaml', import.meta.url)));
const rampMs = Math.ceil(count / 1000) * 1000;
let written = false;
const snap = setTimeout(() => {
  globalThis.gc?.();
  writeHeapSnapshot(file);
  written = true;
}, rampMs + 8000);
const result = await runLoadTest({ ...runSettings({ count, durationMs: rampMs + 12000 }), url, scenario }, {});
clearTimeout(snap);
process.stdout.write(`${JSON.stringify({ count, booted: result.fleet.everBooted, written })}\n`);
process.exit(written && result.fleet.everBooted === count ? 0 : 1);
