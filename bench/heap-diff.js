// Benchmark tool (not a test): what grew between two heap snapshots of one process, by kind of
// object, largest growth first. Usage: node bench/heap-diff.js BEFORE.heapsnapshot AFTER.heapsnapshot [ROWS]
// (scripts/soak.js --heap-snapshots DIR writes the gateway's at minute 2 and at the end).
import { byConstructor } from './heap-table.js';

const [before, after, rows = '25'] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node bench/heap-diff.js BEFORE.heapsnapshot AFTER.heapsnapshot [ROWS]');
  process.exit(1);
}
const [a, b] = [byConstructor(before), byConstructor(after)];
const total = (table) => [...table.values()].reduce((sum, row) => sum + row.bytes, 0);
const keys = new Set([...a.keys(), ...b.keys()]);
const diff = [...keys].map((key) => {
  const x = a.get(key) ?? { bytes: 0, count: 0 };
  const y = b.get(key) ?? { bytes: 0, count: 0 };
  return { key, bytes: y.bytes - x.bytes, count: y.count - x.count, after: y };
}).sort((p, q) => q.bytes - p.bytes);
const kib = (bytes) => (bytes / 1024).toFixed(1);
console.log(`heap: ${kib(total(a))} KiB → ${kib(total(b))} KiB (${kib(total(b) - total(a))} KiB)`);
console.log('| kind | Δ KiB | Δ count | count after |\n| --- | ---: | ---: | ---: |');
for (const row of diff.slice(0, Number(rows))) console.log(`| ${row.key} | ${kib(row.bytes)} | ${row.count} | ${row.after.count} |`);
