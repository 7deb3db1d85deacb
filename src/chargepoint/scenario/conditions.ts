import type { Condition } from './types.js';
import type { Pos, Problems, Src } from './yaml-source.js';

/** A dotted path: names and array indexes, e.g. `idTagInfo.status`, `meterValue.0.timestamp`. */
export const PATH = /^[A-Za-z_][\w-]*(\.([A-Za-z_][\w-]*|\d+))*$/;

/** The value at a dotted path of `value`, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let here = value;
  for (const key of path.split('.')) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A short JSON rendering for failure messages. */
export function brief(value: unknown, max = 160): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Reads an `expect`, `match` or `until` mapping: dotted paths to expected values; a nested
 * mapping is read as deeper paths (`idTagInfo: { status: Accepted }` = `idTagInfo.status`).
 * Each path is handed to `onPath` with its position, for checks against a schema or a scope.
 */
export function parseCondition(src: Src, what: string, problems: Problems, onPath: (path: string, value: Src, pos: Pos) => void): Condition | undefined {
  if (!src.isMap || src.keys().length === 0) {
    problems.add(src.pos(), `${what} must be a mapping of field paths to expected values, e.g. { status: Accepted }`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  const walk = (here: Src, prefix: string): void => {
    for (const key of here.keys()) {
      const path = prefix ? `${prefix}.${key}` : key;
      const value = here.get(key) as Src;
      if (!PATH.test(path)) {
        problems.add(here.keyPos(key), `${what}: '${path}' is not a field path (names and indexes joined by dots, e.g. idTagInfo.status)`);
        continue;
      }
      if (value.isMap && value.keys().length > 0) {
        walk(value, path);
        continue;
      }
      if (value.isMap) {
        problems.add(value.pos(), `${what}: '${path}' has an empty mapping; give the fields it must have`);
        continue;
      }
      onPath(path, value, here.keyPos(key));
      out[path] = value.value;
    }
  };
  walk(src, '');
  return Object.freeze(out);
}

/**
 * What does not hold of `actual`: one line per path, saying what was expected and what was
 * there. `render` gives an expected value its run-time value (templates).
 */
export function mismatches(condition: Condition, actual: unknown, render: (value: unknown) => unknown): string[] {
  const out: string[] = [];
  for (const [path, expected] of Object.entries(condition)) {
    const want = render(expected);
    const got = valueAt(actual, path);
    const ok = want === null ? got === undefined || got === null : deepEqual(got, want);
    if (!ok) out.push(`${path}: expected ${want === null ? 'no value' : brief(want)}, got ${brief(got)}`);
  }
  return out;
}
