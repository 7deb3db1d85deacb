import { readFileSync } from 'node:fs';
import type { TlsSettings } from '../transport/connection.js';

/** What a certificate path template holds in place of the charge point id. */
export const CP_ID_PLACEHOLDER = '{{cp.id}}';

/** Paths of each charge point's client certificate and key (PEM), `{{cp.id}}` standing for its id. */
export interface ClientCertificatePaths {
  cert: string;
  key: string;
}

/** A fleet's TLS: shared settings, and optionally one client certificate per charge point (security profile 3 fleets). */
export interface FleetTls extends TlsSettings {
  clientCertificates?: ClientCertificatePaths;
}

/**
 * The paths of charge point `id`'s certificate and key. Throws for an id that would leave the
 * template's directory ('/', '\', or a dot segment).
 */
export function certificatePathsFor(paths: ClientCertificatePaths, id: string): ClientCertificatePaths {
  if (/[/\\]/.test(id) || id === '.' || id === '..') throw new Error(`charge point id '${id}' cannot name a certificate file`);
  return { cert: paths.cert.split(CP_ID_PLACEHOLDER).join(id), key: paths.key.split(CP_ID_PLACEHOLDER).join(id) };
}

/**
 * The TLS settings charge point `id` connects with: the fleet's, with its own certificate and
 * key read from `clientCertificates` when set (synchronously, once, when the charge point is
 * made; the CLI checked beforehand that every file of the run exists).
 */
export function tlsFor(tls: FleetTls, id: string): TlsSettings {
  if (!tls.clientCertificates) return tls;
  const { clientCertificates, ...shared } = tls;
  const paths = certificatePathsFor(clientCertificates, id);
  return { ...shared, cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
}
