/**
 * Deepest nesting of arrays and objects accepted in a frame from a peer, counting the frame's
 * own array as 1. Real OCPP 1.6 and 2.0.1 payloads stay under 12 levels; 64 leaves room for
 * vendor `customData` while every recursive walk (JSON.stringify, schema validation, the debug
 * log's redaction) stays far from the stack limit (about 6,000 levels).
 */
export const MAX_FRAME_DEPTH = 64;

/**
 * True when `value` (a value from JSON.parse) nests arrays and objects deeper than `limit`
 * levels, the value itself being level 1. It recurses at most `limit` calls deep, whatever the
 * value's depth, and stops at the first level past the limit: the check costs a small part of
 * the JSON.parse before it.
 */
export function nestedDeeperThan(value: unknown, limit: number = MAX_FRAME_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return deeperThan(value, limit);
}

function deeperThan(value: object, left: number): boolean {
  if (left === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null && deeperThan(child, left - 1)) return true;
    }
    return false;
  }
  // JSON.parse objects have no enumerable inherited keys; an own "__proto__" key is read as data.
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && deeperThan(child, left - 1)) return true;
  }
  return false;
}

/** A short, safe description of a value read from a peer, for error messages: never deep, never long. */
export function describeValue(value: unknown, maxLength = 40): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > maxLength ? `${JSON.stringify(value.slice(0, maxLength))}… (${value.length} characters)` : JSON.stringify(value);
  }
  return value === undefined ? 'undefined' : String(value);
}
