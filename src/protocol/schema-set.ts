import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SchemaSource } from './version-spec.js';

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
export function ocppRpcSchemas(file: string): SchemaSource {
  // Read rather than required: the parsed array is not kept in require's cache beside the set.
  return { read: () => new Map((JSON.parse(readFileSync(require.resolve(file), 'utf8')) as JsonSchema[]).map(({ $id, ...schema }) => [String($id).replace(/^urn:/, ''), schema])) };
}

/**
 * The schemas as the typed-ocpp package ships them, `load` importing the module: one module exporting `<Action>Request` and
 * `<Action>Response` objects that share one `definitions` block; an export with neither suffix
 * is the payload of a SEND (OCPP-J 2.1 §4.2.6: NotifyPeriodicEventStream).
 */
export function typedOcppSchemas(load: () => Promise<Readonly<Record<string, unknown>>>): SchemaSource {
  return {
    import: async () => new Map(Object.entries(await load()).map(([name, schema]) => {
      const match = /^(.+?)(Request|Response)$/.exec(name);
      const key = match ? `${match[1] as string}.${match[2] === 'Request' ? 'req' : 'conf'}` : `${name}.req`;
      return [key, schema as JsonSchema];
    })),
  };
}
