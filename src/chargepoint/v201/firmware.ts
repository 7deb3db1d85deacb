import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { startFirmwareUpdate } from '../firmware/firmware-job.js';
import { sendLogFile } from '../firmware/log-upload.js';
import { retryOf } from '../firmware/plan.js';
import { safeFileName } from '../firmware/transfer.js';
import { later } from '../follow-up.js';

interface FirmwareType { location: string; retrieveDateTime: string; installDateTime?: string; signature?: string }

/**
 * UpdateFirmware (OCPP 2.0.1 L01, the same in 2.1): Accepted, or AcceptedCanceled when it
 * replaces an update still running (L01.FR.24); then the L01 status sequence with the
 * request's `requestId` (firmware/plan.ts), the reboot, and Installed after the new boot.
 */
export const updateFirmwareV201: Handler<ChargePoint> = (p, ctx) => {
  const firmware = p.firmware as FirmwareType;
  const now = Date.now();
  const retrieveAt = Date.parse(firmware.retrieveDateTime);
  const installAt = firmware.installDateTime === undefined ? Number.NaN : Date.parse(firmware.installDateTime);
  const replaced = startFirmwareUpdate(ctx.owner, {
    location: firmware.location, now, retrieveAt: Number.isFinite(retrieveAt) ? retrieveAt : now,
    ...(Number.isFinite(installAt) ? { installAt } : {}), signed: firmware.signature !== undefined,
    requestId: Number(p.requestId), ...retryOf(p.retries, p.retryInterval),
  });
  return { status: replaced ? 'AcceptedCanceled' : 'Accepted' };
};

/**
 * GetLog (OCPP 2.0.1 N01): Accepted with the name of the file; then LogStatusNotification
 * Uploading, an HTTP PUT of a generated log to `log.remoteLocation` (a directory when it ends
 * in `/`), then Uploaded or UploadFailure, each with the request's `requestId`.
 */
export const getLogV201: Handler<ChargePoint> = (p, ctx) => {
  const log = p.log as { remoteLocation: string };
  const logType = String(p.logType);
  const filename = safeFileName(`${logType}-${ctx.owner.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  later(ctx, (cp) => sendLogFile(cp, {
    location: log.remoteLocation, fileName: filename, what: logType, action: 'LogStatusNotification', failed: 'UploadFailure',
    requestId: Number(p.requestId), ...retryOf(p.retries, p.retryInterval),
  }));
  return { status: 'Accepted', filename };
};
