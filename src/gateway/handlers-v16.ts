import type { Payload } from '../protocol/frame.js';
import type { HandlerTable } from '../protocol/rpc-session.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { HandlerDeps } from './gateway-state.js';

/** Current time as an ISO 8601 UTC string ending in `Z` (the brief §2.6: always emit UTC). */
const nowIso = (): string => new Date().toISOString();

const EMPTY: Payload = Object.freeze({});
const ACCEPTED_ID_TAG = Object.freeze({ status: 'Accepted' });

/**
 * The central system's answers to every charge-point-initiated OCPP 1.6 message, core and
 * security whitepaper (brief §3.2–3.9, §3.12); each answer is valid against the 1.6 schema.
 * Every idTag is Accepted, transaction ids come from the gateway's counter, DataTransfer knows
 * no vendor, SignCertificate is Rejected (the gateway runs no PKI). Calls other than
 * BootNotification after a Pending/Rejected boot get SecurityError (`withBootGuard`, applied by the gateway).
 */
export function createV16Handlers({ chooseBootStatus, heartbeatIntervalSec, state }: HandlerDeps): HandlerTable<ChargePointRecord> {
  return Object.freeze<HandlerTable<ChargePointRecord>>({
    BootNotification: (_payload, ctx) => {
      const bootStatus = chooseBootStatus();
      ctx.owner.bootStatus = bootStatus;
      state.recordBoot(ctx.owner.id, bootStatus);
      // Not Accepted: `interval` is the wait before the next BootNotification (§4.2).
      return { status: bootStatus, currentTime: nowIso(), interval: heartbeatIntervalSec };
    },
    Heartbeat: () => ({ currentTime: nowIso() }),
    StatusNotification: () => EMPTY,
    Authorize: () => ({ idTagInfo: ACCEPTED_ID_TAG }),
    StartTransaction: () => ({ transactionId: state.nextTransactionId(), idTagInfo: ACCEPTED_ID_TAG }),
    // The CSMS cannot refuse a stop (§4.10); idTagInfo only describes the idTag, when one was sent.
    StopTransaction: (payload) => (payload.idTag === undefined ? EMPTY : { idTagInfo: ACCEPTED_ID_TAG }),
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
