import type { Payload } from '../../protocol/frame.js';
import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import {
  changeProfiles, compositeFromNow, installedProfiles, runningTransaction, wallNow,
} from '../smart-charging/charge-point-state.js';
import { PROFILE_LIMITS, parseProfileV201, purposeOf } from '../smart-charging/parse.js';
import { clearProfiles, installProfile, matches, type ProfileCriteria, type Refusal } from '../smart-charging/store.js';
import type { Installed, Profile } from '../smart-charging/types.js';
import { later } from '../follow-up.js';

const evseIn = (cp: ChargePoint, id: unknown): id is number =>
  typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < cp.connectorStatus.length;

const integerOr = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** A Rejected answer with its StatusInfo, cut to the schema's lengths (reasonCode 20, additionalInfo 512). */
const rejected = (refusal: Refusal): Payload => ({
  status: 'Rejected', statusInfo: { reasonCode: refusal.reasonCode.slice(0, 20), additionalInfo: refusal.additionalInfo.slice(0, 512) },
});

/**
 * SetChargingProfileRequest (OCPP 2.0.1 K01): Rejected, with the reason in statusInfo, for an
 * unknown EVSE (K01.FR.28), a profile the station cannot hold (parse.ts), a
 * ChargingStationMaxProfile not on EVSE 0, a TxProfile on EVSE 0 (K01.FR.16), without a
 * transactionId (K01.FR.03), on an EVSE without a transaction (K01.FR.09) or naming another one
 * (K01.FR.33), or clashing with an installed profile (store.ts, K01.FR.06/39); else Accepted.
 */
function setChargingProfile(cp: ChargePoint, evseId: unknown, raw: unknown): Payload {
  if (!evseIn(cp, evseId)) return rejected({ reasonCode: 'UnknownEVSE', additionalInfo: `no EVSE ${String(evseId)} (K01.FR.28)` });
  const parsed = parseProfileV201(raw, PROFILE_LIMITS, wallNow(cp));
  if ('refused' in parsed) return rejected(parsed.refused);
  const { profile } = parsed;
  if (profile.purpose === 'StationMax' && evseId !== 0) return rejected({ reasonCode: 'InvalidValue', additionalInfo: 'a ChargingStationMaxProfile is set on EVSE 0' });
  let transaction: string | undefined;
  if (profile.purpose === 'Tx') {
    if (evseId === 0) return rejected({ reasonCode: 'InvalidValue', additionalInfo: 'a TxProfile needs an EVSE (K01.FR.16)' });
    if (profile.transactionId === undefined) return rejected({ reasonCode: 'InvalidValue', additionalInfo: 'a TxProfile needs a transactionId (K01.FR.03)' });
    const running = runningTransaction(cp, evseId)?.transactionId;
    if (running === undefined) return rejected({ reasonCode: 'TxNotFound', additionalInfo: `no transaction on EVSE ${evseId} (K01.FR.09)` });
    if (running !== profile.transactionId) return rejected({ reasonCode: 'TxNotFound', additionalInfo: `transaction ${String(profile.transactionId)} is not on EVSE ${evseId} (K01.FR.33)` });
    transaction = running as string;
  }
  const entry: Installed = { connectorId: evseId, profile, ...(transaction === undefined ? {} : { transaction }) };
  const outcome = installProfile(installedProfiles(cp), entry, INSTALL_V201);
  if ('refused' in outcome) return rejected(outcome.refused);
  changeProfiles(cp, () => outcome.installed);
  return { status: 'Accepted' };
}

/** The criteria of a ClearChargingProfileRequest (K10): the id alone, or the criteria given; undefined for a purpose the station never holds. */
function clearCriteria(p: Payload): ProfileCriteria | undefined {
  const id = integerOr(p.chargingProfileId);
  if (id !== undefined) return { id };
  const c = (typeof p.chargingProfileCriteria === 'object' && p.chargingProfileCriteria !== null ? p.chargingProfileCriteria : {}) as Payload;
  const purpose = c.chargingProfilePurpose === undefined ? undefined : purposeOf(String(c.chargingProfilePurpose));
  if (c.chargingProfilePurpose !== undefined && purpose === undefined) return undefined;
  const evseId = integerOr(c.evseId);
  const stackLevel = integerOr(c.stackLevel);
  return { ...(evseId === undefined ? {} : { connectorId: evseId }), ...(purpose === undefined ? {} : { purpose }), ...(stackLevel === undefined ? {} : { stackLevel }) };
}

/** ClearChargingProfileRequest (OCPP 2.0.1 K10): Accepted when a profile was cleared, else Unknown. */
function clearChargingProfile(cp: ChargePoint, p: Payload): Payload {
  const criteria = clearCriteria(p);
  if (!criteria) return { status: 'Unknown' };
  const { installed, cleared } = clearProfiles(installedProfiles(cp), criteria);
  if (cleared === 0) return { status: 'Unknown' };
  changeProfiles(cp, () => installed);
  return { status: 'Accepted' };
}

