import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { startFirmwareUpdate } from '../firmware/firmware-job.js';
import { sendLogFile } from '../firmware/log-upload.js';
import { retryOf } from '../firmware/plan.js';
import { safeFileName } from '../firmware/transfer.js';
import { later } from '../follow-up.js';

/**
 * UpdateFirmware (OCPP 1.6 §5.16): answered with the empty confirmation; at `retrieveDate` the
 * charge point downloads `location` over HTTP(S) and reports Downloading, Downloaded,
 * Installing, Installed (or DownloadFailed / InstallationFailed), then reboots (firmware-job.ts).
 */
export const updateFirmwareV16: Handler<ChargePoint> = (p, ctx) => {
  const now = Date.now();
  const retrieveAt = Date.parse(String(p.retrieveDate));
  later(ctx, async (cp) => {
    startFirmwareUpdate(cp, {
      location: String(p.location), now, retrieveAt: Number.isFinite(retrieveAt) ? retrieveAt : now, signed: false,
      ...retryOf(p.retries, p.retryInterval),
    });
  });
  return {};
};

/**
 * GetDiagnostics (OCPP 1.6 §5.9): answers the name of the file it will upload, then
 * DiagnosticsStatusNotification Uploading, an HTTP PUT of a generated file to `location`
 * (a directory when it ends in `/`: the name is appended), then Uploaded or UploadFailed.
 */
export const getDiagnosticsV16: Handler<ChargePoint> = (p, ctx) => {
  const fileName = safeFileName(`diagnostics-${ctx.owner.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  later(ctx, (cp) => sendLogFile(cp, {
    location: String(p.location), fileName, what: 'diagnostics', action: 'DiagnosticsStatusNotification', failed: 'UploadFailed',
    ...retryOf(p.retries, p.retryInterval),
  }));
  return { fileName };
};
