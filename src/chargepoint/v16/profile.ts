import type { ChargePoint } from '../charge-point.js';
import type { PowerReading } from '../meter.js';
import type { ProtocolProfile } from '../protocol-profile.js';
import type { ChargePointProfile } from '../scenario/types.js';
import { handlersV16 } from './handlers.js';
import { bootPayload, meterValuesPayload, statusPayload } from './payloads.js';
import { startTransaction, stopTransaction, transactionMeterValues } from './transactions.js';

/** OCPP 1.6: connectors numbered 1..N, 0 the charge point itself; transaction ids from the central system. */
export const V16: ProtocolProfile = Object.freeze({
  version: 'ocpp1.6',
  handlers: handlersV16,
  bootRequest: (profile: ChargePointProfile) => bootPayload(profile),
  statusRequest: statusPayload,
  meterValuesRequest: (connectorId: number, registerWh: number, context: string, transactionId?: number | string, power?: PowerReading) =>
    meterValuesPayload(connectorId, registerWh, context, transactionId === undefined ? undefined : Number(transactionId), power),
  // A reading of a running transaction is transaction-related: it goes through the offline queue (1.6 §3.7).
  transactionMeterValues,
  startTransaction,
  stopTransaction,
});
