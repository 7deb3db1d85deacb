import type { ChargePoint, Transaction } from '../charge-point.js';
import { meterNow } from '../meter.js';
import { meterValuesPayload, statusPayload } from './payloads.js';
import { rememberIdInfo } from '../local-auth/local-auth.js';
import { useReservation } from '../reservations/reservations.js';

/** The connector whose transaction has id `transactionId` (1.6: the central system's number), or undefined. */
export function transactionById(cp: ChargePoint, transactionId: number): number | undefined {
  const index = cp.transactions?.findIndex((tx) => tx?.id === transactionId) ?? -1;
  return index > 0 ? index : undefined;
}

async function notify(cp: ChargePoint, connectorId: number, status: string): Promise<void> {
  cp.connectorStatus[connectorId] = status;
  await cp.call('StatusNotification', statusPayload(connectorId, status));
}

/**
 * Starts a transaction (OCPP 1.6 §4.8): Preparing, StartTransaction with the register as
 * meterStart (and the reservation it uses up, if any), then Charging. The transaction id is
 * the central system's answer; its idTagInfo goes into the authorization cache.
 */
export async function startTransaction(cp: ChargePoint, connectorId: number, idTag: string): Promise<void> {
  await notify(cp, connectorId, 'Preparing');
  const meterStartWh = Math.round(meterNow(cp, connectorId));
  const reservationId = useReservation(cp, connectorId, idTag);
  const answer = await cp.call('StartTransaction', { connectorId, idTag, meterStart: meterStartWh, timestamp: new Date().toISOString(), ...(reservationId === undefined ? {} : { reservationId }) });
  rememberIdInfo(cp, idTag, answer.idTagInfo);
  const tx: Transaction = { id: Number(answer.transactionId), idTag, startedAt: cp.ctx.scheduler.now(), meterStartWh };
  (cp.transactions ??= [])[connectorId] = tx;
  await notify(cp, connectorId, 'Charging');
}

/**
 * Stops the transaction on `connectorId` (OCPP 1.6 §4.10) with `reason`: the register is
 * carried forward, StopTransaction with meterStop and a Transaction.End reading, then
 * Finishing → Available. The local record is cleared first, so a failed call never leaves it running.
 */
export async function stopTransaction(cp: ChargePoint, connectorId: number, reason: string): Promise<void> {
  const tx = cp.transactions?.[connectorId];
  if (!tx) return;
  const meterStop = Math.round(meterNow(cp, connectorId));
  (cp.meterWh ??= [])[connectorId] = meterStop;
  (cp.transactions as Array<Transaction | undefined>)[connectorId] = undefined;
  const end = meterValuesPayload(connectorId, meterStop, 'Transaction.End').meterValue;
  await cp.call('StopTransaction', { transactionId: tx.id, meterStop, timestamp: new Date().toISOString(), reason, transactionData: end });
  await notify(cp, connectorId, 'Finishing');
  // A ChangeAvailability that was Scheduled during the transaction takes effect now (OCPP 1.6 §5.2).
  const scheduled = cp.scheduledAvailability?.get(connectorId);
  cp.scheduledAvailability?.delete(connectorId);
  await notify(cp, connectorId, scheduled ?? 'Available');
}
