import type { Refusal } from './store.js';
import type { Period, Profile, Purpose, Schedule } from './types.js';

/** What a charge point accepts: its SmartCharging configuration keys (1.6 §9.4) / SmartChargingCtrlr variables (2.0.1). */
export interface ProfileLimits {
  /** ChargeProfileMaxStackLevel / SmartChargingCtrlr.ProfileStackLevel. */
  readonly maxStackLevel: number;
  /** ChargingScheduleMaxPeriods / SmartChargingCtrlr.PeriodsPerSchedule. */
  readonly maxPeriods: number;
  /** MaxChargingProfilesInstalled / SmartChargingCtrlr.Entries (ChargingProfiles). */
  readonly maxProfiles: number;
}

/** The charge point's defaults, reported by GetConfiguration / GetVariables. */
export const PROFILE_LIMITS: ProfileLimits = Object.freeze({ maxStackLevel: 10, maxPeriods: 48, maxProfiles: 20 });

/** The purpose names of each version mapped to the evaluator's; any other (2.0.1 ChargingStationExternalConstraints, 2.1's additions) is refused. */
const PURPOSES: Readonly<Record<string, Purpose>> = Object.freeze({
  ChargePointMaxProfile: 'StationMax', ChargingStationMaxProfile: 'StationMax', TxDefaultProfile: 'TxDefault', TxProfile: 'Tx',
});

/** The evaluator's purpose for a purpose name of either version, or undefined for one the central system cannot set. */
export function purposeOf(name: string): Purpose | undefined {
  return Object.hasOwn(PURPOSES, name) ? PURPOSES[name] : undefined;
}

type Fields = Readonly<Record<string, unknown>>;

class Refused extends Error {
  constructor(readonly reasonCode: string, message: string) {
    super(message);
  }
}

const fail = (reasonCode: string, message: string): never => { throw new Refused(reasonCode, message); };

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

function integer(value: unknown, name: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail('InvalidValue', `${name} must be an integer ≥ ${min}`);
  return value as number;
}

function optionalTime(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) fail('InvalidValue', `${name} is not a date-time`);
  return ms;
}

function periodsOf(value: unknown, limits: ProfileLimits, firstAtZero: boolean): Period[] {
  if (!Array.isArray(value) || value.length === 0) return fail('InvalidSchedule', 'chargingSchedulePeriod must hold at least one period');
  if (value.length > limits.maxPeriods) fail('InvalidSchedule', `more than ${limits.maxPeriods} periods (ChargingScheduleMaxPeriods)`);
  const periods = value.map((raw: unknown, i): Period => {
    if (!isObject(raw)) return fail('InvalidSchedule', `period ${i} is not an object`);
    const startPeriod = integer(raw.startPeriod, `period ${i} startPeriod`);
    if (typeof raw.limit !== 'number' || !Number.isFinite(raw.limit) || raw.limit < 0) fail('InvalidSchedule', `period ${i} needs a limit ≥ 0`);
    const numberPhases = raw.numberPhases === undefined ? undefined : integer(raw.numberPhases, `period ${i} numberPhases`, 1);
    if (numberPhases !== undefined && numberPhases > 3) fail('InvalidSchedule', `period ${i} numberPhases above 3`);
    return numberPhases === undefined ? { startPeriod, limit: raw.limit as number } : { startPeriod, limit: raw.limit as number, numberPhases };
  });
  // 2.0.1 K01.FR.31: the first period starts at 0; in both versions they come in time order (K01.FR.35).
  if (firstAtZero && periods[0]?.startPeriod !== 0) fail('InvalidSchedule', 'the first period must start at 0');
  periods.forEach((p, i) => { if (i > 0 && p.startPeriod <= (periods[i - 1] as Period).startPeriod) fail('InvalidSchedule', 'startPeriods must increase'); });
  return periods;
}

function scheduleOf(raw: unknown, limits: ProfileLimits, firstAtZero: boolean): Schedule {
  if (!isObject(raw)) return fail('InvalidSchedule', 'chargingSchedule is missing');
  const unit = raw.chargingRateUnit;
  if (unit !== 'A' && unit !== 'W') fail('InvalidSchedule', 'chargingRateUnit must be A or W');
  const startSchedule = optionalTime(raw.startSchedule, 'startSchedule');
  const duration = raw.duration === undefined ? undefined : integer(raw.duration, 'duration');
  return {
    chargingRateUnit: unit as 'A' | 'W', periods: periodsOf(raw.chargingSchedulePeriod, limits, firstAtZero),
    ...(startSchedule === undefined ? {} : { startSchedule }), ...(duration === undefined ? {} : { duration }),
  };
}

