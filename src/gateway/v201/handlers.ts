import type { Payload } from '../../protocol/frame.js';
import type { HandlerTable } from '../../protocol/rpc-session.js';
import type { ChargePointRecord } from '../boot-guard.js';
import { nowIso } from '../../clock/now-iso.js';
import { EMPTY, bootNotificationHandler, tokenInfo } from '../common-answers.js';
import type { HandlerDeps } from '../gateway-state.js';

/** The token text of an IdTokenType field `idToken`. */
const idTokenOf = (payload: Payload): unknown => (payload.idToken as { idToken?: unknown } | undefined)?.idToken;

/**
 * The CSMS's answers to every station-initiated OCPP 2.0.1 message; each answer is valid
 * against the 2.0.1 schema. Every idToken is Accepted (unless the gateway has a list of known tokens), DataTransfer knows no vendor, the
 * gateway runs no PKI (SignCertificate Rejected, certificate look-ups Failed) and no smart
 * charging (NotifyEVChargingNeeds Rejected). Calls other than BootNotification after a
 * Pending/Rejected boot get SecurityError (B02.FR.09, B03.FR.07; `withBootGuard`, applied by the gateway).
 */
export function createV201Handlers(deps: HandlerDeps): HandlerTable<ChargePointRecord> {
  return Object.freeze<HandlerTable<ChargePointRecord>>({
    BootNotification: bootNotificationHandler(deps),
    Heartbeat: () => ({ currentTime: nowIso() }),
    StatusNotification: () => EMPTY,
    Authorize: (payload) => ({ idTokenInfo: tokenInfo(deps, idTokenOf(payload)) }),
    // The station makes the transaction id; idTokenInfo only describes an idToken that was sent (E01–E07).
    TransactionEvent: (payload) => (payload.idToken === undefined ? EMPTY : { idTokenInfo: tokenInfo(deps, idTokenOf(payload)) }),
    MeterValues: () => EMPTY,
    NotifyReport: () => EMPTY,
    NotifyEvent: () => EMPTY,
    NotifyMonitoringReport: () => EMPTY,
    NotifyChargingLimit: () => EMPTY,
    ClearedChargingLimit: () => EMPTY,
    NotifyCustomerInformation: () => EMPTY,
    NotifyDisplayMessages: () => EMPTY,
    NotifyEVChargingNeeds: () => ({ status: 'Rejected' }),
    NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
    ReportChargingProfiles: () => EMPTY,
    ReservationStatusUpdate: () => EMPTY,
    SecurityEventNotification: () => EMPTY,
    FirmwareStatusNotification: () => EMPTY,
    PublishFirmwareStatusNotification: () => EMPTY,
    LogStatusNotification: () => EMPTY,
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
    SignCertificate: () => ({ status: 'Rejected' }),
    GetCertificateStatus: () => ({ status: 'Failed' }),
    Get15118EVCertificate: () => ({ status: 'Failed', exiResponse: '' }),
  });
}
