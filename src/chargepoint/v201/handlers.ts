import { OcppError } from '../../protocol/errors.js';
import type { Payload } from '../../protocol/frame.js';
import type { CallContext, Handler, HandlerTable } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { later } from '../follow-up.js';
import { answerRemoteStart } from '../remote-start.js';
import { INSTALL_V201, SMART_CHARGING_V201, remoteStartProfileV201 } from './smart-charging.js';
import { firmwareStatusOf } from '../firmware/firmware-job.js';
import { clearAuthCache } from '../local-auth/local-auth.js';
import { getLogV201, updateFirmwareV201 } from './firmware.js';
import { getLocalListVersionV201, sendLocalListV201 } from './local-list.js';
import { cancelReservationHandler } from '../reservations/handlers.js';
import { reserveNowV201 } from './reservations.js';
import { ITEMS_PER_MESSAGE, baseReport, getVariables, setVariables } from './device-model.js';
import { nowIso } from '../../clock/now-iso.js';
import { CONNECTOR_OF_EVSE, bootRequestV201, meterValuesRequestV201, statusRequestV201 } from './payloads.js';
import { meterNow } from '../meter.js';
import {
  evseOfTransaction, setStatus, startTransactionV201, stopTransactionV201, transactionOn, updateTransactionV201, whenFree,
} from './transactions.js';

type Ctx = CallContext<ChargePoint>;
type EvseRef = { id: number; connectorId?: number } | undefined;

/** EVSE ids 1..N of the station. */
const evseIds = (cp: ChargePoint): number[] => [...cp.connectorStatus.keys()].slice(1);

const validEvse = (cp: ChargePoint, id: unknown): id is number => typeof id === 'number' && id >= 1 && id < cp.connectorStatus.length;

/** The EVSEs an optional EVSEType names: all for none or id 0; undefined for one that does not exist. */
function evsesOf(cp: ChargePoint, evse: EvseRef): number[] | undefined {
  if (evse === undefined || evse.id === 0) return evse?.connectorId === undefined ? evseIds(cp) : undefined;
  if (!validEvse(cp, evse.id) || (evse.connectorId ?? CONNECTOR_OF_EVSE) !== CONNECTOR_OF_EVSE) return undefined;
  return [evse.id];
}

async function eachEvse(ids: readonly number[], send: (evseId: number) => Promise<unknown>): Promise<void> {
  for (const id of ids) await send(id);
}

/** TriggerMessage (OCPP 2.0.1 F06): what each requestedMessage sends, for the EVSEs asked for. */
const TRIGGERS: Record<string, (cp: ChargePoint, evses: readonly number[]) => Promise<unknown>> = {
  BootNotification: async (cp) => {
    const answer = await cp.call('BootNotification', bootRequestV201(cp.bootProfile, 'Triggered'));
    if (answer.status !== 'Accepted') return;
    if (typeof answer.interval === 'number' && answer.interval > 0) cp.heartbeatIntervalSec = answer.interval;
    cp.booted();
  },
  Heartbeat: (cp) => cp.call('Heartbeat', {}),
  StatusNotification: (cp, evses) => eachEvse(evses, (id) => cp.call('StatusNotification', statusRequestV201(id, cp.connectorStatus[id] ?? 'Available'))),
  MeterValues: (cp, evses) => eachEvse(evses, (id) => cp.call('MeterValues', meterValuesRequestV201(id, meterNow(cp, id), 'Trigger'))),
  TransactionEvent: (cp, evses) => eachEvse(evses, (id) => updateTransactionV201(cp, id, 'Trigger', 'Trigger')),
  FirmwareStatusNotification: (cp) => cp.call('FirmwareStatusNotification', firmwareStatusOf(cp) ?? { status: 'Idle' }),
  LogStatusNotification: (cp) => cp.call('LogStatusNotification', { status: 'Idle' }),
};

/** reportData entries per NotifyReport: a report larger than this is split, numbered by seqNo with tbc (B07). */
const REPORT_ENTRIES_PER_MESSAGE = 10;

