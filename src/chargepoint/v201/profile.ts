import type { ChargePoint } from '../charge-point.js';
import type { PowerReading } from '../meter.js';
import type { ProtocolProfile } from '../protocol-profile.js';
import { handlersV201 } from './handlers.js';
import { bootRequestV201, meterValuesRequestV201, statusRequestV201 } from './payloads.js';
import { startTransactionV201, stopTransactionV201, transactionMeterValuesV201 } from './transactions.js';

/**
 * OCPP 2.0.1: 1.6 connector n is EVSE n with one connector (id 1); statuses are mapped to
 * ConnectorStatusEnumType; transactions are TransactionEvents with ids made by the station.
 */
export const V201: ProtocolProfile = Object.freeze({
  version: 'ocpp2.0.1',
  handlers: handlersV201,
  bootRequest: bootRequestV201,
  statusRequest: statusRequestV201,
  reportsStatusOf: (connectorId: number) => connectorId >= 1,
  // Meter values of a transaction travel in TransactionEvent in 2.0.1: MeterValues carries no transaction id.
  meterValuesRequest: (connectorId: number, registerWh: number, context: string, _transactionId?: number | string, power?: PowerReading) =>
    meterValuesRequestV201(connectorId, registerWh, context, power),
  transactionMeterValues: transactionMeterValuesV201,
  startTransaction: (cp: ChargePoint, connectorId: number, idTag: string) => startTransactionV201(cp, connectorId, idTag),
  stopTransaction: stopTransactionV201,
});
