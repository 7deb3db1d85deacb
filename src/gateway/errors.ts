/** Why a gateway operation failed, apart from OCPP CallErrors (those are OcppError). */
export type GatewayErrorCode = 'E_BAD_OPTIONS' | 'E_UNKNOWN_CHARGE_POINT' | 'E_GATEWAY_CLOSED';

/** A gateway failure with a stable string `code`. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}
