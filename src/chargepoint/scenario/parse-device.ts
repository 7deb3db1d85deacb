import { parseDuration } from '../../clock/duration.js';
import { sentByCentralSystem } from '../../protocol/versions.js';
import { DEFAULT_FIRMWARE, FIRMWARE_LIMITS, type FirmwareSettings } from '../firmware/plan.js';
import type { Scenario, Step } from './types.js';
import { walkSteps } from './walk.js';
import { checkPayload, checkTemplates } from './check-payload.js';
import { actionOf, allow, connectorOf, durationOf, onFailOf, withDefined, type ParseCtx, type Scope, type StepParser } from './parse-support.js';
import type { Problems, Src } from './yaml-source.js';

/** An id tag option: a string of at most 20 characters (1.6 CiString20), or a template checked here. */
function idTagOf(src: Src | undefined, at: Src, what: string, ctx: ParseCtx, scope: Scope): string | undefined {
  if (src === undefined) {
    ctx.problems.add(at.pos(), `${what} is required`);
    return undefined;
  }
  if (typeof src.value !== 'string' || src.value.length === 0) {
    ctx.problems.add(src.pos(), `${what} must be a string`);
    return undefined;
  }
  if (!src.value.includes('{{') && src.value.length > 20) ctx.problems.add(src.pos(), `${what} must be at most 20 characters`);
  checkTemplates(src, ctx, scope);
  return src.value;
}

/** `requestCall: { action, payload }`: the embedded gateway sends this central-system CALL to the charge point. */
function parseRequestCall(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'requestCall', ['action', 'payload', 'onFail'], ctx)) return undefined;
  const action = actionOf(args.get('action'), 'requestCall', ctx, args);
  const onFail = onFailOf(args, ctx);
  if (action === undefined) return undefined;
  if (!sentByCentralSystem(ctx.protocol, action)) {
    ctx.problems.add((args.get('action') as Src).pos(), `requestCall: ${action} is sent by charge points, not by the central system`);
    return undefined;
  }
  const payload = checkPayload(args.get('payload'), args, action, 'req', 'requestCall', ctx, scope);
  return payload === undefined ? undefined : withDefined({ type: 'requestCall', line, action, payload }, { onFail });
}

/** A positive integer option, or a problem. */
function positive(src: Src | undefined, what: string, max: number, problems: Problems): number | undefined {
  if (src === undefined) return undefined;
  if (Number.isInteger(src.value) && (src.value as number) >= 1 && (src.value as number) <= max) return src.value as number;
  problems.add(src.pos(), `${what} must be an integer from 1 to ${max}`);
  return undefined;
}

/**
 * `updateFirmware: { firmware | location, size, wave: { size, every } }`: asks the central
 * system for an UpdateFirmware of `firmware` (a file name on the embedded gateway) or of
 * `location` (any URL); charge point i waits floor(i / wave.size) × wave.every first.
 */
function parseUpdateFirmware(args: Src, line: number, ctx: ParseCtx): Step | undefined {
  if (!allow(args, 'updateFirmware', ['firmware', 'location', 'size', 'wave', 'onFail'], ctx)) return undefined;
  const firmware = args.get('firmware');
  const locationSrc = args.get('location');
  if ((firmware === undefined) === (locationSrc === undefined)) {
    ctx.problems.add(args.pos(), 'updateFirmware needs either firmware (a file name the embedded gateway serves, e.g. fw-1.2.3.bin) or location (a URL)');
    return undefined;
  }
  const size = positive(args.get('size'), 'updateFirmware.size', FIRMWARE_LIMITS.maxBytes, ctx.problems);
  let location: string | undefined;
  if (firmware !== undefined) {
    if (typeof firmware.value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(firmware.value)) location = `gateway:/firmware/${firmware.value}${size ? `?size=${size}` : ''}`;
    else ctx.problems.add(firmware.pos(), 'updateFirmware.firmware must be a file name: letters, digits, ".", "_", "-"');
  } else if (typeof locationSrc?.value === 'string' && /^(https?:\/\/|gateway:\/)/.test(locationSrc.value) && locationSrc.value.length <= 512) location = locationSrc.value;
  else ctx.problems.add((locationSrc as Src).pos(), 'updateFirmware.location must be an http://, https:// or gateway:/ URL of at most 512 characters');
  const waveSrc = args.get('wave');
  let wave: { size: number; everyMs: number } | undefined;
  if (waveSrc !== undefined && allow(waveSrc, 'updateFirmware.wave', ['size', 'every'], ctx)) {
    const waveSize = positive(waveSrc.get('size'), 'updateFirmware.wave.size', 1_000_000, ctx.problems);
    const every = waveSrc.get('every');
    const everyMs = every === undefined ? undefined : durationOf(every, 'updateFirmware.wave.every', ctx);
    if (waveSize === undefined || everyMs === undefined) ctx.problems.add(waveSrc.pos(), 'updateFirmware.wave needs size (charge points per wave) and every (time between waves)');
    else wave = { size: waveSize, everyMs };
  }
  if (location === undefined) return undefined;
  return withDefined({ type: 'updateFirmware', line, location }, { wave, onFail: onFailOf(args, ctx) });
}