/** The 2.0.1 answers before the boot guard; 2.1 answers with the same table and adds its own actions. */
export const TABLE_V201: Readonly<Record<string, Handler<ChargePoint>>> = {
  GetVariables: (p, ctx) => {
    const entries = p.getVariableData as Parameters<typeof getVariables>[1];
    if (entries.length > ITEMS_PER_MESSAGE) throw new OcppError('OccurrenceConstraintViolation', `at most ${ITEMS_PER_MESSAGE} getVariableData entries per message`);
    return { getVariableResult: getVariables(ctx.owner, entries) };
  },
  SetVariables: (p, ctx) => {
    const entries = p.setVariableData as Parameters<typeof setVariables>[1];
    if (entries.length > ITEMS_PER_MESSAGE) throw new OcppError('OccurrenceConstraintViolation', `at most ${ITEMS_PER_MESSAGE} setVariableData entries per message`);
    return { setVariableResult: setVariables(ctx.owner, entries) };
  },

  GetBaseReport: (p, ctx) => {
    const reportData = baseReport(ctx.owner, String(p.reportBase));
    if (!reportData) return { status: 'NotSupported' };
    if (reportData.length === 0) return { status: 'EmptyResultSet' };
    const requestId = p.requestId as number;
    const generatedAt = nowIso();
    // B07: the report follows the answer in NotifyReports numbered by seqNo, tbc on all but the last.
    later(ctx, async (cp) => {
      const parts = Math.ceil(reportData.length / REPORT_ENTRIES_PER_MESSAGE);
      for (let seqNo = 0; seqNo < parts; seqNo++) {
        const chunk = reportData.slice(seqNo * REPORT_ENTRIES_PER_MESSAGE, (seqNo + 1) * REPORT_ENTRIES_PER_MESSAGE);
        await cp.call('NotifyReport', { requestId, generatedAt, seqNo, tbc: seqNo < parts - 1, reportData: chunk });
      }
    });
    return { status: 'Accepted' };
  },

  RequestStartTransaction: (p, ctx) => {
    // Before an Accepted boot a station sends nothing but BootNotification (B02), so no transaction either.
    if (ctx.owner.state !== 'accepted') return { status: 'Rejected' };
    const idToken = p.idToken as { idToken: string; type: string };
    const remoteStartId = p.remoteStartId as number;
    // A chargingProfile given must be a TxProfile; it applies to the transaction started (F01, K05).
    return answerRemoteStart(ctx, {
      target: p.evseId, idTag: idToken.idToken, tokenType: idToken.type, profile: remoteStartProfileV201(ctx.owner, p.chargingProfile), install: INSTALL_V201,
      start: (cp, evseId) => startTransactionV201(cp, evseId, idToken.idToken, { triggerReason: 'RemoteStart', remoteStartId, tokenType: idToken.type }),
    });
  },

  RequestStopTransaction: (p, ctx) => {
    const evseId = evseOfTransaction(ctx.owner, String(p.transactionId));
    if (evseId === undefined) return { status: 'Rejected' };
    later(ctx, (cp) => stopTransactionV201(cp, evseId, 'Remote'));
    return { status: 'Accepted' };
  },

  GetTransactionStatus: (p, ctx) => {
    // Nothing is ever queued: messages go out at once or fail.
    if (p.transactionId === undefined) return { messagesInQueue: false };
    return { ongoingIndicator: evseOfTransaction(ctx.owner, String(p.transactionId)) !== undefined, messagesInQueue: false };
  },

  Reset: (p, ctx) => {
    const cp = ctx.owner;
    // Resetting a single EVSE is optional (B11/B12) and not simulated.
    if (p.evseId !== undefined) return { status: 'Rejected' };
    const busy = evseIds(cp).some((id) => cp.transactions?.[id]);
    if (p.type === 'OnIdle' && busy) {
      // B12.FR.01: an OnIdle reset waits for the transactions to end.
      whenFree(cp, evseIds(cp), () => cp.reconnect('Reset OnIdle'));
      return { status: 'Scheduled' };
    }
    later(ctx, async (owner) => {
      for (const id of evseIds(owner)) await stopTransactionV201(owner, id, 'ImmediateReset');
      owner.reconnect(`Reset ${String(p.type)}`);
    });
    return { status: 'Accepted' };
  },

  TriggerMessage: (p, ctx) => {
    const requested = String(p.requestedMessage);
    const trigger = Object.hasOwn(TRIGGERS, requested) ? TRIGGERS[requested] : undefined;
    if (!trigger) return { status: 'NotImplemented' };
    // F06.FR.17: a BootNotification is not triggered once the boot was Accepted.
    if (requested === 'BootNotification' && ctx.owner.state === 'accepted') return { status: 'Rejected' };
    const evses = evsesOf(ctx.owner, p.evse as EvseRef);
    if (!evses) return { status: 'Rejected' };
    if (requested === 'TransactionEvent' && p.evse !== undefined && !evses.some((id) => transactionOn(ctx.owner, id))) return { status: 'Rejected' };
    later(ctx, (cp) => trigger(cp, evses));
    return { status: 'Accepted' };
  },

  ChangeAvailability: (p, ctx) => {
    const cp = ctx.owner;
    const evses = evsesOf(cp, p.evse as EvseRef);
    if (!evses) return { status: 'Rejected' };
    const target = p.operationalStatus === 'Inoperative' ? 'Unavailable' : 'Available';
    const wholeStation = p.evse === undefined || (p.evse as { id: number }).id === 0;
    const apply = (owner: ChargePoint): Promise<void> => {
      if (wholeStation) owner.connectorStatus[0] = target;
      return eachEvse(evses.filter((id) => owner.connectorStatus[id] !== target), (id) => setStatus(owner, id, target));
    };
    // G03.FR.05: an EVSE with a transaction changes once the transaction has ended.
    if (evses.some((id) => cp.transactions?.[id])) {
      whenFree(cp, evses, () => { void apply(cp).catch(() => {}); });
      return { status: 'Scheduled' };
    }
    later(ctx, apply);
    return { status: 'Accepted' };
  },

  UnlockConnector: (p, ctx) => {
    if (!validEvse(ctx.owner, p.evseId) || p.connectorId !== CONNECTOR_OF_EVSE) return { status: 'UnknownConnector' };
    // F05.FR.02: a connector with an authorized transaction stays locked.
    if (ctx.owner.transactions?.[p.evseId]) return { status: 'OngoingAuthorizedTransaction' };
    return { status: 'Unlocked' };
  },

  ClearCache: (_p, ctx) => ({ status: clearAuthCache(ctx.owner) }),
  UpdateFirmware: updateFirmwareV201,
  GetLog: getLogV201,
  ReserveNow: reserveNowV201,
  CancelReservation: cancelReservationHandler,
  SendLocalList: sendLocalListV201,
  GetLocalListVersion: getLocalListVersionV201,
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
  ...SMART_CHARGING_V201,
};

/**
 * A station's handler table from `table`: while its boot is Rejected the station answers every
 * CALL but TriggerMessage(BootNotification) with SecurityError (2.0.1 B03.FR.08, errata; the same
 * in 2.1): unlike 1.6, it does not stay silent.
 */
export function stationHandlers(table: Readonly<Record<string, Handler<ChargePoint>>>): HandlerTable<ChargePoint> {
  return Object.freeze(Object.fromEntries(
    Object.entries(table).map(([action, handler]) => [action, (payload: Payload, ctx: Ctx) => {
      if (ctx.owner.state === 'rejected' && !(action === 'TriggerMessage' && payload.requestedMessage === 'BootNotification')) {
        throw new OcppError('SecurityError', `${action} refused: the CSMS rejected this station's BootNotification (B03.FR.08)`);
      }
      return handler(payload, ctx);
    }]),
  ));
}

/**
 * How a 2.0.1 charging station answers the CSMS (OCPP 2.0.1 B, E, F, G). Actions of the 2.0.1
 * schema set not listed here get NotSupported, unknown ones NotImplemented (from the session).
 */
export const handlersV201: HandlerTable<ChargePoint> = stationHandlers(TABLE_V201);
