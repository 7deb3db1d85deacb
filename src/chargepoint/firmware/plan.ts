import type { OcppVersion } from '../../protocol/versions.js';

/** How a simulated firmware update and log upload behave: the scenario's `firmware:` block, defaults in DEFAULT_FIRMWARE. */
export interface FirmwareSettings {
  /** Time spent in Downloading at least, in ms, on top of the real download. */
  downloadMs: number;
  /** Time spent in Installing, in ms. */
  installMs: number;
  /** Share of installations that end in InstallationFailed, 0..1, drawn from the charge point's seeded PRNG. */
  failureRatio: number;
  /** Largest firmware a download accepts, in bytes; more is DownloadFailed. */
  maxBytes: number;
  /** A download or upload must end within this many ms; later is DownloadFailed / UploadFailed. */
  timeoutMs: number;
  /** Size of the generated diagnostics/log file a GetDiagnostics or GetLog uploads, in bytes. */
  logBytes: number;
}

/** The defaults of every firmware setting (the one place they live). */
export const DEFAULT_FIRMWARE: Readonly<FirmwareSettings> = Object.freeze({
  downloadMs: 1000, installMs: 2000, failureRatio: 0, maxBytes: 16 * 1024 * 1024, timeoutMs: 60_000, logBytes: 16 * 1024,
});

/** Bounds the scenario parser enforces on the settings. */
export const FIRMWARE_LIMITS = Object.freeze({ maxBytes: 256 * 1024 * 1024, logBytes: 8 * 1024 * 1024, timeoutMs: 10 * 60_000 });

/**
 * One step of a firmware update, executed in order by firmware-job.ts:
 * `status` sends FirmwareStatusNotification; `until` waits for a wall-clock time (epoch ms);
 * `download` fetches the firmware (a failure sends `failed` and ends the update); `delay` waits;
 * `idle` waits until no transaction runs; `install` ends the update with `failed` when the
 * draw says so; `reboot` drops the connection to boot again; `afterBoot` sends a status once
 * the next boot was Accepted.
 */
export type FirmwareStep =
  | { kind: 'status'; status: string }
  | { kind: 'until'; at: number }
  | { kind: 'download'; failed: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'idle' }
  | { kind: 'install'; failed: string }
  | { kind: 'reboot' }
  | { kind: 'afterBoot'; status: string };

/** What an UpdateFirmware asked for, in numbers. */
export interface FirmwareRequest {
  /** Epoch ms now, and when to retrieve and to install (2.0.1 installDateTime; undefined: right after the download). */
  now: number;
  retrieveAt: number;
  installAt?: number;
  /** 2.0.1: the request carried a signature (L01: SignatureVerified follows Downloaded). */
  signed: boolean;
}

/**
 * The steps of one firmware update (pure). 1.6 (§5.16, §4.5): Downloading, Downloaded,
 * Installing, Installed, then the reboot. 2.0.1 and 2.1 (L01): DownloadScheduled while the
 * retrieve time lies ahead, Downloading, Downloaded, SignatureVerified when signed,
 * InstallScheduled while the install time lies ahead, Installing, InstallRebooting, the reboot,
 * and Installed after the boot that runs the new firmware. Both wait for running transactions
 * to end before installing (1.6 §5.16 "SHOULD wait", L01.FR.06).
 */
export function firmwarePlan(version: OcppVersion, request: FirmwareRequest, settings: FirmwareSettings): FirmwareStep[] {
  const v16 = version === 'ocpp1.6';
  const steps: FirmwareStep[] = [];
  if (request.retrieveAt > request.now) {
    if (!v16) steps.push({ kind: 'status', status: 'DownloadScheduled' });
    steps.push({ kind: 'until', at: request.retrieveAt });
  }
  steps.push({ kind: 'status', status: 'Downloading' }, { kind: 'download', failed: 'DownloadFailed' }, { kind: 'delay', ms: settings.downloadMs });
  steps.push({ kind: 'status', status: 'Downloaded' });
  if (!v16 && request.signed) steps.push({ kind: 'status', status: 'SignatureVerified' });
  if (!v16 && request.installAt !== undefined && request.installAt > request.now) {
    steps.push({ kind: 'status', status: 'InstallScheduled' }, { kind: 'until', at: request.installAt });
  }
  steps.push({ kind: 'idle' }, { kind: 'status', status: 'Installing' }, { kind: 'delay', ms: settings.installMs }, { kind: 'install', failed: 'InstallationFailed' });
  if (v16) steps.push({ kind: 'status', status: 'Installed' }, { kind: 'reboot' });
  else steps.push({ kind: 'status', status: 'InstallRebooting' }, { kind: 'reboot' }, { kind: 'afterBoot', status: 'Installed' });
  return steps;
}

/** The firmware version a location names (`…/fw-1.2.3.bin` → `1.2.3`), for the boot after the update; undefined when it names none. */
export function versionOfLocation(location: string): string | undefined {
  let path: string;
  try {
    path = new URL(location).pathname;
  } catch {
    return undefined;
  }
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[A-Za-z][A-Za-z0-9]*$/, '');
  return /(\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.]{1,20})?)/.exec(base)?.[1];
}

/** Longest wait between transfer retries, whatever a request asks, in seconds. */
export const MAX_RETRY_INTERVAL_SEC = 300;

/** A request's `retries` and `retryInterval` (seconds) as bounded numbers: 0..5 retries, at most MAX_RETRY_INTERVAL_SEC apart. */
export function retryOf(retries: unknown, retryIntervalSec: unknown): { retries: number; retryIntervalMs: number } {
  const count = typeof retries === 'number' && Number.isFinite(retries) ? Math.min(Math.max(0, Math.floor(retries)), 5) : 0;
  const seconds = typeof retryIntervalSec === 'number' && Number.isFinite(retryIntervalSec) ? Math.min(Math.max(0, retryIntervalSec), MAX_RETRY_INTERVAL_SEC) : 0;
  return { retries: count, retryIntervalMs: seconds * 1000 };
}
