import { limitInForce, type LimitInForce } from './schedule.js';
import type { Electrical, Installed, Purpose, RunningTransaction } from './types.js';

/** Phases a period assumes when it names none (1.6 ChargingSchedulePeriod, 2.0.1 ChargingSchedulePeriodType: 3). */
export const DEFAULT_NUMBER_PHASES = 3;

/** Watts a period allows on this charger: W as given, A × voltage × the phases both the period and the charger have. */
export function wattsOf(limit: LimitInForce, electrical: Electrical): number {
  if (limit.unit === 'W') return limit.limit;
  const phases = Math.min(limit.numberPhases ?? DEFAULT_NUMBER_PHASES, electrical.phases);
  return limit.limit * electrical.voltage * phases;
}

/**
 * The limit (W) of the profiles of one purpose on one connector at `at`: the one with the
 * highest stackLevel that has a period in force then prevails (OCPP 1.6 §3.13.2, 2.0.1 K01
 * "stacking"); a profile with nothing to say at that moment lets the next level through.
 */
export function purposeLimitW(candidates: readonly Installed[], at: number, txStart: number | undefined, electrical: Electrical): number | undefined {
  let best: { level: number; watts: number } | undefined;
  for (const { profile } of candidates) {
    if (best && profile.stackLevel <= best.level) continue;
    const limit = limitInForce(profile, at, txStart);
    if (limit) best = { level: profile.stackLevel, watts: wattsOf(limit, electrical) };
  }
  return best?.watts;
}

const on = (installed: readonly Installed[], connectorId: number, purpose: Purpose): Installed[] =>
  installed.filter((entry) => entry.connectorId === connectorId && entry.profile.purpose === purpose);

/** The TxProfiles that belong to `tx` on `connectorId`: set while it ran (the store records which transaction). */
function txProfiles(installed: readonly Installed[], connectorId: number, tx: RunningTransaction | undefined): Installed[] {
  if (!tx) return [];
  return on(installed, connectorId, 'Tx').filter((entry) => entry.transaction === undefined || entry.transaction === tx.transactionId);
}

const lowest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * The limit in W the profiles put on `connectorId` at `at`, or undefined when none applies
 * (OCPP 1.6 §3.13.3 / 2.0.1 K08 composite rules): the lowest of the station's max profile
 * (set on 0) and the transaction's limit, where a TxProfile overrides the TxDefaultProfile of
 * the connector, which overrides one set on 0. Connector 0 is the whole station: only its max profile.
 * Relative schedules start at `chargingStart`: the transaction's start unless told otherwise.
 */
export function limitAtW(
  installed: readonly Installed[], connectorId: number, at: number, tx: RunningTransaction | undefined, electrical: Electrical,
  chargingStart = tx?.startedAt,
): number | undefined {
  const txStart = chargingStart;
  const station = purposeLimitW(on(installed, 0, 'StationMax'), at, txStart, electrical);
  if (connectorId === 0) return station;
  const transaction = purposeLimitW(txProfiles(installed, connectorId, tx), at, txStart, electrical)
    ?? purposeLimitW(on(installed, connectorId, 'TxDefault'), at, txStart, electrical)
    ?? purposeLimitW(on(installed, 0, 'TxDefault'), at, txStart, electrical);
  return lowest(station, transaction);
}

/** The power (W) `connectorId` draws at `at` while charging: the charger's offer, capped by the profiles, never below 0. */
export function powerAtW(
  installed: readonly Installed[], connectorId: number, at: number, tx: RunningTransaction | undefined, electrical: Electrical,
  chargingStart = tx?.startedAt,
): number {
  const limit = limitAtW(installed, connectorId, at, tx, electrical, chargingStart);
  return Math.max(0, Math.min(electrical.maxPowerW, limit ?? Infinity));
}
