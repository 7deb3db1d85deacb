import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/**
 * Reads a config file (YAML or JSON): a mapping of `run` settings named like the flags,
 * kebab-case or camelCase (`call-timeout` or `callTimeout`). Returns camelCase keys; throws a
 * CliError (exit 104) naming the file when it cannot be read or is not a mapping.
 */
export async function loadConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`--config ${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(error)})`}`, EXIT.INVALID_CONFIG);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const pos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    // The yaml package ends its message with the place again ("at line 3, column 1:"): said once, in front.
    const reason = (error as Error).message.split('\n')[0]?.replace(/\s*at line \d+, column \d+:?\s*$/, '') ?? '';
    throw new CliError(`--config ${path}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${reason}`, EXIT.INVALID_CONFIG);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new CliError(`--config ${path}: must be a mapping of settings, e.g. 'count: 1000'`, EXIT.INVALID_CONFIG);
  return Object.fromEntries(Object.entries(data as Record<string, unknown>).map(([key, value]) => [camelCase(key), value]));
}

/** `call-timeout` → `callTimeout`; camelCase stays as it is. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `callTimeout` → `OCPP_SIM_CALL_TIMEOUT`. */
export function envName(key: string): string {
  return `OCPP_SIM_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** `callTimeout` → `--call-timeout`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
