import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayAuthOptions } from './options.js';

/** Compares two byte strings in time independent of where they differ (and of their lengths' equality). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The password configured for `id`: its own, else the shared one, else undefined. */
function passwordOf(id: string, auth: GatewayAuthOptions): string | undefined {
  if (auth.passwords && Object.hasOwn(auth.passwords, id)) return auth.passwords[id];
  return auth.password;
}

/**
 * Checks the `Authorization` header of an upgrade request against security profile 1/2
 * (1.6 security whitepaper §2.3, brief §5.2): Basic scheme, username equal to the charge point
 * id from the URL, password equal to the configured one. The id is matched as a prefix followed
 * by ':' (as ocpp-rpc does) so ids containing ':' still work. The password matches either as
 * UTF-8 text (2.0.1 BasicAuthPassword) or, when it is hex, as the raw bytes it encodes (the
 * 1.6 AuthorizationKey of OCPP-J 1.6 §6.2.2). Returns undefined when accepted, else why not
 * (for the log only: the client just gets 401).
 */
export function basicAuthProblem(header: string | undefined, id: string, auth: GatewayAuthOptions): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return header === undefined ? 'no Authorization header' : 'Authorization is not Basic';
  const decoded = Buffer.from(match[1] as string, 'base64');
  const prefix = Buffer.from(`${id}:`, 'utf8');
  if (decoded.length < prefix.length || !decoded.subarray(0, prefix.length).equals(prefix)) return 'username is not the charge point id';
  const expected = passwordOf(id, auth);
  if (expected === undefined) return 'no password configured for this charge point id';
  const given = decoded.subarray(prefix.length);
  const asText = sameBytes(given, Buffer.from(expected, 'utf8'));
  const asHex = /^(?:[0-9a-fA-F]{2})+$/.test(expected) && sameBytes(given, Buffer.from(expected, 'hex'));
  return asText || asHex ? undefined : 'wrong password';
}

/** The header value a client gets with HTTP 401. */
export const BASIC_CHALLENGE = 'Basic realm="ocpp-sim", charset="UTF-8"';
