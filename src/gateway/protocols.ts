import type { HandlerTable } from '../protocol/rpc-session.js';
import { SUPPORTED_VERSIONS, versionSpec, type OcppVersion } from '../protocol/versions.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { HandlerDeps } from './gateway-state.js';
import { createV16Handlers } from './v16/handlers.js';
import { createV201Handlers } from './v201/handlers.js';
import { createV21Handlers } from './v21/handlers.js';

/** Builds the handler table of one OCPP version, once per gateway. */
export type HandlerFactory = (deps: HandlerDeps) => HandlerTable<ChargePointRecord>;

/** The versions the gateway serves, each the handler table of its folder: adding one is one line here. */
const HANDLER_FACTORIES: Partial<Record<OcppVersion, HandlerFactory>> = {
  'ocpp1.6': createV16Handlers,
  'ocpp2.0.1': createV201Handlers,
  'ocpp2.1': createV21Handlers,
};

/** Subprotocols the gateway speaks, in its own order of preference. */
export const SERVED_VERSIONS: readonly OcppVersion[] = Object.freeze(SUPPORTED_VERSIONS.filter((v) => HANDLER_FACTORIES[v] !== undefined));

/** True when a served version asks for permessage-deflate (the registry row's `deflate`). */
export const SERVE_DEFLATE: boolean = SERVED_VERSIONS.some((v) => versionSpec(v).deflate);

/**
 * True when a handshake offering `offered` may negotiate RFC 7692 compression: the version the
 * gateway will choose wants it (OCPP-J 2.0.1 §3.3); 1.6 must not use it (OCPP-J 1.6 §5.1).
 */
export function offersDeflate(offered: ReadonlySet<string>): boolean {
  const chosen = chooseSubprotocol(offered);
  return chosen !== false && versionSpec(chosen).deflate;
}

/**
 * The subprotocol to answer a handshake with: the gateway's most preferred version among those
 * `offered` (OCPP-J §3.2), or false when none is served (the handshake then carries no header).
 */
export function chooseSubprotocol(offered: ReadonlySet<string>): OcppVersion | false {
  return SERVED_VERSIONS.find((version) => offered.has(version)) ?? false;
}

/** True when `protocol` is a subprotocol this gateway serves. */
export function isServed(protocol: string): protocol is OcppVersion {
  return (SERVED_VERSIONS as readonly string[]).includes(protocol);
}

/** The handler table of every served version, built once for one gateway. */
export function buildHandlerTables(deps: HandlerDeps): ReadonlyMap<OcppVersion, HandlerTable<ChargePointRecord>> {
  return new Map(SERVED_VERSIONS.map((version) => [version, (HANDLER_FACTORIES[version] as HandlerFactory)(deps)]));
}
