import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory holding ocpp-sim's package.json, found by walking up from this module, so it
 * is the same whether the tests run from build/test/ or anywhere else.
 */
export function repoRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ocpp-sim') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ocpp-sim package.json above the test files');
    dir = parent;
  }
}

/** Absolute path of a scenario shipped in scenarios/. */
export function shippedScenario(name = 'boot-heartbeat-status.yaml'): string {
  return join(repoRoot(), 'scenarios', name);
}
