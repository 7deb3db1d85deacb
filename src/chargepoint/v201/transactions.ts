import { randomUUID } from 'node:crypto';
import type { Payload } from '../../protocol/frame.js';
import { nowIso } from '../../clock/now-iso.js';
import type { ChargePoint, Transaction } from '../charge-point.js';
import { CONNECTOR_OF_EVSE, connectorStatusOf, endTriggerOf, energyReading, statusRequestV201, stoppedReasonOf } from './payloads.js';
import { meterNow, powerNow } from '../meter.js';
import { rememberIdInfo } from '../local-auth/local-auth.js';
import { useReservation } from '../reservations/reservations.js';
import { sendTransactionMessage, sendUnlessOffline } from '../offline-link.js';

/**
 * A 2.0.1 transaction: the station makes its id (OCPP 2.0.1 E01), a string of at most 36
 * characters, and numbers each of its TransactionEvents with `seqNo`. `id` (the 1.6 field) is
 * a local counter only, never sent.
 */
export interface TransactionV201 extends Transaction {
  transactionId: string;
  /** seqNo of the last TransactionEvent sent for this transaction: 0 for Started. */
  seqNo: number;
  /** IdTokenEnumType of `idTag`. */
  tokenType: string;
  remoteStartId: number | undefined;
}

/** How a transaction starts: on a local authorization (default) or on RequestStartTransaction. */
export interface StartOptions {
  triggerReason?: 'Authorized' | 'RemoteStart';
  remoteStartId?: number;
  tokenType?: string;
}

let localIds = 0;

function isV201(tx: Transaction | undefined): tx is TransactionV201 {
  return tx !== undefined && typeof (tx as Partial<TransactionV201>).transactionId === 'string';
}

/** The 2.0.1 transaction running on EVSE `evseId`, if any. */
export function transactionOn(cp: ChargePoint, evseId: number): TransactionV201 | undefined {
  const tx = cp.transactions?.[evseId];
  return isV201(tx) ? tx : undefined;
}

/** The EVSE whose transaction has `transactionId`, or undefined. */
export function evseOfTransaction(cp: ChargePoint, transactionId: string): number | undefined {
  const index = cp.transactions?.findIndex((tx) => isV201(tx) && tx.transactionId === transactionId) ?? -1;
  return index > 0 ? index : undefined;
}

/** Records `status` (1.6 terms) and sends a StatusNotification only when the 2.0.1 connectorStatus changes. */
export async function setStatus(cp: ChargePoint, evseId: number, status: string): Promise<void> {
  const before = cp.connectorStatus[evseId];
  cp.connectorStatus[evseId] = status;
  if (before !== undefined && connectorStatusOf(before) === connectorStatusOf(status)) return;
  await sendUnlessOffline(cp, 'StatusNotification', statusRequestV201(evseId, status));
}

const idleWaiters = new WeakMap<ChargePoint, Array<{ evseIds: readonly number[]; run: () => void }>>();

/** Runs `run` once no EVSE of `evseIds` has a transaction: now, or after the stop that frees the last one. */
export function whenFree(cp: ChargePoint, evseIds: readonly number[], run: () => void): void {
  if (evseIds.every((id) => !cp.transactions?.[id])) {
    run();
    return;
  }
  const waiting = idleWaiters.get(cp) ?? [];
  waiting.push({ evseIds, run });
  idleWaiters.set(cp, waiting);
}

function wakeIdleWaiters(cp: ChargePoint): void {
  const waiting = idleWaiters.get(cp);
  if (!waiting) return;
  const ready = waiting.filter((w) => w.evseIds.every((id) => !cp.transactions?.[id]));
  idleWaiters.set(cp, waiting.filter((w) => !ready.includes(w)));
  for (const waiter of ready) waiter.run();
}

function transactionEvent(tx: TransactionV201, evseId: number, fields: Payload, transactionInfo: Payload): Payload {
  return {
    timestamp: nowIso(),
    seqNo: tx.seqNo,
    ...fields,
    transactionInfo: { transactionId: tx.transactionId, ...transactionInfo },
    evse: { id: evseId, connectorId: CONNECTOR_OF_EVSE },
  };
}

/**
 * Starts a transaction on EVSE `evseId` (OCPP 2.0.1 E01/F01): the record exists before the first
 * await, so a second start on the same EVSE sees it; then Occupied, then TransactionEvent
 * Started (seqNo 0, the register as a Transaction.Begin reading). An idTokenInfo other than
 * Accepted in the answer ends the transaction again (DeAuthorized, E05).
 */
