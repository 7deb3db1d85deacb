import type { Payload } from './frame.js';
import type { JsonSchema } from './schema-set.js';

/** Deepest nesting followed: the official schemas nest a few levels; a deeper one is not followed further. */
const MAX_DEPTH = 16;

/**
 * Status words a party that does not simulate an action answers with, most telling first: the
 * first of these an enum allows is chosen, otherwise the enum's first value.
 */
export const REFUSALS: readonly string[] = Object.freeze(['NotSupported', 'NotImplemented', 'Rejected', 'Unknown', 'Failed', 'NotFound', 'NoProfiles', 'NoFirmware', 'EmptyResultSet']);

function resolve(node: JsonSchema, root: JsonSchema): JsonSchema {
  let here = node;
  for (let i = 0; i < MAX_DEPTH && typeof here.$ref === 'string'; i++) {
    let target: unknown = root;
    for (const part of here.$ref.replace(/^#\//, '').split('/')) target = (target as JsonSchema | undefined)?.[part];
    if (!target || typeof target !== 'object') return here;
    here = target as JsonSchema;
  }
  return here;
}

function valueOf(node: JsonSchema, root: JsonSchema, depth: number): unknown {
  const here = resolve(node, root);
  if (Array.isArray(here.enum) && here.enum.length > 0) return REFUSALS.find((word) => (here.enum as unknown[]).includes(word)) ?? here.enum[0];
  switch (here.type) {
    case 'object': return objectOf(here, root, depth + 1);
    case 'array': {
      const count = typeof here.minItems === 'number' ? here.minItems : 0;
      const items = here.items && typeof here.items === 'object' ? here.items as JsonSchema : {};
      return Array.from({ length: count }, () => valueOf(items, root, depth + 1));
    }
    case 'integer':
    case 'number': return typeof here.minimum === 'number' ? here.minimum : 0;
    case 'boolean': return false;
    case 'string': {
      if (here.format === 'date-time') return new Date().toISOString();
      if (here.format === 'uri') return 'urn:ocpp-sim';
      const length = typeof here.minLength === 'number' ? here.minLength : 1;
      return 'x'.repeat(Math.max(1, Math.min(length, typeof here.maxLength === 'number' ? here.maxLength : length)));
    }
    default: return here.properties ? objectOf(here, root, depth + 1) : {};
  }
}

function objectOf(node: JsonSchema, root: JsonSchema, depth: number): Payload {
  const payload: Payload = {};
  if (depth > MAX_DEPTH) return payload;
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of Array.isArray(node.required) ? node.required as string[] : []) {
    if (Object.hasOwn(properties, key)) payload[key] = valueOf(properties[key] as JsonSchema, root, depth);
  }
  return payload;
}

/**
 * The smallest payload `schema` accepts: only the required fields, each the least value of its
 * type (a refusal word from REFUSALS where an enum has one, 0 or the minimum, the current time
 * for a date-time, `minItems` entries). For answers to actions a party does not simulate.
 */
export function minimalPayload(schema: JsonSchema): Payload {
  return objectOf(schema, schema, 0);
}
