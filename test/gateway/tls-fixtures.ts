import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM files made at run time for one test file; never committed. */
export interface TlsFixtures {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from a CA the gateway does not trust. */
  rogueCert: string;
  rogueKey: string;
  /** Paths of the same files, for the CLI. */
  paths: { ca: string; serverCert: string; serverKey: string };
  remove(): void;
}

/** True when an `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/**
 * A throwaway CA, a server certificate for 127.0.0.1/localhost signed by it, a client
 * certificate (subject CN `clientCn`) signed by it, and a self-signed "rogue" client certificate (EC P-256 keys, quick
 * to make), all in a fresh temp directory.
 */
export function makeTlsFixtures(clientCn = 'CP-TLS'): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-tls-'));
  const key = (name: string): void => openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  key('ca');
  openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=ocpp-sim test CA', '-days', '1', '-out', 'ca.pem']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const name of ['server', 'client']) {
    key(name);
    openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/O=ocpp-sim/CN=${name === 'server' ? 'localhost' : clientCn}`, '-out', `${name}.csr`]);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1',
      ...(name === 'server' ? ['-extfile', 'server.ext'] : []), '-out', `${name}.pem`]);
  }
  key('rogue');
  openssl(dir, ['req', '-x509', '-new', '-key', 'rogue.key', '-subj', '/CN=CP-TLS', '-days', '1', '-out', 'rogue.pem']);
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return {
    dir, ca: read('ca.pem'), serverCert: read('server.pem'), serverKey: read('server.key'),
    clientCert: read('client.pem'), clientKey: read('client.key'), rogueCert: read('rogue.pem'), rogueKey: read('rogue.key'),
    paths: { ca: join(dir, 'ca.pem'), serverCert: join(dir, 'server.pem'), serverKey: join(dir, 'server.key') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Client certificates signed by the fixtures' CA for each of `ids` (subject CN = the id), in
 * `dir` as `{id}.pem` and `{id}.key`: a security profile 3 fleet's certificate directory.
 */
export function makeClientCertificates(fixtures: TlsFixtures, dir: string, ids: readonly string[]): void {
  for (const id of ids) {
    openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${id}.key`]);
    openssl(dir, ['req', '-new', '-key', `${id}.key`, '-subj', `/O=ocpp-sim/CN=${id}`, '-out', `${id}.csr`]);
    openssl(dir, ['x509', '-req', '-in', `${id}.csr`, '-CA', join(fixtures.dir, 'ca.pem'), '-CAkey', join(fixtures.dir, 'ca.key'),
      '-CAcreateserial', '-CAserial', join(dir, 'ca.srl'), '-days', '1', '-out', `${id}.pem`]);
    rmSync(join(dir, `${id}.csr`));
  }
}
