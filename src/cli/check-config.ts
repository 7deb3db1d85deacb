import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checksFor } from '../check/checks/index.js';
import type { CheckSettings } from '../check/context.js';
import { CHECK_DEFAULTS, CHECK_PROTOCOLS } from '../check/defaults.js';
import type { CheckDefinition } from '../check/types.js';
import { parseDuration } from '../clock/duration.js';
import { isOcppVersion, type OcppVersion } from '../protocol/versions.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** The flags of `ocpp-sim check`, as commander hands them over. */
export interface CheckFlags {
  url?: string;
  protocol?: string;
  idPrefix?: string;
  idTag?: string;
  password?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  triggerUrl?: string;
  triggerHeader?: string[];
  only?: string[];
  skip?: string[];
  connectors?: string;
  pendingId?: string;
  rejectedId?: string;
  callTimeout?: string;
  out?: string[];
  junit?: string;
  list?: boolean;
}

/** What `check` runs: the settings and the selected checks. */
export interface CheckPlan {
  settings: CheckSettings;
  checks: CheckDefinition[];
}

const names = (lists: readonly string[] | undefined): string[] => (lists ?? []).flatMap((item) => item.split(',')).map((s) => s.trim()).filter(Boolean);

/**
 * Resolves the flags of `check` into settings and the selected checks, reporting every problem
 * at once as one CliError (exit 104): the URL, protocol, numbers, durations, files, header syntax,
 * and check names unknown for the protocol.
 */
export async function resolveCheckPlan(flags: CheckFlags, io: Io): Promise<CheckPlan> {
  const problems: string[] = [];
  const protocol = flags.protocol ?? CHECK_DEFAULTS.protocol;
  if (!isOcppVersion(protocol) || !CHECK_PROTOCOLS.includes(protocol)) problems.push(`--protocol must be one of ${CHECK_PROTOCOLS.join(', ')} (got '${protocol}')`);
  const version = (CHECK_PROTOCOLS.includes(protocol as OcppVersion) ? protocol : CHECK_DEFAULTS.protocol) as OcppVersion;
  const url = flags.url ?? '';
  if (flags.url === undefined) problems.push('--url is required: the OCPP-J endpoint of the CSMS, e.g. ws://localhost:9000/ocpp');
  else if (!/^wss?:\/\/[^/]+/.test(url)) problems.push(`--url must be a ws:// or wss:// URL (got '${url}')`);
  let triggerUrl: string | undefined;
  if (flags.triggerUrl !== undefined) {
    if (/^https?:\/\/[^/]+/.test(flags.triggerUrl)) triggerUrl = flags.triggerUrl.replace(/\/+$/, '');
    else problems.push(`--trigger-url must be an http:// or https:// URL (got '${flags.triggerUrl}')`);
  }
  const triggerHeaders: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const header of flags.triggerHeader ?? []) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(header);
    if (match) triggerHeaders[match[1] as string] = match[2] as string;
    else problems.push(`--trigger-header must be 'Name: value' (got '${header}')`);
  }
  const connectors = Number(flags.connectors ?? CHECK_DEFAULTS.connectors);
  if (!Number.isInteger(connectors) || connectors < 1 || connectors > 100) problems.push(`--connectors must be a whole number from 1 to 100 (got '${flags.connectors}')`);
  const callTimeoutMs = flags.callTimeout === undefined ? CHECK_DEFAULTS.callTimeoutMs : parseDuration(flags.callTimeout);
  if (callTimeoutMs === undefined || callTimeoutMs <= 0) problems.push(`--call-timeout must be a duration such as 5s (got '${flags.callTimeout}')`);
  const pem = async (flag: string, file: string | undefined): Promise<string | undefined> => {
    if (file === undefined) return undefined;
    try {
      return await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      problems.push(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return undefined;
    }
  };
  const [ca, cert, key] = [await pem('--ca', flags.ca), await pem('--cert', flags.cert), await pem('--key', flags.key)];
  if ((flags.cert === undefined) !== (flags.key === undefined)) problems.push('--cert and --key go together (a client certificate and its private key)');
  const available = checksFor(version);
  const known = new Set(available.map((c) => c.name));
  const only = names(flags.only);
  const skip = names(flags.skip);
  for (const name of [...only, ...skip]) if (!known.has(name)) problems.push(`unknown check '${name}' for ${version} (ocpp-sim check --list shows them)`);
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  const checks = available.filter((c) => (only.length === 0 || only.includes(c.name)) && !skip.includes(c.name));
  const tls = ca !== undefined || cert !== undefined || flags.insecure
    ? { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}), insecure: flags.insecure === true }
    : undefined;
  const settings: CheckSettings = {
    url, version, idPrefix: flags.idPrefix ?? CHECK_DEFAULTS.idPrefix, idTag: flags.idTag ?? CHECK_DEFAULTS.idTag,
    unknownIdTag: `UNKNOWN-${randomBytes(6).toString('hex').toUpperCase()}`, connectors,
    ...(flags.password !== undefined ? { password: flags.password } : {}), ...(tls ? { tls } : {}),
    ...(triggerUrl !== undefined ? { triggerUrl, triggerHeaders } : {}),
    ...(flags.pendingId !== undefined ? { pendingId: flags.pendingId } : {}), ...(flags.rejectedId !== undefined ? { rejectedId: flags.rejectedId } : {}),
    callTimeoutMs: callTimeoutMs as number, handshakeTimeoutMs: CHECK_DEFAULTS.handshakeTimeoutMs, quietMs: CHECK_DEFAULTS.quietMs,
    maxClockSkewSec: CHECK_DEFAULTS.maxClockSkewSec, checkTimeoutMs: Math.max(CHECK_DEFAULTS.checkTimeoutMs, (callTimeoutMs as number) * 4),
  };
  return { settings: Object.freeze(settings), checks };
}
