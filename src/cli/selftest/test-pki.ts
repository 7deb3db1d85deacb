import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CP_ID_PLACEHOLDER, type ClientCertificatePaths } from '../../chargepoint/client-certificates.js';

const run = promisify(execFile);

/**
 * A throwaway CA with a server certificate (127.0.0.1, localhost) and a client certificate it
 * signed (CN `selftest-client`), PEM text; and one client certificate per charge point id asked
 * for (CN = the id), as files until `remove()`.
 */
export interface TestPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Where each charge point's certificate and key are (`{{cp.id}}.pem`, `{{cp.id}}.key`). */
  clientCertificates: ClientCertificatePaths;
  /** Deletes the files. */
  remove(): Promise<void>;
}

/** Each openssl invocation gets this long, in milliseconds. */
const OPENSSL_TIMEOUT_MS = 10_000;

/** Thrown when no `openssl` binary can be run: the TLS checks are skipped, not failed. */
export class OpensslMissing extends Error {
  readonly code = 'E_NO_OPENSSL';
  constructor() {
    super('openssl not found');
    this.name = 'OpensslMissing';
  }
}

/**
 * Makes the PKI with `openssl` (EC P-256 keys, valid one day) in a fresh temporary directory:
 * the CA, the server certificate, a shared client certificate, and one client certificate for
 * each of `chargePointIds`. PEM text is read into memory; the per-charge-point files stay until
 * `remove()` (the directory is deleted at once if anything fails). Runs openssl asynchronously,
 * so fleets running meanwhile keep their timing. Rejects with OpensslMissing when there is no openssl.
 */
export async function makeTestPki(chargePointIds: readonly string[] = []): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-selftest-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const openssl = async (args: string[]): Promise<void> => {
    try {
      await run('openssl', args, { cwd: dir, timeout: OPENSSL_TIMEOUT_MS });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') throw new OpensslMissing();
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
      throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`);
    }
  };
  try {
    const key = (name: string): Promise<void> => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
    await key('ca');
    await openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=ocpp-sim selftest CA', '-days', '1', '-out', 'ca.pem']);
    await writeFile(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    const subjects: Array<[string, string]> = [['server', 'localhost'], ['client', 'selftest-client'], ...chargePointIds.map((id): [string, string] => [id, id])];
    for (const [name, cn] of subjects) {
      await key(name);
      await openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/O=ocpp-sim/CN=${cn}`, '-out', `${name}.csr`]);
      await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1',
        ...(name === 'server' ? ['-extfile', 'server.ext'] : []), '-out', `${name}.pem`]);
    }
    const read = (file: string): Promise<string> => readFile(join(dir, file), 'utf8');
    return {
      ca: await read('ca.pem'), serverCert: await read('server.pem'), serverKey: await read('server.key'),
      clientCert: await read('client.pem'), clientKey: await read('client.key'),
      clientCertificates: { cert: join(dir, `${CP_ID_PLACEHOLDER}.pem`), key: join(dir, `${CP_ID_PLACEHOLDER}.key`) },
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
