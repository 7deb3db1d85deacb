import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of ocpp-sim's own package.json, found by walking up from this module, so it is
 * right whether the code runs from dist/, from a test build, or from an installed package.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'ocpp-sim') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ocpp-sim package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** The version in ocpp-sim's package.json. */
export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The absolute path of a file of the shipped docs/ (in the installed package, so it resolves from anywhere). */
export function docPath(name: string): string {
  return join(PACKAGE_ROOT, 'docs', name);
}
