import { mix32 } from '../../random/sfc32.js';
import { downloadFile, uploadFile, type DownloadResult, type FileTransferOptions } from '../../transport/http-file.js';
import type { ChargePoint } from '../charge-point.js';
import { tlsFor } from '../client-certificates.js';
import { sourceAddressOf } from '../source-address.js';
import { createPrng, seedFor, type Prng } from '../scenario/prng.js';
import { DEFAULT_FIRMWARE, type FirmwareSettings } from './plan.js';

/** The firmware settings of `cp`: its scenario's `firmware:` block over the defaults. */
export function firmwareSettingsOf(cp: ChargePoint): Readonly<FirmwareSettings> {
  return cp.scenario.firmware ?? DEFAULT_FIRMWARE;
}

/** The http(s) origin of the central system `cp` connects to (ws → http, wss → https). */
function centralOrigin(cp: ChargePoint): string | undefined {
  const base = cp.ctx.baseUrls?.[cp.index % cp.ctx.baseUrls.length] ?? cp.ctx.baseUrl;
  try {
    const url = new URL(base);
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * How `cp` reaches `location`: within the settings' time and size bounds, presenting the
 * credentials of its OCPP connection (HTTP Basic id:password, its client certificate) only
 * when `location` is on the central system's own origin, so they never leak to a third-party
 * host. Userinfo in the URL (`http://user:pass@host/…`) is sent as Basic by the transfer itself.
 */
export function transferOptions(cp: ChargePoint, location: string, settings: FirmwareSettings): FileTransferOptions {
  const opts: FileTransferOptions = { timeoutMs: settings.timeoutMs, maxBytes: settings.maxBytes };
  let origin: string | undefined;
  try {
    origin = new URL(location).origin;
  } catch {
    return opts;
  }
  const { ctx } = cp;
  const localAddress = ctx.localAddresses && sourceAddressOf(ctx.localAddresses, ctx.baseUrls?.length ?? 1, cp.index);
  if (localAddress) opts.localAddress = localAddress;
  if (origin !== centralOrigin(cp)) return opts;
  if (ctx.password !== undefined) opts.headers = { authorization: `Basic ${Buffer.from(`${cp.id}:${ctx.password}`).toString('base64')}` };
  if (ctx.tls) opts.tls = tlsFor(ctx.tls, cp.id);
  return opts;
}

/** Downloads `location` as `cp` would (see transferOptions). */
export function download(cp: ChargePoint, location: string, settings: FirmwareSettings, signal?: AbortSignal): Promise<DownloadResult> {
  return downloadFile(location, { ...transferOptions(cp, location, settings), ...(signal ? { signal } : {}) });
}

/** Uploads `body` to `location` as `cp` would (see transferOptions). */
export function upload(cp: ChargePoint, location: string, body: Buffer, settings: FirmwareSettings): Promise<number> {
  return uploadFile(location, body, transferOptions(cp, location, settings));
}

/** Distinguishes the firmware draws from the scenario's own PRNG stream of the same charge point. */
const FIRMWARE_STREAM = 0x46_57_55_50;

const prngs = new WeakMap<ChargePoint, Prng>();

/**
 * The PRNG of `cp`'s firmware draws (the install failure ratio): sfc32 seeded from `--seed` and
 * the fleet index, a stream apart from the scenario's, so a seed repeats which charge points fail.
 */
export function firmwarePrng(cp: ChargePoint): Prng {
  let prng = prngs.get(cp);
  if (!prng) {
    const seed = cp.ctx.seed ?? Math.floor(cp.ctx.random() * 0x1_0000_0000);
    prng = createPrng(mix32(seedFor(seed, cp.index) ^ FIRMWARE_STREAM));
    prngs.set(cp, prng);
  }
  return prng;
}

/** A file name without anything a path could make of it: letters, digits, `.`, `_`, `-` only. */
export function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 200);
}

/** Where a file named `fileName` goes for a location: a location ending in `/` is a directory (1.6 GetDiagnostics), else the file's own URL. */
export function uploadUrl(location: string, fileName: string): string {
  return location.endsWith('/') ? `${location}${encodeURIComponent(fileName)}` : location;
}

/**
 * A generated diagnostics/log file of about `bytes` bytes: a header naming the charge point
 * and the request, then numbered log lines. Plain text, the same shape every time.
 */
export function generatedLog(cp: ChargePoint, what: string, bytes: number): Buffer {
  const lines = [`# ocpp-sim ${what} of ${cp.id} (${cp.profile.version}), generated ${new Date().toISOString()}`];
  let size = (lines[0] as string).length + 1;
  for (let n = 1; size < bytes; n++) {
    const line = `${new Date(Date.now() - (1_000_000 - n) * 1000).toISOString()} INFO simulated log line ${n} state=${cp.state}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8').subarray(0, Math.max(bytes, 1));
}