export async function startTransactionV201(cp: ChargePoint, evseId: number, idTag: string, how: StartOptions = {}): Promise<void> {
  if (cp.transactions?.[evseId]) return;
  const meterStartWh = Math.round(meterNow(cp, evseId));
  const tx: TransactionV201 = {
    id: ++localIds, idTag, startedAt: cp.ctx.scheduler.now(), meterStartWh,
    transactionId: randomUUID(), seqNo: 0, tokenType: how.tokenType ?? 'ISO14443', remoteStartId: how.remoteStartId,
  };
  (cp.transactions ??= [])[evseId] = tx;
  await setStatus(cp, evseId, 'Preparing');
  const info: Payload = { chargingState: 'Charging' };
  if (tx.remoteStartId !== undefined) info.remoteStartId = tx.remoteStartId;
  const reservationId = useReservation(cp, evseId, idTag);
  const answer = await sendTransactionMessage(cp, {
    action: 'TransactionEvent', role: 'start', tx: tx.transactionId,
    payload: transactionEvent(tx, evseId, {
      eventType: 'Started',
      triggerReason: how.triggerReason ?? 'Authorized',
      idToken: { idToken: idTag, type: tx.tokenType },
      meterValue: [energyReading(meterStartWh, 'Transaction.Begin')],
      ...(reservationId === undefined ? {} : { reservationId }),
    }, info),
    onAnswer: (response) => rememberIdInfo(cp, idTag, response.idTokenInfo),
  });
  await setStatus(cp, evseId, 'Charging');
  // Queued offline: the answer comes with the flush, too late to refuse the start here (E04 lets it run).
  const status = (answer?.idTokenInfo as { status?: unknown } | undefined)?.status;
  if (status !== undefined && status !== 'Accepted' && transactionOn(cp, evseId) === tx) await stopTransactionV201(cp, evseId, 'DeAuthorized');
}

/** TransactionEvent Updated for the transaction on `evseId` with the register now (OCPP 2.0.1 E02); nothing without one. */
export async function updateTransactionV201(cp: ChargePoint, evseId: number, triggerReason: string, context: string): Promise<void> {
  const tx = transactionOn(cp, evseId);
  if (!tx) return;
  tx.seqNo++;
  await sendTransactionMessage(cp, {
    action: 'TransactionEvent', role: 'update', tx: tx.transactionId,
    payload: transactionEvent(tx, evseId, { eventType: 'Updated', triggerReason, meterValue: [energyReading(meterNow(cp, evseId), context, powerNow(cp, evseId))] }, { chargingState: 'Charging' }),
  });
}

/** The triggerReason of an Updated event carrying a reading taken in `context` (J02, J01). */
const METER_TRIGGER: Readonly<Record<string, string>> = Object.freeze({ 'Sample.Periodic': 'MeterValuePeriodic', 'Sample.Clock': 'MeterValueClock', Trigger: 'Trigger' });

/** A reading of the transaction on `evseId` as TransactionEvent Updated (J02: transaction meter values travel there); nothing without one. */
export function transactionMeterValuesV201(cp: ChargePoint, evseId: number, context: string): Promise<void> {
  return updateTransactionV201(cp, evseId, Object.hasOwn(METER_TRIGGER, context) ? (METER_TRIGGER[context] as string) : 'MeterValuePeriodic', context);
}

/**
 * Ends the transaction on `evseId` (OCPP 2.0.1 E06) with a reason in 1.6 or 2.0.1 terms: the
 * register is carried forward, the local record cleared first (a failed call never leaves it
 * running), then TransactionEvent Ended (next seqNo, stoppedReason, Transaction.End reading)
 * and Available. Waiters of `whenFree` run afterwards.
 */
export async function stopTransactionV201(cp: ChargePoint, evseId: number, reason: string): Promise<void> {
  const tx = transactionOn(cp, evseId);
  if (!tx) return;
  const meterStopWh = Math.round(meterNow(cp, evseId));
  (cp.meterWh ??= [])[evseId] = meterStopWh;
  (cp.transactions as Array<Transaction | undefined>)[evseId] = undefined;
  tx.seqNo++;
  const stoppedReason = stoppedReasonOf(reason);
  const triggerReason = endTriggerOf(stoppedReason);
  const fields: Payload = { eventType: 'Ended', triggerReason, meterValue: [energyReading(meterStopWh, 'Transaction.End')] };
  // A local stop is a presented idToken (E06 StopAuthorized); other stops carry none.
  if (triggerReason === 'StopAuthorized') fields.idToken = { idToken: tx.idTag, type: tx.tokenType };
  const timeSpentCharging = Math.max(0, Math.round((cp.ctx.scheduler.now() - tx.startedAt) / 1000));
  try {
    await sendTransactionMessage(cp, { action: 'TransactionEvent', role: 'end', tx: tx.transactionId, payload: transactionEvent(tx, evseId, fields, { stoppedReason, timeSpentCharging }) });
    await setStatus(cp, evseId, 'Finishing');
    await setStatus(cp, evseId, 'Available');
  } finally {
    wakeIdleWaiters(cp);
  }
}
