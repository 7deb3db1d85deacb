import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/repo-root.js';

const SRC = join(repoRoot(), 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []);
}

interface Source { file: string; layer: string; imports: string[]; text: string }

const files: Source[] = sources(SRC).map((path) => {
  const text = readFileSync(path, 'utf8');
  const file = relative(SRC, path);
  const imports = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
  return { file, layer: file.split('/')[0] as string, imports, text };
});

/** The layer an import points at: a folder of src/ for relative imports, the package name otherwise. */
function target(from: Source, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node' : spec.split('/')[0] as string;
  const resolved = join(from.file, '..', spec);
  return resolved.split('/')[0] as string;
}

// Imports flow one way: cli → runner | gateway | ui | check → chargepoint → protocol | transport; metrics and clock are leaves.
const FORBIDDEN: Record<string, string[]> = {
  protocol: ['ws', 'transport', 'chargepoint', 'runner', 'gateway', 'ui', 'cli', 'metrics'],
  transport: ['protocol', 'chargepoint', 'runner', 'gateway', 'ui', 'cli', 'metrics'],
  random: ['protocol', 'transport', 'chargepoint', 'runner', 'gateway', 'ui', 'cli', 'metrics', 'clock', 'ws'],
  clock: ['protocol', 'transport', 'chargepoint', 'runner', 'gateway', 'ui', 'cli', 'metrics', 'ws'],
  metrics: ['protocol', 'transport', 'chargepoint', 'runner', 'gateway', 'ui', 'cli', 'ws'],
  chargepoint: ['ink', 'react', 'runner', 'gateway', 'ui', 'cli'],
  gateway: ['chargepoint', 'runner', 'ui', 'cli', 'ink', 'react'],
  runner: ['gateway', 'ui', 'cli', 'ink', 'react'],
  ui: ['transport', 'gateway', 'cli', 'ws'],
  report: ['transport', 'gateway', 'chargepoint', 'cli', 'ws', 'ink', 'react'],
  check: ['gateway', 'runner', 'ui', 'cli', 'chargepoint', 'ws', 'ink', 'react'],
};

test('every import follows the layer order of style.md', () => {
  const violations: string[] = [];
  for (const source of files) {
    const banned = FORBIDDEN[source.layer] ?? [];
    for (const spec of source.imports) {
      if (banned.includes(target(source, spec))) violations.push(`${source.file} imports ${spec}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('only metrics/histogram.ts imports hdr-histogram-js', () => {
  const importers = files.filter((s) => s.imports.includes('hdr-histogram-js')).map((s) => s.file);
  assert.deepEqual(importers, ['metrics/histogram.ts']);
});

test('nothing below cli/ reads process.env or process.argv', () => {
  const readers = files.filter((s) => s.layer !== 'cli' && /process\.(env|argv)/.test(s.text)).map((s) => s.file);
  assert.deepEqual(readers, []);
});

test('src/ has no unfinished markers', () => {
  const marked = files.filter((s) => /\b(TODO|FIXME|XXX)\b/.test(s.text)).map((s) => s.file);
  assert.deepEqual(marked, []);
});

test('no module imports itself back through a chain of value imports (type-only imports aside)', () => {
  // What a value import of a relative module names: the file, .ts or .tsx.
  const resolveFile = (from: Source, spec: string): string => {
    const base = join(from.file, '..', spec).replace(/\.js$/, '');
    return files.some((s) => s.file === `${base}.ts`) ? `${base}.ts` : `${base}.tsx`;
  };
  const edges = new Map(files.map((s) => [s.file, [...s.text.matchAll(/^\s*(?:import|export)\b(?!\s+type\b)[^'"]*?from\s+'(\.[^']+)'/gm)]
    .map((m) => resolveFile(s, m[1] as string))]));
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of edges.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});