/** `reserve: { connector, idTag, expiry }`: asks the central system to reserve a connector of this charge point. */
function parseReserve(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'reserve', ['connector', 'idTag', 'expiry', 'onFail'], ctx)) return undefined;
  const connector = args.get('connector') ? connectorOf(args.get('connector'), 'reserve.connector', ctx) : 'current';
  const idTag = idTagOf(args.get('idTag'), args, 'reserve.idTag', ctx, scope);
  const expirySrc = args.get('expiry');
  const expiryMs = expirySrc === undefined ? 60_000 : durationOf(expirySrc, 'reserve.expiry', ctx);
  if (connector === undefined || connector === 'all' || idTag === undefined || expiryMs === undefined) return undefined;
  return withDefined({ type: 'reserve', line, connector, idTag, expiryMs }, { onFail: onFailOf(args, ctx) });
}

/** `authorize: { idTag }`: the charge point's authorization (local list, cache, then Authorize). */
function parseAuthorize(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'authorize', ['idTag', 'onFail'], ctx)) return undefined;
  const idTag = idTagOf(args.get('idTag'), args, 'authorize.idTag', ctx, scope);
  return idTag === undefined ? undefined : withDefined({ type: 'authorize', line, idTag }, { onFail: onFailOf(args, ctx) });
}

/** The steps of `scenarios` that ask the central system for a CALL (`requestCall`, `updateFirmware`, `reserve`), each type once. */
export function requestStepsOf(scenarios: readonly Scenario[]): string[] {
  const found = new Set<string>();
  for (const scenario of scenarios) {
    walkSteps(scenario.steps, (step) => {
      if (step.type === 'requestCall' || step.type === 'updateFirmware' || step.type === 'reserve') found.add(step.type);
    });
  }
  return [...found];
}

/** Parsers of the device management steps. */
export const DEVICE_STEPS: Readonly<Record<string, StepParser>> = {
  authorize: parseAuthorize, reserve: parseReserve, updateFirmware: parseUpdateFirmware, requestCall: parseRequestCall,
};

const BYTES = /^(\d+)\s*(B|KiB|MiB)?$/;
const UNIT: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 * 1024 };

/** A size: bytes as a number, or `512KiB`, `16MiB`; undefined when it is not one. */
function bytesOf(value: unknown): number | undefined {
  const match = typeof value === 'number' ? [String(value), String(value), 'B'] : typeof value === 'string' ? BYTES.exec(value) : null;
  return match ? Number(match[1]) * (UNIT[match[2] ?? 'B'] ?? 1) : undefined;
}

/**
 * The `firmware:` block: `downloadTime`, `installTime`, `timeout` (durations), `failureRatio`
 * (0..1), `maxSize`, `logSize` (bytes, `KiB`, `MiB`), over DEFAULT_FIRMWARE. Undefined (with
 * problems) when absent or wrong.
 */
export function parseFirmwareBlock(src: Src | undefined, problems: Problems): FirmwareSettings | undefined {
  if (src === undefined) return undefined;
  const keys = ['downloadTime', 'installTime', 'failureRatio', 'maxSize', 'timeout', 'logSize'];
  if (!src.isMap) {
    problems.add(src.pos(), `\`firmware\` must be a mapping (keys: ${keys.join(', ')})`);
    return undefined;
  }
  const settings: FirmwareSettings = { ...DEFAULT_FIRMWARE };
  const duration = (key: string, max: number): number | undefined => {
    const value = src.get(key);
    if (value === undefined) return undefined;
    const ms = typeof value.value === 'string' || typeof value.value === 'number' ? parseDuration(value.value) : undefined;
    if (ms === undefined || ms > max) problems.add(value.pos(), `firmware.${key} must be a duration up to ${max / 1000}s, such as '2s' or '500ms'`);
    return ms;
  };
  const size = (key: string, max: number): number | undefined => {
    const value = src.get(key);
    if (value === undefined) return undefined;
    const bytes = bytesOf(value.value);
    if (bytes === undefined || bytes < 1 || bytes > max) problems.add(value.pos(), `firmware.${key} must be a size from 1 byte to ${max / 1024 / 1024}MiB, such as 65536, '512KiB' or '16MiB'`);
    return bytes;
  };
  for (const key of src.keys()) if (!keys.includes(key)) problems.add(src.keyPos(key), `unknown firmware key '${key}' (expected one of: ${keys.join(', ')})`);
  settings.downloadMs = duration('downloadTime', FIRMWARE_LIMITS.timeoutMs) ?? settings.downloadMs;
  settings.installMs = duration('installTime', FIRMWARE_LIMITS.timeoutMs) ?? settings.installMs;
  settings.timeoutMs = duration('timeout', FIRMWARE_LIMITS.timeoutMs) ?? settings.timeoutMs;
  settings.maxBytes = size('maxSize', FIRMWARE_LIMITS.maxBytes) ?? settings.maxBytes;
  settings.logBytes = size('logSize', FIRMWARE_LIMITS.logBytes) ?? settings.logBytes;
  const ratio = src.get('failureRatio');
  if (ratio !== undefined) {
    if (typeof ratio.value === 'number' && ratio.value >= 0 && ratio.value <= 1) settings.failureRatio = ratio.value;
    else problems.add(ratio.pos(), 'firmware.failureRatio must be a number from 0 to 1');
  }
  return settings;
}
