import { access, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { certificatePathsFor, CP_ID_PLACEHOLDER, type ClientCertificatePaths, type FleetTls } from '../chargepoint/client-certificates.js';
import { chargePointId } from '../runner/fleet.js';
import type { Problems } from './options.js';

/** The TLS flags of `run` as resolved: values (file paths) and where each came from. */
export interface RunTlsFlags {
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  insecure: boolean;
  label: (key: 'ca' | 'cert' | 'key') => string;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/**
 * Per-charge-point certificates: `--cert DIR` means DIR/{{cp.id}}.pem with DIR/{{cp.id}}.key
 * (or `--key` given as a directory or template); `--cert PATH` with `{{cp.id}}` is a template
 * and needs a `--key` template. Every charge point of the run must have both files: the first
 * missing one is a problem naming the flag, the id and the path.
 */
async function perChargePoint(flags: RunTlsFlags, cwd: string, ids: { prefix: string; count: number }, p: Problems): Promise<ClientCertificatePaths | undefined> {
  const cert = resolve(cwd, flags.cert as string);
  const certDir = await isDirectory(cert);
  const keyGiven = flags.key === undefined ? undefined : resolve(cwd, flags.key);
  const key = keyGiven === undefined ? (certDir ? join(cert, `${CP_ID_PLACEHOLDER}.key`) : undefined)
    : await isDirectory(keyGiven) ? join(keyGiven, `${CP_ID_PLACEHOLDER}.key`) : keyGiven;
  if (key === undefined || !key.includes(CP_ID_PLACEHOLDER)) {
    p.add(`${flags.label('key')} must be a directory or a path with ${CP_ID_PLACEHOLDER} when ${flags.label('cert')} is one (one key per charge point)`);
    return undefined;
  }
  const paths = { cert: certDir ? join(cert, `${CP_ID_PLACEHOLDER}.pem`) : cert, key };
  for (let i = 0; i < ids.count; i++) {
    const id = chargePointId(ids.prefix, i, ids.count);
    const files = certificatePathsFor(paths, id);
    for (const [flag, file] of [['cert', files.cert], ['key', files.key]] as const) {
      const missing = await access(file).then(() => undefined, (error: NodeJS.ErrnoException) => error.code ?? 'unreadable');
      if (missing) {
        p.add(`${flags.label(flag)}: no file for charge point ${id}: ${file} (${missing})`);
        return undefined;
      }
    }
  }
  return paths;
}

async function pem(path: string | undefined, label: string, cwd: string, p: Problems): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    p.add(`${label}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return undefined;
  }
}

/**
 * The fleet's TLS from `--ca`, `--cert`, `--key`, `--insecure`: PEM text read from the files,
 * or, when `--cert` is a directory or holds `{{cp.id}}`, one certificate per charge point
 * (security profile 3 fleets, whose certificate CN is each charge point's id). Undefined when
 * no TLS flag is set.
 */
export async function resolveRunTls(flags: RunTlsFlags, cwd: string, ids: { prefix: string; count: number }, p: Problems): Promise<FleetTls | undefined> {
  const ca = await pem(flags.ca, flags.label('ca'), cwd, p);
  const template = flags.cert !== undefined && (flags.cert.includes(CP_ID_PLACEHOLDER) || await isDirectory(resolve(cwd, flags.cert)));
  if (template) {
    const clientCertificates = await perChargePoint(flags, cwd, ids, p);
    return { ...(ca !== undefined ? { ca } : {}), ...(clientCertificates ? { clientCertificates } : {}), insecure: flags.insecure };
  }
  if ((flags.cert === undefined) !== (flags.key === undefined)) p.add('--cert and --key go together (a client certificate and its private key)');
  const [cert, key] = [await pem(flags.cert, flags.label('cert'), cwd, p), await pem(flags.key, flags.label('key'), cwd, p)];
  if (ca === undefined && cert === undefined && key === undefined && !flags.insecure) return undefined;
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}), insecure: flags.insecure };
}
