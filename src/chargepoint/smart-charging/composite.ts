import { profileChanges, type Changes } from './schedule.js';
import { powerAtW } from './stack.js';
import type { Electrical, Installed, RateUnit, RunningTransaction } from './types.js';

/** Most periods a composite schedule holds (2.0.1 chargingSchedulePeriod maxItems 1024); also bounds the moments examined. */
export const MAX_COMPOSITE_PERIODS = 1024;

/** A period of a composite schedule: from `startPeriod` s after its start, `limit` in its unit. */
export interface CompositePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

export interface Composite {
  /** Seconds covered: the duration asked for, shorter only when MAX_COMPOSITE_PERIODS cut it. */
  duration: number;
  chargingRateUnit: RateUnit;
  periods: CompositePeriod[];
}

/** The profiles that can bear on `connectorId`: its own and those set on 0. */
const relevant = (installed: readonly Installed[], connectorId: number): Installed[] =>
  installed.filter((entry) => entry.connectorId === connectorId || entry.connectorId === 0);

/**
 * Sorted distinct moments in [from, until) where the power of `connectorId` may change, `from`
 * first; `until` ≤ `to` is where the list stops being complete (profile.ts bounds each profile's moments).
 */
export function changesBetween(installed: readonly Installed[], connectorId: number, from: number, to: number, chargingStart: number | undefined): Changes {
  const moments = new Set<number>();
  let until = to;
  for (const { profile } of relevant(installed, connectorId)) {
    const changes = profileChanges(profile, from, to, chargingStart, MAX_COMPOSITE_PERIODS);
    until = Math.min(until, changes.until);
    for (const t of changes.moments) moments.add(t);
  }
  return { moments: [from, ...[...moments].filter((t) => t > from && t < until).sort((a, b) => a - b)], until };
}

/** `watts` in `unit`: W rounded to 1 W, A per phase over the charger's phases rounded to 0.1 A (the texts allow one decimal). */
export function inUnit(watts: number, unit: RateUnit, electrical: Electrical): number {
  if (unit === 'W') return Math.round(watts);
  return Math.round((watts / (electrical.voltage * electrical.phases)) * 10) / 10;
}

/**
 * GetCompositeSchedule (OCPP 1.6 §5.7 / §3.13.4, 2.0.1 K08): what `connectorId` may draw from
 * `from` (ms) for `durationSec` seconds, merging every profile by the stacking rules
 * (stack.ts), in `unit`. Where no profile applies the charger's own limit stands:
 * `hardwareW` (its maximum power; for connector 0, that of all its connectors). Periods start
 * on whole seconds (a change inside a second counts from the next one) and equal neighbours merge.
 * Without a transaction, Relative schedules are shown as if charging started at `from`.
 */
export function compositeSchedule(
  installed: readonly Installed[], connectorId: number, from: number, durationSec: number, unit: RateUnit,
  tx: RunningTransaction | undefined, electrical: Electrical, hardwareW: number,
): Composite {
  const chargingStart = tx?.startedAt ?? from;
  const { moments, until } = changesBetween(installed, connectorId, from, from + durationSec * 1000, chargingStart);
  // Past `until` the moments are not known: the schedule ends there (whole seconds).
  let duration = Math.min(durationSec, Math.floor((until - from) / 1000));
  const periods: CompositePeriod[] = [];
  const capped = { ...electrical, maxPowerW: hardwareW };
  for (const at of moments) {
    const startPeriod = Math.ceil((at - from) / 1000);
    if (startPeriod > 0 && startPeriod >= duration) break;
    const limit = inUnit(powerAtW(installed, connectorId, from + startPeriod * 1000, tx, capped, chargingStart), unit, electrical);
    // Moments inside one second round to the same startPeriod and are evaluated at it: equal limits.
    if (periods[periods.length - 1]?.limit === limit) continue;
    if (periods.length === MAX_COMPOSITE_PERIODS) {
      duration = startPeriod;
      break;
    }
    periods.push(unit === 'A' ? { startPeriod, limit, numberPhases: electrical.phases } : { startPeriod, limit });
  }
  return { duration, chargingRateUnit: unit, periods };
}

/**
 * Energy (Wh) `connectorId` takes between `from` and `to` (ms) while charging: the power of
 * powerAtW integrated exactly, piece by piece between the moments it may change.
 */
export function energyWh(installed: readonly Installed[], connectorId: number, from: number, to: number, tx: RunningTransaction | undefined, electrical: Electrical): number {
  let wh = 0;
  for (let start = from; start < to;) {
    const { moments, until } = changesBetween(installed, connectorId, start, to, tx?.startedAt);
    const edges = [...moments, until];
    for (let i = 0; i + 1 < edges.length; i++) {
      const a = edges[i] as number;
      const b = edges[i + 1] as number;
      wh += powerAtW(installed, connectorId, a, tx, electrical) * (b - a) / 3_600_000;
    }
    start = until;
  }
  return wh;
}
