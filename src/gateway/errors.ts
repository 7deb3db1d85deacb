/**
 * Why a gateway operation failed, apart from OCPP CallErrors (those are OcppError).
 * `E_WORKER_UNAVAILABLE`: with workers, a worker process did not answer in time or exited while answering.
 */
export type GatewayErrorCode = 'E_BAD_OPTIONS' | 'E_UNKNOWN_CHARGE_POINT' | 'E_GATEWAY_CLOSED' | 'E_WORKER_UNAVAILABLE';

/** A gateway failure with a stable string `code`. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}

/** No charge point with this id is connected (HTTP 404 from the call API), one wording for one process and for workers. */
export function unknownChargePoint(chargePointId: string, action: string): GatewayError {
  return new GatewayError('E_UNKNOWN_CHARGE_POINT', `cannot send ${action}: no charge point '${chargePointId}' is connected`);
}
