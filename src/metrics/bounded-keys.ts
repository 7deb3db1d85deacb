/** The key every value past a BoundedKeys' limits is counted under: totals stay exact. */
export const OTHER_KEY = '_other';

/** Distinct keys a map keyed by peer input holds by default (action names, error codes, close codes). */
export const MAX_KEYS = 256;

/** Longest key, in UTF-16 code units, a map keyed by peer input holds by default (OCPP action names are under 40). */
export const MAX_KEY_LENGTH = 64;

/**
 * Decides under which key a value from a peer is counted: the value itself, or OTHER_KEY when
 * it is longer than `maxKeyLength`, is a property name of Object.prototype (`toString`,
 * `constructor`, `__proto__`, …: no plain object, JSON reader or report can mistake it), or is
 * new once `maxKeys` keys are held. A key once admitted stays admitted, so one instance shared
 * by several maps (sent, received and latency by action) puts a value under the same key in
 * each. Memory: at most `maxKeys` strings of at most `maxKeyLength` characters.
 */
export class BoundedKeys {
  readonly maxKeys: number;
  readonly maxKeyLength: number;
  private readonly admitted = new Set<string>();

  constructor(maxKeys = MAX_KEYS, maxKeyLength = MAX_KEY_LENGTH) {
    this.maxKeys = maxKeys;
    this.maxKeyLength = maxKeyLength;
  }

  /** Distinct keys admitted so far (OTHER_KEY not included). */
  get size(): number {
    return this.admitted.size;
  }

  /** The key `value` is counted under; admits it when it fits and there is room. */
  key(value: string): string {
    if (this.admitted.has(value)) return value;
    if (value.length > this.maxKeyLength || value === OTHER_KEY || value in Object.prototype || this.admitted.size >= this.maxKeys) return OTHER_KEY;
    this.admitted.add(value);
    return value;
  }
}

/** A record without a prototype: no key, whatever its name, reads or writes an inherited property. */
export function nullRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** `record[key]` when the record has it as its own, else undefined: never an Object.prototype member (`constructor`). */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Adds `by` to the count under `key` (a key admitted by a BoundedKeys, into a nullRecord). */
export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}
