import type { TLSSocket } from 'node:tls';

/** The subject CN of a client certificate: one string, or the values of a repeated CN. */
function commonNames(socket: unknown): string[] {
  const peer = (socket as Partial<TLSSocket>).getPeerCertificate?.();
  const cn = peer?.subject?.CN as string | string[] | undefined;
  if (cn === undefined) return [];
  return Array.isArray(cn) ? cn : [cn];
}

/**
 * Security profile 3 (OCPP 2.0.1 Part 2 A00.FR.405, 1.6 security whitepaper ed. 2 §2.5): "The
 * CSMS SHALL verify that the certificate belongs to this Charging Station by checking that the
 * CN (commonName) RDN in the subject field of the certificate contains the unique serial number
 * of the Charging Station". The identity in the URL is that unique name, so the CN must equal
 * it: exactly one CN, compared case-insensitively (identifierString is case-insensitive), never
 * as a substring (CN=CP-1 must not admit CP-10). Returns why not, or undefined when it matches.
 */
export function certificateIdProblem(socket: unknown, id: string): string | undefined {
  const names = commonNames(socket);
  if (names.length === 0) return 'the client certificate has no subject CN';
  if (names.length > 1) return `the client certificate has ${names.length} subject CNs`;
  const cn = names[0] as string;
  if (cn.toLowerCase() === id.toLowerCase()) return undefined;
  return `client certificate CN '${cn.length > 64 ? `${cn.slice(0, 64)}…` : cn}' is not the charge point id`;
}
