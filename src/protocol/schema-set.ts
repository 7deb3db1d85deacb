import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** One JSON schema object. */
export type JsonSchema = Record<string, unknown>;

/**
 * The official schemas of one version keyed `<Action>.req` (the CALL, or the SEND) and
 * `<Action>.conf` (its CALLRESULT), each a self-contained schema (its `$ref`s point inside it).
 */
export type SchemaSet = ReadonlyMap<string, JsonSchema>;

/**
 * The schemas as the ocpp-rpc package ships them: one JSON array per version, `$id` =
 * `urn:<Action>.req` / `urn:<Action>.conf`. `file` is a path `require` resolves.
 */
export function ocppRpcSchemas(file: string): () => SchemaSet {
  return () => new Map((require(file) as JsonSchema[]).map(({ $id, ...schema }) => [String($id).replace(/^urn:/, ''), schema]));
}

/**
 * The schemas as the typed-ocpp package ships them: one module exporting `<Action>Request` and
 * `<Action>Response` objects that share one `definitions` block; an export with neither suffix
 * is the payload of a SEND (OCPP-J 2.1 §4.2.6: NotifyPeriodicEventStream).
 */
export function typedOcppSchemas(exports: Readonly<Record<string, unknown>>): () => SchemaSet {
  return () => new Map(Object.entries(exports).map(([name, schema]) => {
    const match = /^(.+?)(Request|Response)$/.exec(name);
    const key = match ? `${match[1] as string}.${match[2] === 'Request' ? 'req' : 'conf'}` : `${name}.req`;
    return [key, schema as JsonSchema];
  }));
}
