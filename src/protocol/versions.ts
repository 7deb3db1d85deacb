import { V16 } from './v16/version.js';
import type { SchemaSet } from './schema-set.js';
import { V201 } from './v201/version.js';
import { V21 } from './v21/version.js';
import type { VersionSpec } from './version-spec.js';

/**
 * The registry of OCPP versions ocpp-sim speaks, named by their WebSocket subprotocol token
 * (OCPP-J §3.1.2), in the gateway's order of preference. Adding a version is a row here, its
 * folder (`protocol/vNN/version.ts`) and the folders of each end (see docs/versions.md).
 */
const REGISTRY = [V21, V201, V16] as const;

/** An OCPP version ocpp-sim speaks: the subprotocol token of a registry row. */
export type OcppVersion = (typeof REGISTRY)[number]['subprotocol'];

/** Every subprotocol token ocpp-sim can negotiate, in the gateway's order of preference. */
export const SUPPORTED_VERSIONS: readonly OcppVersion[] = Object.freeze(REGISTRY.map((row) => row.subprotocol));

const BY_NAME: ReadonlyMap<string, VersionSpec<OcppVersion>> = new Map(REGISTRY.map((row) => [row.subprotocol, row]));

/** True when `token` is a subprotocol ocpp-sim speaks. */
export function isOcppVersion(token: string): token is OcppVersion {
  return BY_NAME.has(token);
}

/** The registry row of `version`. */
export function versionSpec(version: OcppVersion): VersionSpec<OcppVersion> {
  return BY_NAME.get(version) as VersionSpec<OcppVersion>;
}

const loadedSchemas = new Map<OcppVersion, SchemaSet>();

/**
 * Loads the schemas of `versions` that are not loaded yet, once per process: what must run before
 * `schemasOf` (and so any validator, scenario or charge point) of a version whose schemas are an
 * ES module. Every entry point (scenario loader, run, gateway, check) awaits it for its versions.
 */
export async function loadVersions(versions: Iterable<OcppVersion>): Promise<void> {
  for (const version of new Set(versions)) {
    if (loadedSchemas.has(version)) continue;
    const source = versionSpec(version).schemas;
    const set = 'read' in source ? source.read() : await source.import();
    // Another caller may have finished first: the first set stays, so every user shares one.
    if (!loadedSchemas.has(version)) loadedSchemas.set(version, set);
  }
}

/**
 * The official schemas of `version`, loaded once per process (validator and scenario checker share
 * them): read at the first call when they are JSON; an ES module (2.1's) must have been loaded by
 * `loadVersions`, else this throws, naming the version.
 */
export function schemasOf(version: OcppVersion): SchemaSet {
  let set = loadedSchemas.get(version);
  if (!set) {
    const source = versionSpec(version).schemas;
    if (!('read' in source)) throw new Error(`the ${version} schemas are not loaded: loadVersions(['${version}']) must come first`);
    set = source.read();
    loadedSchemas.set(version, set);
  }
  return set;
}

/**
 * True when the central system may send `action` as a CALL in `version`: an action of its schemas
 * that charge points do not send, or DataTransfer, which goes both ways (1.6 §4.3 / §5.6, 2.0.1 P01 / P02).
 */
export function sentByCentralSystem(version: OcppVersion, action: string): boolean {
  return schemasOf(version).has(`${action}.req`) && (action === 'DataTransfer' || !versionSpec(version).fromChargePoint.includes(action));
}