/**
 * GetChargingProfilesRequest (OCPP 2.0.1 K09): the installed profiles matching the request,
 * NoProfiles when none does. Every profile here came from the CSMS, so its source is CSO;
 * asking for other sources only finds nothing.
 */
function selectProfiles(cp: ChargePoint, p: Payload): Installed[] {
  const c = (typeof p.chargingProfile === 'object' && p.chargingProfile !== null ? p.chargingProfile : {}) as Payload;
  if (Array.isArray(c.chargingLimitSource) && !c.chargingLimitSource.includes('CSO')) return [];
  const purpose = c.chargingProfilePurpose === undefined ? undefined : purposeOf(String(c.chargingProfilePurpose));
  if (c.chargingProfilePurpose !== undefined && purpose === undefined) return [];
  const evseId = integerOr(p.evseId);
  const stackLevel = integerOr(c.stackLevel);
  const criteria: ProfileCriteria = {
    ...(evseId === undefined ? {} : { connectorId: evseId }), ...(purpose === undefined ? {} : { purpose }),
    ...(stackLevel === undefined ? {} : { stackLevel }),
    ...(Array.isArray(c.chargingProfileId) ? { ids: c.chargingProfileId.filter((id): id is number => typeof id === 'number') } : {}),
  };
  return installedProfiles(cp).filter((entry) => matches(entry, criteria));
}

/** ReportChargingProfilesRequests after the answer (K09): one per EVSE with profiles, tbc on all but the last. */
async function reportProfiles(cp: ChargePoint, requestId: number, selected: readonly Installed[]): Promise<void> {
  const evses = [...new Set(selected.map((entry) => entry.connectorId))].sort((a, b) => a - b);
  for (const [i, evseId] of evses.entries()) {
    await cp.call('ReportChargingProfiles', {
      requestId, chargingLimitSource: 'CSO', evseId, tbc: i < evses.length - 1,
      chargingProfile: selected.filter((entry) => entry.connectorId === evseId).map((entry) => entry.profile.original),
    });
  }
}

/**
 * GetCompositeScheduleRequest (OCPP 2.0.1 K08): what `evseId` (0: the whole station) may draw
 * for `duration` seconds from now, in the unit asked for (W when none); Rejected for an unknown EVSE.
 */
function getCompositeSchedule(cp: ChargePoint, p: Payload): Payload {
  const evseId = p.evseId;
  const duration = integerOr(p.duration);
  if (!evseIn(cp, evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEVSE', additionalInfo: `no EVSE ${String(evseId)}` } };
  if (duration === undefined || duration < 0) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'duration must be an integer ≥ 0' } };
  const unit = p.chargingRateUnit === 'A' ? 'A' : 'W';
  const composite = compositeFromNow(cp, evseId, duration, unit);
  return {
    status: 'Accepted',
    schedule: { evseId, duration: composite.duration, scheduleStart: new Date(composite.start).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: composite.periods },
  };
}

/**
 * The chargingProfile of a RequestStartTransactionRequest (OCPP 2.0.1 F01, K05): undefined
 * without one; 'Rejected' unless it is a TxProfile without a transactionId (the station has not
 * made the transaction yet) that the station can hold; else the profile, to install for the
 * transaction once started (installForTransaction).
 */
export function remoteStartProfileV201(cp: ChargePoint, raw: unknown): Profile | 'Rejected' | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseProfileV201(raw, PROFILE_LIMITS, wallNow(cp));
  return 'profile' in parsed && parsed.profile.purpose === 'Tx' && parsed.profile.transactionId === undefined ? parsed.profile : 'Rejected';
}

/** How 2.0.1 installs: a profile of the same purpose and stack level clashes (K01.FR.06). */
export const INSTALL_V201 = Object.freeze({ sameLevelReplaces: false, maxProfiles: PROFILE_LIMITS.maxProfiles });

/** The 2.0.1 Smart Charging functional block's CALLs (OCPP 2.0.1 K01, K08, K09, K10), for the 2.0.1 (and 2.1) handler table. */
export const SMART_CHARGING_V201: Readonly<Record<string, Handler<ChargePoint>>> = Object.freeze({
  SetChargingProfile: (p, ctx) => setChargingProfile(ctx.owner, p.evseId, p.chargingProfile),
  ClearChargingProfile: (p, ctx) => clearChargingProfile(ctx.owner, p),
  GetChargingProfiles: (p, ctx) => {
    const selected = selectProfiles(ctx.owner, p);
    if (selected.length === 0) return { status: 'NoProfiles' };
    const requestId = integerOr(p.requestId) ?? 0;
    later(ctx, (cp) => reportProfiles(cp, requestId, selected));
    return { status: 'Accepted' };
  },
  GetCompositeSchedule: (p, ctx) => getCompositeSchedule(ctx.owner, p),
});
