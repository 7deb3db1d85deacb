import { readFile } from 'node:fs/promises';
import type { Problems } from './options.js';

/** The environment variable holding the HTTP API token, read by `gateway` and `gateway call` alike. */
export const API_TOKEN_ENV = 'OCPP_SIM_API_TOKEN';

/** The shape the gateway accepts (GatewayOptions.apiToken): 16+ printable ASCII characters, no spaces. */
const TOKEN = /^[\x21-\x7e]{16,}$/;

/** One source of the token as the settings layers resolved it: the value and where it came from. */
export interface ApiTokenSources {
  token: unknown;
  /** `--api-token`, `OCPP_SIM_API_TOKEN` or `<config>: security.api_token`. */
  tokenLabel: string;
  /** A path (already resolved) of a file holding the token. */
  file: unknown;
  fileLabel: string;
}

/** Flag 3 > environment 2 > config file 1. */
function rank(label: string): number {
  if (label === API_TOKEN_ENV) return 2;
  return label.includes(': ') ? 1 : 3;
}

/**
 * The API token from the token itself or from a file of it (its first line, surrounding
 * whitespace removed), whichever came from the later settings layer (flag > environment >
 * config file); both from the same layer is a problem. Adds a problem naming the flag, the
 * variable or the file for a token that is not 16+ printable ASCII characters.
 */
export async function resolveApiToken(sources: ApiTokenSources, p: Problems): Promise<string | undefined> {
  const { token, tokenLabel, file, fileLabel } = sources;
  const hasToken = token !== undefined;
  const hasFile = typeof file === 'string' && file !== '';
  if (hasToken && hasFile && rank(tokenLabel) === rank(fileLabel)) {
    p.add(`${tokenLabel} and ${fileLabel} both set the API token: give one`);
    return undefined;
  }
  let value: string;
  let where: string;
  if (hasFile && (!hasToken || rank(fileLabel) > rank(tokenLabel))) {
    try {
      value = ((await readFile(file, 'utf8')).split(/\r?\n/, 1)[0] ?? '').trim();
    } catch (error) {
      p.add(`${fileLabel}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return undefined;
    }
    where = `${fileLabel} (${file})`;
  } else if (hasToken) {
    value = String(token);
    where = tokenLabel;
  } else {
    return undefined;
  }
  if (!TOKEN.test(value)) {
    p.add(`${where}: the API token must be at least 16 printable ASCII characters without spaces (e.g. openssl rand -hex 24)`);
    return undefined;
  }
  return value;
}
