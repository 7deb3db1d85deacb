import type { ChargePoint, Transaction } from '../charge-point.js';
import { nowIso } from '../../clock/now-iso.js';
import { meterNow, powerNow } from '../meter.js';
import { renameQueued, sendTransactionMessage, sendUnlessOffline } from '../offline-link.js';
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
  await sendUnlessOffline(cp, 'StatusNotification', statusPayload(connectorId, status));
}

/** Stand-ins for transaction ids the central system has not given yet: negative, unique per process. */
let standIns = 0;

/**
 * Starts a transaction (OCPP 1.6 §4.8): Preparing, StartTransaction with the register as
 * meterStart (and the reservation it uses up, if any), then Charging. The transaction id is
 * the central system's answer; its idTagInfo goes into the authorization cache. Offline, the
 * StartTransaction waits in the queue and the transaction runs under a negative stand-in id;
 * when the queued StartTransaction is answered, its id replaces the stand-in in the record and
 * in every message of the transaction still queued (the central system knows the transaction
 * by its id alone, so later messages must carry it: 1.6 §4.10 StopTransaction.transactionId).
 */
export async function startTransaction(cp: ChargePoint, connectorId: number, idTag: string): Promise<void> {
  await notify(cp, connectorId, 'Preparing');
  const meterStartWh = Math.round(meterNow(cp, connectorId));
  const reservationId = useReservation(cp, connectorId, idTag);
  const standIn = --standIns;
  const tx: Transaction = { id: standIn, idTag, startedAt: cp.ctx.scheduler.now(), meterStartWh };
  (cp.transactions ??= [])[connectorId] = tx;
  try {
    await sendTransactionMessage(cp, {
      action: 'StartTransaction', role: 'start', tx: standIn,
      payload: { connectorId, idTag, meterStart: meterStartWh, timestamp: nowIso(), ...(reservationId === undefined ? {} : { reservationId }) },
      onAnswer: (answer) => {
        tx.id = Number(answer.transactionId);
        renameQueued(cp, standIn, tx.id);
        rememberIdInfo(cp, idTag, answer.idTagInfo);
      },
    });
  } catch (error) {
    // Answered with an error or never: no transaction runs.
    if (cp.transactions[connectorId] === tx) cp.transactions[connectorId] = undefined;
    throw error;
  }
  await notify(cp, connectorId, 'Charging');
}

/**
 * A sampled reading of the transaction on `connectorId` (OCPP 1.6 §4.7, MeterValues with its
 * transactionId): a transaction-related message, queued while offline; nothing without one.
 */
export async function transactionMeterValues(cp: ChargePoint, connectorId: number, context: string): Promise<void> {
  const tx = cp.transactions?.[connectorId];
  if (!tx) return;
  await sendTransactionMessage(cp, {
    action: 'MeterValues', role: 'update', tx: tx.id, payload: meterValuesPayload(connectorId, meterNow(cp, connectorId), context, tx.id, powerNow(cp, connectorId)),
  });
}

/**
 * Stops the transaction on `connectorId` (OCPP 1.6 §4.10) with `reason`: the register is
 * carried forward, StopTransaction with meterStop and a Transaction.End reading (queued while
 * offline), then Finishing → Available. The local record is cleared first, so a failed call
 * never leaves it running.
 */
export async function stopTransaction(cp: ChargePoint, connectorId: number, reason: string): Promise<void> {
  const tx = cp.transactions?.[connectorId];
  if (!tx) return;
  const meterStop = Math.round(meterNow(cp, connectorId));
  (cp.meterWh ??= [])[connectorId] = meterStop;
  (cp.transactions as Array<Transaction | undefined>)[connectorId] = undefined;
  const end = meterValuesPayload(connectorId, meterStop, 'Transaction.End').meterValue;
  await sendTransactionMessage(cp, {
    action: 'StopTransaction', role: 'end', tx: tx.id,
    payload: { transactionId: tx.id, meterStop, timestamp: nowIso(), reason, transactionData: end },
  });
  await notify(cp, connectorId, 'Finishing');
  // A ChangeAvailability that was Scheduled during the transaction takes effect now (OCPP 1.6 §5.2).
  const scheduled = cp.scheduledAvailability?.get(connectorId);
  cp.scheduledAvailability?.delete(connectorId);
  await notify(cp, connectorId, scheduled ?? 'Available');
}
