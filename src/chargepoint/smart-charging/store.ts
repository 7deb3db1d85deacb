import type { Installed, Profile, Purpose } from './types.js';

/** Which installed profiles a ClearChargingProfile or GetChargingProfiles names; absent fields match all. */
export interface ProfileCriteria {
  readonly id?: number;
  /** 2.0.1 GetChargingProfiles: any of these ids. */
  readonly ids?: readonly number[];
  readonly connectorId?: number;
  readonly purpose?: Purpose;
  readonly stackLevel?: number;
}

/** Why a profile is not installed: the text for a 2.0.1 statusInfo and for logs. */
export interface Refusal {
  readonly reasonCode: string;
  readonly additionalInfo: string;
}

export function matches(entry: Installed, criteria: ProfileCriteria): boolean {
  const { profile } = entry;
  if (criteria.id !== undefined && profile.id !== criteria.id) return false;
  if (criteria.ids !== undefined && !criteria.ids.includes(profile.id)) return false;
  if (criteria.connectorId !== undefined && entry.connectorId !== criteria.connectorId) return false;
  if (criteria.purpose !== undefined && profile.purpose !== criteria.purpose) return false;
  if (criteria.stackLevel !== undefined && profile.stackLevel !== criteria.stackLevel) return false;
  return true;
}

/** The profiles left and whether any matched. */
export function clearProfiles(installed: readonly Installed[], criteria: ProfileCriteria): { installed: Installed[]; cleared: number } {
  const kept = installed.filter((entry) => !matches(entry, criteria));
  return { installed: kept, cleared: installed.length - kept.length };
}

const overlap = (a: Profile, b: Profile): boolean =>
  (a.validFrom ?? -Infinity) < (b.validTo ?? Infinity) && (b.validFrom ?? -Infinity) < (a.validTo ?? Infinity);

/**
 * Installs `entry`. A profile with the same id is replaced wherever it was (1.6 §3.13.2,
 * 2.0.1 K01.FR.05). In 1.6 (`sameLevelReplaces`) so is one with the same purpose and stack
 * level on the same connector; in 2.0.1 such a profile, when its validity overlaps, refuses the
 * new one (K01.FR.06; for TxProfiles of the same transaction, K01.FR.39). Past `maxProfiles`
 * installed, the new one is refused.
 */
export function installProfile(
  installed: readonly Installed[], entry: Installed, options: { sameLevelReplaces: boolean; maxProfiles: number },
): { installed: Installed[] } | { refused: Refusal } {
  const { profile } = entry;
  const sameSlot = (other: Installed): boolean => other.connectorId === entry.connectorId
    && other.profile.purpose === profile.purpose && other.profile.stackLevel === profile.stackLevel
    && (profile.purpose !== 'Tx' || other.transaction === entry.transaction);
  const others = installed.filter((other) => other.profile.id !== profile.id);
  if (!options.sameLevelReplaces) {
    const clash = others.find((other) => sameSlot(other) && overlap(other.profile, profile));
    if (clash) return { refused: { reasonCode: 'DuplicateProfile', additionalInfo: `profile ${clash.profile.id} has the same purpose and stackLevel on this EVSE (K01.FR.06)` } };
  }
  const kept = options.sameLevelReplaces ? others.filter((other) => !sameSlot(other)) : others;
  if (kept.length >= options.maxProfiles) {
    return { refused: { reasonCode: 'NoSpace', additionalInfo: `at most ${options.maxProfiles} charging profiles installed` } };
  }
  return { installed: [...kept, entry] };
}

/**
 * Drops the TxProfiles whose transaction is no longer the one running on their connector: a
 * TxProfile ceases to be valid when its transaction ends (1.6 ChargingProfilePurposeType, 2.0.1
 * ChargingProfilePurposeEnumType).
 */
export function dropEndedTxProfiles(installed: readonly Installed[], runningOn: (connectorId: number) => number | string | undefined): Installed[] {
  return installed.filter((entry) => entry.profile.purpose !== 'Tx' || (entry.transaction !== undefined && runningOn(entry.connectorId) === entry.transaction));
}
