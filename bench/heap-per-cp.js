// Benchmark tool (not a test): the V8 heap one more charge point costs, by kind of object.
// Runs the fleet twice (N/2 and N charge points, each in its own process, against one gateway
// process), takes a heap snapshot of each once all are booted, and prints the difference per
// charge point by constructor, largest first. Usage: node bench/heap-per-cp.js [N, default 5000]
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byConstructor } from './heap-table.js';
import { runChild, startGateway } from './processes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] ?? 5000);
if (!Number.isInteger(n) || n < 2 || n > 50000) {
  console.error(`heap-per-cp: N must be an integer in 2..50000 (got ${process.argv[2]})`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-heap-'));
const gateway = await startGateway(root, ['--port', '0', '--heartbeat-interval', '10s', '--log-level', 'warn']);
try {
  const sizes = [Math.floor(n / 2), n];
  const tables = [];
  for (const count of sizes) {
    const file = join(dir, `${count}.heapsnapshot`);
    await runChild(root, 'heap-probe.js', [gateway.url, count, file], { gatewayPid: gateway.gw.pid, limitMs: (count / 1000 + 60) * 1000 });
    tables.push(byConstructor(file));
  }
  const added = sizes[1] - sizes[0];
  const [small, large] = tables;
  const rows = [...large].map(([key, { bytes, count }]) => {
    const before = small.get(key) ?? { bytes: 0, count: 0 };
    return { key, bytes: (bytes - before.bytes) / added, count: (count - before.count) / added };
  }).filter((r) => Math.abs(r.bytes) >= 16).sort((a, b) => b.bytes - a.bytes);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`V8 heap per charge point, from ${sizes[0]} to ${sizes[1]} charge points: ${Math.round(total)} bytes\n`);
  console.log('bytes/CP  objects/CP  kind');
  for (const r of rows.slice(0, 30)) console.log(`${r.bytes.toFixed(0).padStart(8)}  ${r.count.toFixed(2).padStart(10)}  ${r.key}`);
} finally {
  await gateway.stop();
  rmSync(dir, { recursive: true, force: true });
}
