import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize, resolve } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from './package-root.js';

/** The folder of the scenarios shipped in the package. */
export const SHIPPED_SCENARIOS_DIR = join(PACKAGE_ROOT, 'scenarios');

/** One shipped scenario: its name (the file name without `.yaml`), protocol and one-line description. */
export interface ShippedScenario {
  name: string;
  file: string;
  protocol: string;
  description: string;
}

/** The names of the shipped scenarios, sorted. */
export function shippedScenarioNames(): string[] {
  return readdirSync(SHIPPED_SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/** The files of the shipped scenarios, sorted by name: what `ocpp-sim scenarios` lists and `selftest` runs. */
export function shippedScenarioFiles(): string[] {
  return shippedScenarioNames().map((name) => join(SHIPPED_SCENARIOS_DIR, `${name}.yaml`));
}

/** Every shipped scenario with the protocol and description its file declares. */
export function shippedScenarios(): ShippedScenario[] {
  return shippedScenarioNames().map((name) => {
    const file = join(SHIPPED_SCENARIOS_DIR, `${name}.yaml`);
    const data = parse(readFileSync(file, 'utf8')) as { protocol?: unknown; description?: unknown } | null;
    return {
      name, file,
      protocol: typeof data?.protocol === 'string' ? data.protocol : 'ocpp1.6',
      description: typeof data?.description === 'string' ? data.description.trim() : '',
    };
  });
}

/**
 * Where `--scenario SPEC` points: the file SPEC names relative to `baseDir` when it exists;
 * otherwise the shipped scenario SPEC names (`charging-session`, `charging-session.yaml` or
 * `scenarios/charging-session.yaml`); otherwise the path relative to `baseDir`, which the
 * caller reports as missing (with `notFoundHint`).
 */
export function resolveScenarioFile(spec: string, baseDir: string): string {
  const local = resolve(baseDir, spec);
  if (existsSync(local)) return local;
  const shipped = shippedScenarioFor(spec);
  return shipped ?? local;
}

/** The shipped scenario file SPEC names, or undefined. */
export function shippedScenarioFor(spec: string): string | undefined {
  const folder = dirname(normalize(spec));
  if (folder !== '.' && folder !== 'scenarios') return undefined;
  const name = basename(spec).replace(/\.(ya?ml|json)$/i, '');
  return shippedScenarioNames().includes(name) ? join(SHIPPED_SCENARIOS_DIR, `${name}.yaml`) : undefined;
}

/** The end of a "scenario not found" error: the shipped names and the command that lists them. */
export function notFoundHint(): string {
  return `shipped, usable by name: ${shippedScenarioNames().join(', ')}; 'ocpp-sim scenarios' describes them`;
}
