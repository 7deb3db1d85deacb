import type { Payload } from '../../protocol/frame.js';
import { NO_REPLY, type CallContext, type Handler, type HandlerTable } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { later } from '../follow-up.js';
import { answerRemoteStart } from '../remote-start.js';
import { INSTALL_V16, SMART_CHARGING_V16, remoteStartProfileV16 } from './smart-charging.js';
import { firmwareStatusOf } from '../firmware/firmware-job.js';
import { clearAuthCache } from '../local-auth/local-auth.js';
import { getDiagnosticsV16, updateFirmwareV16 } from './firmware.js';
import { getLocalListVersionV16, sendLocalListV16 } from './local-list.js';
import { cancelReservationHandler } from '../reservations/handlers.js';
import { reserveNowV16 } from './reservations.js';
import { changeConfiguration, getConfiguration } from './config.js';
import { bootPayload, meterValuesPayload, statusPayload } from './payloads.js';
import { meterNow, powerNow } from '../meter.js';
import { startTransaction, stopTransaction, transactionById } from './transactions.js';

type Ctx = CallContext<ChargePoint>;

function validConnector(cp: ChargePoint, connectorId: unknown, allowZero: boolean): connectorId is number {
  return typeof connectorId === 'number' && connectorId >= (allowZero ? 0 : 1) && connectorId < cp.connectorStatus.length;
}

const TRIGGERS: Record<string, (cp: ChargePoint, connectorId: number | undefined) => Promise<unknown>> = {
  BootNotification: (cp) => cp.call('BootNotification', bootPayload(cp.bootProfile)),
  Heartbeat: (cp) => cp.call('Heartbeat', {}),
  DiagnosticsStatusNotification: (cp) => cp.call('DiagnosticsStatusNotification', { status: 'Idle' }),
  FirmwareStatusNotification: (cp) => cp.call('FirmwareStatusNotification', { status: firmwareStatusOf(cp)?.status ?? 'Idle' }),
  MeterValues: (cp, id) => cp.call('MeterValues', meterValuesPayload(id ?? 0, meterNow(cp, id ?? 0), 'Trigger', cp.transactions?.[id ?? 0]?.id, powerNow(cp, id ?? 0))),
  // Without a connectorId: the charge point and every connector (OCPP 1.6 §5.17).
  StatusNotification: async (cp, id) => {
    for (const connectorId of id === undefined ? cp.connectorStatus.keys() : [id]) {
      await cp.call('StatusNotification', statusPayload(connectorId, cp.connectorStatus[connectorId] ?? 'Available'));
    }
  },
};

const table: Record<string, Handler<ChargePoint>> = {
  GetConfiguration: (p, ctx) => getConfiguration(ctx.owner, (p.key as string[] | undefined) ?? []) as unknown as Payload,
  ChangeConfiguration: (p, ctx) => ({ status: changeConfiguration(ctx.owner, String(p.key), String(p.value)) }),
  ClearCache: (_p, ctx) => ({ status: clearAuthCache(ctx.owner) }),
  DataTransfer: () => ({ status: 'UnknownVendorId' }),
  ...SMART_CHARGING_V16,

  Reset: (p, ctx) => {
    const reason = p.type === 'Hard' ? 'HardReset' : 'SoftReset';
    later(ctx, async (cp) => {
      for (const [connectorId, tx] of (cp.transactions ?? []).entries()) if (tx) await stopTransaction(cp, connectorId, reason);
      cp.reconnect(`${reason}`);
    });
    return { status: 'Accepted' };
  },

  TriggerMessage: (p, ctx) => {
    const trigger = TRIGGERS[String(p.requestedMessage)];
    if (!trigger) return { status: 'NotImplemented' };
    const connectorId = validConnector(ctx.owner, p.connectorId, true) ? p.connectorId : undefined;
    later(ctx, (cp) => trigger(cp, connectorId));
    return { status: 'Accepted' };
  },

  ChangeAvailability: (p, ctx) => {
    const cp = ctx.owner;
    if (!validConnector(cp, p.connectorId, true)) return { status: 'Rejected' };
    const target = p.type === 'Inoperative' ? 'Unavailable' : 'Available';
    const ids = p.connectorId === 0 ? [...cp.connectorStatus.keys()] : [p.connectorId];
    // A connector with a transaction changes after it ends: Scheduled (OCPP 1.6 §5.2); the rest change now.
    const busy = ids.filter((id) => cp.transactions?.[id]);
    for (const id of busy) (cp.scheduledAvailability ??= new Map()).set(id, target);
    const changed = ids.filter((id) => !cp.transactions?.[id] && cp.connectorStatus[id] !== target);
    later(ctx, async (owner) => {
      for (const id of changed) {
        owner.connectorStatus[id] = target;
        await owner.call('StatusNotification', statusPayload(id, target));
      }
    });
    return { status: busy.length > 0 ? 'Scheduled' : 'Accepted' };
  },

  // A chargingProfile given must be a TxProfile; it applies to the transaction started (§5.11).
  RemoteStartTransaction: (p, ctx) => answerRemoteStart(ctx, {
    target: p.connectorId, idTag: String(p.idTag), profile: remoteStartProfileV16(ctx.owner, p.chargingProfile), install: INSTALL_V16,
    start: (cp, connectorId) => startTransaction(cp, connectorId, String(p.idTag)),
  }),

  RemoteStopTransaction: (p, ctx) => {
    const connectorId = transactionById(ctx.owner, Number(p.transactionId));
    if (connectorId === undefined) return { status: 'Rejected' };
    later(ctx, (cp) => stopTransaction(cp, connectorId, 'Remote'));
    return { status: 'Accepted' };
  },

  UpdateFirmware: updateFirmwareV16,
  GetDiagnostics: getDiagnosticsV16,
  ReserveNow: reserveNowV16,
  CancelReservation: cancelReservationHandler,
  SendLocalList: sendLocalListV16,
  GetLocalListVersion: getLocalListVersionV16,

  UnlockConnector: (p, ctx) => {
    // An unknown connector is NotSupported (OCPP 1.6 errata §3.85); a running transaction stops first.
    if (!validConnector(ctx.owner, p.connectorId, false)) return { status: 'NotSupported' };
    const connectorId = p.connectorId;
    if (ctx.owner.transactions?.[connectorId]) later(ctx, (cp) => stopTransaction(cp, connectorId, 'UnlockCommand'));
    return { status: 'Unlocked' };
  },
};

/**
 * How a 1.6 charge point answers the central system (OCPP 1.6 §5). Actions of the 1.6 schema
 * set not listed here get NotSupported, unknown ones NotImplemented (from the session). While
 * the charge point's boot is Rejected it answers nothing at all (OCPP 1.6 §4.2).
 */
export const handlersV16: HandlerTable<ChargePoint> = Object.freeze(Object.fromEntries(
  Object.entries(table).map(([action, handler]) => [action, (payload: Payload, ctx: Ctx) => {
    if (ctx.owner.state === 'rejected') return NO_REPLY;
    return handler(payload, ctx);
  }]),
));

