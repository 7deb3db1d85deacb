/** OCPP versions ocpp-sim speaks, named by their WebSocket subprotocol token (OCPP-J §3.1.2). */
export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1';

/** Every subprotocol token ocpp-sim can negotiate, in the gateway's order of preference. */
export const SUPPORTED_VERSIONS: readonly OcppVersion[] = Object.freeze(['ocpp2.0.1', 'ocpp1.6']);

/** True when `token` is a subprotocol ocpp-sim speaks. */
export function isOcppVersion(token: string): token is OcppVersion {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(token);
}
