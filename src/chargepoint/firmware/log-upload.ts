import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint } from '../charge-point.js';
import { firmwareSettingsOf, generatedLog, safeFileName, upload, uploadUrl } from './transfer.js';

/** One log upload: where to, under which name, and how to report it. */
export interface LogUpload {
  location: string;
  fileName: string;
  /** `diagnostics` (1.6) or the 2.0.1 logType, written in the file's header. */
  what: string;
  /** DiagnosticsStatusNotification (1.6) or LogStatusNotification (2.0.1). */
  action: 'DiagnosticsStatusNotification' | 'LogStatusNotification';
  /** The failure status of that action: UploadFailed (1.6) or UploadFailure (2.0.1). */
  failed: string;
  /** 2.0.1 requestId, carried in every notification. */
  requestId?: number;
  retries: number;
  retryIntervalMs: number;
}

function sleep(cp: ChargePoint, ms: number): Promise<void> {
  return new Promise((resolve) => { cp.ctx.scheduler.schedule(ms, resolve); });
}

/**
 * Uploads a generated log file of `firmware.logBytes` bytes (1.6 §4.4 and §5.9; 2.0.1 N01):
 * Uploading, an HTTP PUT bounded by `firmware.timeoutMs`, retried `retries` times
 * `retryIntervalMs` apart (both bounded by retryOf), then Uploaded or the failure status. A notification
 * that cannot be sent is recorded as an error.
 */
export async function sendLogFile(cp: ChargePoint, job: LogUpload): Promise<void> {
  const notify = (status: string): Promise<unknown> => {
    const payload: Payload = { status };
    if (job.requestId !== undefined) payload.requestId = job.requestId;
    return cp.call(job.action, payload).catch((error: Error) => cp.ctx.recorder.noteError(cp.id, `${job.action} ${status}: ${error.message}`));
  };
  const settings = firmwareSettingsOf(cp);
  await notify('Uploading');
  const body = generatedLog(cp, job.what, settings.logBytes);
  const url = uploadUrl(job.location, safeFileName(job.fileName));
  const attempts = 1 + job.retries;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(cp, job.retryIntervalMs);
    try {
      await upload(cp, url, body, settings);
      await notify('Uploaded');
      return;
    } catch (error) {
      cp.ctx.recorder.noteError(cp.id, `${job.what} upload: ${(error as Error).message}`);
    }
  }
  await notify(job.failed);
}