/** The fields both versions share, read from `raw` with the id, transaction id and schedule each version names its own way. */
function profileOf(raw: Fields, id: unknown, schedule: unknown, limits: ProfileLimits, receivedAt: number, version: '1.6' | '2.0.1'): Profile {
  const purposeName = String(raw.chargingProfilePurpose);
  const purpose = purposeOf(purposeName) ?? fail('InvalidValue', `chargingProfilePurpose ${purposeName} cannot be set by the central system`);
  const stackLevel = integer(raw.stackLevel, 'stackLevel');
  if (stackLevel > limits.maxStackLevel) fail('InvalidStackLevel', `stackLevel above ${limits.maxStackLevel} (ChargeProfileMaxStackLevel)`);
  const kind = raw.chargingProfileKind;
  if (kind !== 'Absolute' && kind !== 'Recurring' && kind !== 'Relative') return fail('InvalidValue', `chargingProfileKind ${String(kind)} is not simulated`);
  const parsed = scheduleOf(schedule, limits, version === '2.0.1');
  const recurrency = raw.recurrencyKind;
  if (kind === 'Recurring' && ((recurrency !== 'Daily' && recurrency !== 'Weekly') || parsed.startSchedule === undefined)) {
    fail('InvalidSchedule', 'a Recurring profile needs recurrencyKind Daily or Weekly and a startSchedule');
  }
  if (version === '2.0.1') {
    // K01.FR.38: a ChargingStationMaxProfile is never Relative; K01.FR.40/41: startSchedule exactly when not Relative.
    if (purpose === 'StationMax' && kind === 'Relative') fail('InvalidValue', 'a ChargingStationMaxProfile cannot be Relative (K01.FR.38)');
    if (kind !== 'Relative' && parsed.startSchedule === undefined) fail('InvalidSchedule', `an ${kind} profile needs a startSchedule (K01.FR.40)`);
    if (kind === 'Relative' && parsed.startSchedule !== undefined) fail('InvalidSchedule', 'a Relative profile has no startSchedule (K01.FR.41)');
  }
  const validFrom = optionalTime(raw.validFrom, 'validFrom');
  const validTo = optionalTime(raw.validTo, 'validTo');
  const transactionId = raw.transactionId;
  return {
    id: integer(id, 'profile id', Number.MIN_SAFE_INTEGER), stackLevel, purpose, kind, schedule: parsed, receivedAt, original: raw,
    ...(kind === 'Recurring' ? { recurrency: recurrency as 'Daily' | 'Weekly' } : {}),
    ...(validFrom === undefined ? {} : { validFrom }), ...(validTo === undefined ? {} : { validTo }),
    ...(typeof transactionId === 'number' || typeof transactionId === 'string' ? { transactionId } : {}),
  };
}

/** The outcome of reading a profile: the profile, or why it is refused. */
export type Parsed = { profile: Profile } | { refused: Refusal };

function attempt(read: () => Profile): Parsed {
  try {
    return { profile: read() };
  } catch (error) {
    if (error instanceof Refused) return { refused: { reasonCode: error.reasonCode, additionalInfo: error.message } };
    throw error;
  }
}

/** SetChargingProfile.req csChargingProfiles (OCPP 1.6 §5.16) as a Profile, or a refusal naming the field. */
export function parseProfileV16(raw: unknown, limits: ProfileLimits, receivedAt: number): Parsed {
  return attempt(() => {
    if (!isObject(raw)) return fail('InvalidValue', 'csChargingProfiles is missing');
    return profileOf(raw, raw.chargingProfileId, raw.chargingSchedule, limits, receivedAt, '1.6');
  });
}

/**
 * SetChargingProfileRequest chargingProfile (OCPP 2.0.1 K01; 2.1 where its fields are the
 * same) as a Profile, or a refusal. Of up to three schedules (ISO 15118 alternatives) the first is used.
 */
export function parseProfileV201(raw: unknown, limits: ProfileLimits, receivedAt: number): Parsed {
  return attempt(() => {
    if (!isObject(raw)) return fail('InvalidValue', 'chargingProfile is missing');
    const schedules = raw.chargingSchedule;
    return profileOf(raw, raw.id, Array.isArray(schedules) ? schedules[0] : undefined, limits, receivedAt, '2.0.1');
  });
}
