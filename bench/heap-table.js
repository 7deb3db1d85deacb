// Reads a V8 .heapsnapshot into self size and count per kind of object (bench/heap-per-cp.js, bench/heap-diff.js).
import { readFileSync } from 'node:fs';

/** Self size and count per `type:constructor` of every node in a .heapsnapshot. */
export function byConstructor(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f));
  const types = meta.node_types[0];
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields) {
    const type = types[snap.nodes[i + iType]];
    const name = type.includes('string') ? '(string)' : type === 'code' ? '(code)' : snap.strings[snap.nodes[i + iName]].slice(0, 50);
    const key = `${type}:${name}`;
    const row = out.get(key) ?? { bytes: 0, count: 0 };
    row.bytes += snap.nodes[i + iSize];
    row.count += 1;
    out.set(key, row);
  }
  return out;
}
