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

/** The official schemas of `version`, loaded once per process (validator and scenario checker share them). */
export function schemasOf(version: OcppVersion): SchemaSet {
  let set = loadedSchemas.get(version);
  if (!set) {
    set = versionSpec(version).schemas();
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
