import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import {
  changeProfiles, compositeFromNow, installedProfiles, transactionKey, wallNow,
} from '../smart-charging/charge-point-state.js';
import { PROFILE_LIMITS, parseProfileV16, purposeOf } from '../smart-charging/parse.js';
import { clearProfiles, installProfile, type ProfileCriteria } from '../smart-charging/store.js';
import type { Profile } from '../smart-charging/types.js';

const connectorIn = (cp: ChargePoint, id: unknown): id is number =>
  typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < cp.connectorStatus.length;

const optionalInteger = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/**
 * SetChargingProfile.req (OCPP 1.6 §5.16, §3.13): Rejected for an unknown connector, a profile
 * the charge point cannot hold (parse.ts), a ChargePointMaxProfile not on connector 0, a
 * TxProfile on connector 0, on a connector without a transaction or naming another
 * transaction; otherwise installed, replacing one with the same id or the same purpose and
 * stack level on that connector (§3.13.2), and Accepted.
 */
function setChargingProfile(cp: ChargePoint, connectorId: unknown, raw: unknown): string {
  if (!connectorIn(cp, connectorId)) return 'Rejected';
  const parsed = parseProfileV16(raw, PROFILE_LIMITS, wallNow(cp));
  if ('refused' in parsed) return 'Rejected';
  const { profile } = parsed;
  if (profile.purpose === 'StationMax' && connectorId !== 0) return 'Rejected';
  let transaction: number | string | undefined;
  if (profile.purpose === 'Tx') {
    const tx = connectorId === 0 ? undefined : cp.transactions?.[connectorId];
    if (!tx || (profile.transactionId !== undefined && profile.transactionId !== transactionKey(tx))) return 'Rejected';
    transaction = transactionKey(tx);
  }
  const entry = { connectorId, profile, ...(transaction === undefined ? {} : { transaction }) };
  const outcome = installProfile(installedProfiles(cp), entry, INSTALL_V16);
  if ('refused' in outcome) return 'Rejected';
  changeProfiles(cp, () => outcome.installed);
  return 'Accepted';
}

/**
 * ClearChargingProfile.req (OCPP 1.6 §5.5): with an id, that profile; otherwise every profile
 * matching all of connectorId, chargingProfilePurpose and stackLevel given. Accepted when
 * something was cleared, else Unknown.
 */
function clearChargingProfile(cp: ChargePoint, p: Record<string, unknown>): string {
  const id = optionalInteger(p.id);
  const purpose = p.chargingProfilePurpose === undefined ? undefined : purposeOf(String(p.chargingProfilePurpose));
  if (p.chargingProfilePurpose !== undefined && purpose === undefined) return 'Unknown';
  const criteria: ProfileCriteria = id !== undefined ? { id } : {
    ...(optionalInteger(p.connectorId) === undefined ? {} : { connectorId: optionalInteger(p.connectorId) as number }),
    ...(purpose === undefined ? {} : { purpose }),
    ...(optionalInteger(p.stackLevel) === undefined ? {} : { stackLevel: optionalInteger(p.stackLevel) as number }),
  };
  const { installed, cleared } = clearProfiles(installedProfiles(cp), criteria);
  if (cleared === 0) return 'Unknown';
  changeProfiles(cp, () => installed);
  return 'Accepted';
}

/**
 * GetCompositeSchedule.req (OCPP 1.6 §5.7): the schedule `connectorId` follows for `duration`
 * seconds from now, in the unit asked for (W when none), by the rules of §3.13.3 (composite.ts);
 * connector 0 is the whole charge point. Rejected for an unknown connector.
 */
function getCompositeSchedule(cp: ChargePoint, p: Record<string, unknown>): Record<string, unknown> {
  const connectorId = p.connectorId;
  const duration = optionalInteger(p.duration);
  if (!connectorIn(cp, connectorId) || duration === undefined || duration < 0) return { status: 'Rejected' };
  const unit = p.chargingRateUnit === 'A' ? 'A' : 'W';
  const composite = compositeFromNow(cp, connectorId, duration, unit);
  const start = new Date(composite.start).toISOString();
  return {
    status: 'Accepted', connectorId, scheduleStart: start,
    chargingSchedule: { duration: composite.duration, startSchedule: start, chargingRateUnit: unit, chargingSchedulePeriod: composite.periods },
  };
}

/**
 * The chargingProfile of a RemoteStartTransaction.req (OCPP 1.6 §5.11): undefined without one;
 * 'Rejected' unless it is a TxProfile the charge point can hold; else the profile, to install
 * for the transaction once started (installForTransaction).
 */
export function remoteStartProfileV16(cp: ChargePoint, raw: unknown): Profile | 'Rejected' | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseProfileV16(raw, PROFILE_LIMITS, wallNow(cp));
  return 'profile' in parsed && parsed.profile.purpose === 'Tx' ? parsed.profile : 'Rejected';
}

/** How 1.6 installs: the same purpose and stack level on a connector replaces (§3.13.2). */
export const INSTALL_V16 = Object.freeze({ sameLevelReplaces: true, maxProfiles: PROFILE_LIMITS.maxProfiles });

/** The 1.6 Smart Charging feature profile's CALLs (OCPP 1.6 §3.13), for the 1.6 handler table. */
export const SMART_CHARGING_V16: Readonly<Record<string, Handler<ChargePoint>>> = Object.freeze({
  SetChargingProfile: (p, ctx) => ({ status: setChargingProfile(ctx.owner, p.connectorId, p.csChargingProfiles) }),
  ClearChargingProfile: (p, ctx) => ({ status: clearChargingProfile(ctx.owner, p) }),
  GetCompositeSchedule: (p, ctx) => getCompositeSchedule(ctx.owner, p),
});
