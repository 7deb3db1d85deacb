import { resolve } from 'node:path';

/** What `--out KIND=…` takes after the `=`: a file (resolved against the working directory) or `[HOST:]PORT` to listen on. */
export type OutTarget = 'file' | 'address';

/** One output selected by a flag or a config file, its target resolved. */
export interface OutputSpec {
  /** A kind of the command's output registry: `json`, `html`, `junit`, `prometheus`… */
  kind: string;
  /** The flag that selected it, for messages: `--out`, `--out html`, `--junit`, `--metrics-port`. */
  label: string;
  /** Target `file`: the absolute path. */
  path?: string;
  /** Target `address`: where to listen. */
  address?: { host: string; port: number };
}

/** `PORT`, `HOST:PORT` or `[IPv6]:PORT` with a port 0–65535 (0 picks a free one); undefined when it is none of these. */
export function parseAddress(text: string, defaultHost: string): { host: string; port: number } | undefined {
  const match = /^(?:(?:\[([^\]]+)\]|([^:[\]]+)):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65_535) return undefined;
  return { host: match[1] ?? match[2] ?? defaultHost, port };
}

/**
 * Reads `--out` values against the kinds a command offers: `KIND=TARGET` (`json=summary.json`,
 * `html=report.html`, `prometheus=9464`) or a bare `FILE`, which is `json=FILE` as before outputs
 * had kinds. Files are resolved against `cwd`. Each problem (unknown kind, empty or bad target)
 * goes to `problem` as one line naming `label`; the kind given twice is refused by `oneEach`.
 */
export function parseOutSpecs(values: readonly string[], kinds: Readonly<Record<string, OutTarget>>, where: { cwd: string; label: string; defaultHost: string }, problem: (line: string) => void): OutputSpec[] {
  const specs: OutputSpec[] = [];
  for (const value of values) {
    const match = /^([a-z]+)=(.*)$/s.exec(value);
    const kind = match ? match[1] as string : 'json';
    const target = match ? match[2] as string : value;
    const label = match ? `--out ${kind}` : '--out';
    const takes = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
    if (value.startsWith('=')) {
      problem(`${where.label}: '${value}' names no output before '=' (outputs: ${Object.keys(kinds).join(', ')})`);
    } else if (takes === undefined) {
      problem(`${where.label}: unknown output '${kind}' in '${value}' (outputs: ${Object.keys(kinds).join(', ')}; a bare FILE is json=FILE)`);
    } else if (target.trim() === '') {
      problem(`${where.label}: '${value}' names no ${takes === 'file' ? 'file' : 'port'}`);
    } else if (takes === 'file') {
      specs.push({ kind, label, path: resolve(where.cwd, target) });
    } else {
      const address = parseAddress(target, where.defaultHost);
      if (address) specs.push({ kind, label, address });
      else problem(`${where.label}: '${value}' needs [HOST:]PORT with a port 0-65535, e.g. ${kind}=9464 or ${kind}=0.0.0.0:9464`);
    }
  }
  return specs;
}

/** Refuses a kind selected twice (`--out x.json --out json=y.json`, `--junit a.xml --out junit=b.xml`), naming both flags. */
export function oneEach(specs: readonly OutputSpec[], problem: (line: string) => void): OutputSpec[] {
  const seen = new Map<string, OutputSpec>();
  for (const spec of specs) {
    const before = seen.get(spec.kind);
    if (before) problem(`${spec.label}: ${spec.kind} is given twice${before.label === spec.label ? '' : ` (by ${before.label} too)`}`);
    else seen.set(spec.kind, spec);
  }
  return [...seen.values()];
}
