import { schemasOf, type OcppVersion } from '../../protocol/versions.js';

type Json = Record<string, unknown>;

/** A place in one action's schema: the schema node there and the root its `$ref`s resolve against. */
export interface SchemaAt {
  node: Json;
  root: Json;
}

/**
 * The schema of `action` in `direction` (`req` = the CALL, `conf` = its CALLRESULT), or undefined:
 * the same official schemas the payload validator compiles, read here to know which type a field
 * wants and which fields exist (templates take the type of the place they stand in, `expect`/`save`
 * paths are checked against them).
 */
export function schemaOf(version: OcppVersion, action: string, direction: 'req' | 'conf'): SchemaAt | undefined {
  const root = schemasOf(version).get(`${action}.${direction}`) as Json | undefined;
  return root ? { node: root, root } : undefined;
}

function resolveRef(at: SchemaAt): SchemaAt {
  let node = at.node;
  for (let i = 0; i < 10 && typeof node.$ref === 'string'; i++) {
    const path = node.$ref.replace(/^#\//, '').split('/');
    let target: unknown = at.root;
    for (const part of path) target = (target as Json | undefined)?.[part];
    if (!target || typeof target !== 'object') return at;
    node = target as Json;
  }
  return { node, root: at.root };
}

/**
 * The schema of the field `key` (a property name, or an index into an array) under `at`:
 * `undefined` when the schema cannot say (no schema, open object, `$ref` it cannot follow),
 * `null` when the schema says there is no such field.
 */
export function schemaChild(at: SchemaAt | undefined, key: string): SchemaAt | undefined | null {
  if (!at) return undefined;
  const here = resolveRef(at);
  const { node } = here;
  if (node.type === 'array' || node.items) {
    if (!/^\d+$/.test(key)) return node.type === 'array' ? null : undefined;
    const items = Array.isArray(node.items) ? node.items[Number(key)] : node.items;
    return items && typeof items === 'object' ? resolveRef({ node: items as Json, root: here.root }) : undefined;
  }
  const properties = node.properties as Record<string, Json> | undefined;
  if (properties && Object.hasOwn(properties, key)) return resolveRef({ node: properties[key] as Json, root: here.root });
  return properties && node.additionalProperties === false ? null : undefined;
}

/** Follows a dotted path from `at`; `null` as soon as the schema says a field does not exist. */
export function schemaAtPath(at: SchemaAt | undefined, path: string): SchemaAt | undefined | null {
  let here: SchemaAt | undefined | null = at;
  for (const key of path.split('.')) {
    here = schemaChild(here ?? undefined, key);
    if (here === null) return null;
    if (here === undefined) return undefined;
  }
  return here;
}

/** The JSON type a place wants, when the schema names exactly one. */
export function wantedType(at: SchemaAt | undefined | null): 'string' | 'integer' | 'number' | 'boolean' | undefined {
  if (!at) return undefined;
  const type = resolveRef(at).node.type;
  return type === 'string' || type === 'integer' || type === 'number' || type === 'boolean' ? type : undefined;
}

/** A value valid at `at`, for checking a file whose real value is only known at run time. */
export function sampleFor(at: SchemaAt | undefined | null): unknown {
  if (!at) return 'sample';
  const { node } = resolveRef(at);
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  switch (node.type) {
    case 'integer':
    case 'number':
      return typeof node.minimum === 'number' ? node.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      if (node.format === 'date-time') return new Date(0).toISOString();
      return 'sample'.slice(0, typeof node.maxLength === 'number' ? Math.max(1, node.maxLength) : 6);
    default:
      return 'sample';
  }
}
