import type { Payload } from '../../protocol/frame.js';
import type { HandlerTable } from '../../protocol/rpc-session.js';
import type { ChargePointRecord } from '../boot-guard.js';
import { nowIso } from '../../clock/now-iso.js';
import { EMPTY } from '../common-answers.js';
import type { HandlerDeps } from '../gateway-state.js';
import { createV201Handlers } from '../v201/handlers.js';

type StatusRequest = { source: string; certificateHashData: Payload };

/**
 * The CSMS's answers to every station-initiated OCPP 2.1 message, each valid against the 2.1
 * schema: the 2.0.1 answers (the same handlers, 2.1 kept those messages compatible) plus the
 * messages 2.1 adds. Periodic event streams are Accepted and their NotifyPeriodicEventStream
 * SENDs taken (counted by the session, never answered); the gateway runs no PKI (certificate
 * chain status Unknown), no DER or dynamic-schedule control (Rejected) and no VAT register (Rejected).
 */
export function createV21Handlers(deps: HandlerDeps): HandlerTable<ChargePointRecord> {
  return Object.freeze<HandlerTable<ChargePointRecord>>({
    ...createV201Handlers(deps),
    OpenPeriodicEventStream: () => ({ status: 'Accepted' }),
    NotifyPeriodicEventStream: () => EMPTY,
    ClosePeriodicEventStream: () => EMPTY,
    BatterySwap: () => EMPTY,
    NotifyDERAlarm: () => EMPTY,
    NotifyDERStartStop: () => EMPTY,
    ReportDERControl: () => EMPTY,
    NotifyPriorityCharging: () => EMPTY,
    NotifySettlement: () => EMPTY,
    PullDynamicScheduleUpdate: () => ({ status: 'Rejected' }),
    VatNumberValidation: (payload) => ({ vatNumber: String(payload.vatNumber), status: 'Rejected' }),
    GetCertificateChainStatus: (payload) => ({
      certificateStatus: (payload.certificateStatusRequests as StatusRequest[]).map(({ source, certificateHashData }) => ({
        source, certificateHashData, status: 'Unknown', nextUpdate: nowIso(),
      })),
    }),
  });
}
