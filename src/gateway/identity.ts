/**
 * Longest charge point identity, in characters: OCPP-J 2.0.1 §3.1.1 makes the identity an
 * identifierString of at most 48 (SecurityCtrlr.Identity maxLimit 48, 2.0.1 errata 2023-12
 * §2.17.3); OCPP-J 2.1 §3.1.1 keeps it.
 */
export const MAX_IDENTITY_LENGTH = 48;

/**
 * The identifierString data type of OCPP 2.0.1 (Part 2, primitive datatypes: "case-insensitive
 * … can only contain characters from the following character set: a-z, A-Z, 0-9, '*', '-', '_',
 * '=', ':', '+', '|', '@', '.'", as quoted by rust-ocpp's validate_identifier_string). OCPP-J 1.6 sets no rule of its own; the same set is applied to both
 * versions, since the version is negotiated only after the upgrade this check precedes. Its
 * examples' `RDAM 123` is outside the set; OCPP-J 2.1 changed the example to `RDAM|123`.
 * ':' stays allowed (1.6 identities in the wild use it; Basic auth matches `id:` as a prefix).
 */
const IDENTIFIER_STRING = /^[A-Za-z0-9*\-_=:+|@.]+$/;
const DOT_SEGMENTS = new Set(['.', '..']);

/** A character as it may be quoted in a log line or an HTTP body: printable ASCII as is, anything else as U+ and four hex digits. */
function quoteChar(char: string): string {
  const code = char.codePointAt(0) as number;
  return code > 0x20 && code < 0x7f ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Decodes the last path segment of an upgrade request (RFC 3986 percent-encoding, OCPP-J
 * §3.1.1) and checks it against the identity rules above. Returns the identity, or why it is
 * refused (a message that quotes no raw peer bytes).
 */
export function parseIdentity(segment: string): { id: string } | { problem: string } {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return { problem: 'the charge point id is not valid percent-encoding' };
  }
  const length = [...id].length;
  if (length === 0) return { problem: 'the charge point id is empty' };
  if (length > MAX_IDENTITY_LENGTH) return { problem: `the charge point id is ${length} characters long; OCPP allows at most ${MAX_IDENTITY_LENGTH}` };
  if (!IDENTIFIER_STRING.test(id)) {
    const bad = [...id].find((char) => !IDENTIFIER_STRING.test(char)) as string;
    return { problem: `the charge point id contains ${quoteChar(bad)}; OCPP identities use only a-z A-Z 0-9 * - _ = : + | @ .` };
  }
  if (DOT_SEGMENTS.has(id)) return { problem: `the charge point id '${id}' is a relative path segment, not an identity` };
  return { id };
}
