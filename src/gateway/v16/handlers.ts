import type { HandlerTable } from '../../protocol/rpc-session.js';
import type { ChargePointRecord } from '../boot-guard.js';
import { nowIso } from '../../clock/now-iso.js';
import { EMPTY, bootNotificationHandler, tokenInfo } from '../common-answers.js';
import type { HandlerDeps } from '../gateway-state.js';

/**
 * The central system's answers to every charge-point-initiated OCPP 1.6 message, core and
 * security whitepaper (brief §3.2–3.9, §3.12); each answer is valid against the 1.6 schema.
 * Every idTag is Accepted (unless the gateway has a list of known tokens), transaction ids come from the gateway's counter, DataTransfer knows
 * no vendor, SignCertificate is Rejected (the gateway runs no PKI). Calls other than
 * BootNotification after a Pending/Rejected boot get SecurityError (`withBootGuard`, applied by the gateway).
 */
export function createV16Handlers(deps: HandlerDeps): HandlerTable<ChargePointRecord> {
  return Object.freeze<HandlerTable<ChargePointRecord>>({
    BootNotification: bootNotificationHandler(deps),
    Heartbeat: () => ({ currentTime: nowIso() }),
    StatusNotification: () => EMPTY,
    Authorize: (payload) => ({ idTagInfo: tokenInfo(deps, payload.idTag) }),
    StartTransaction: (payload) => ({ transactionId: deps.state.nextTransactionId(), idTagInfo: tokenInfo(deps, payload.idTag) }),
    // The CSMS cannot refuse a stop (§4.10); idTagInfo only describes the idTag, when one was sent.
    StopTransaction: (payload) => (payload.idTag === undefined ? EMPTY : { idTagInfo: tokenInfo(deps, payload.idTag) }),
    MeterValues: () => EMPTY,
    DataTransfer: () => ({ status: 'UnknownVendorId' }),
    DiagnosticsStatusNotification: () => EMPTY,
    FirmwareStatusNotification: () => EMPTY,
    SecurityEventNotification: () => EMPTY,
    LogStatusNotification: () => EMPTY,
    SignedFirmwareStatusNotification: () => EMPTY,
    SignCertificate: () => ({ status: 'Rejected' }),
  });
}
