import type { Period, Profile } from './types.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** One period of a profile in force at some moment, with the unit of its schedule. */
export interface LimitInForce extends Period {
  readonly unit: 'A' | 'W';
}

/** How long one recurrence of a Recurring profile lasts, in ms. */
function recurrenceMs(profile: Profile): number {
  return profile.recurrency === 'Weekly' ? WEEK_MS : DAY_MS;
}

/**
 * When the run of `profile`'s schedule that covers `at` started (ms), or undefined when it has
 * none (OCPP 1.6 §3.13.1, 2.0.1 K01): Relative schedules start with the transaction (`txStart`);
 * Recurring ones at startSchedule plus whole days or weeks; Absolute ones at startSchedule, or
 * without one at the start of charging (`txStart`), or outside a transaction when they arrived.
 */
export function scheduleStart(profile: Profile, at: number, txStart: number | undefined): number | undefined {
  const { startSchedule } = profile.schedule;
  if (profile.kind === 'Relative') return txStart;
  if (profile.kind === 'Recurring') {
    if (startSchedule === undefined) return undefined;
    const every = recurrenceMs(profile);
    return startSchedule + Math.floor((at - startSchedule) / every) * every;
  }
  return startSchedule ?? txStart ?? profile.receivedAt;
}

/**
 * The period of `profile` in force at `at` (ms), or undefined when the profile says nothing
 * then: outside validFrom..validTo (validTo excluded), before its schedule starts, past its
 * duration, or before its first period.
 */
export function limitInForce(profile: Profile, at: number, txStart: number | undefined): LimitInForce | undefined {
  if (profile.validFrom !== undefined && at < profile.validFrom) return undefined;
  if (profile.validTo !== undefined && at >= profile.validTo) return undefined;
  const start = scheduleStart(profile, at, txStart);
  if (start === undefined || at < start) return undefined;
  const offsetSec = (at - start) / 1000;
  const { duration, periods, chargingRateUnit } = profile.schedule;
  if (duration !== undefined && offsetSec >= duration) return undefined;
  let found: Period | undefined;
  for (const period of periods) {
    if (period.startPeriod > offsetSec) break;
    found = period;
  }
  return found && { ...found, unit: chargingRateUnit };
}

/** Moments at which a limit may change, complete up to `until` (ms): none are missing before it. */
export interface Changes {
  readonly moments: number[];
  readonly until: number;
}

/**
 * The moments in [from, to) at which `limitInForce` of `profile` may change, sorted and
 * distinct: validity bounds, schedule starts, period starts and schedule ends of every run that
 * overlaps the window. At most `max` of them: when there are more (a Daily profile over months),
 * `until` is where the list stops being complete, so callers go on from there.
 */
export function profileChanges(profile: Profile, from: number, to: number, txStart: number | undefined, max: number): Changes {
  const out: number[] = [];
  const add = (t: number): void => { if (t >= from && t < to) out.push(t); };
  if (profile.validFrom !== undefined) add(profile.validFrom);
  if (profile.validTo !== undefined) add(profile.validTo);
  let horizon = to;
  const first = scheduleStart(profile, from, txStart);
  if (first !== undefined) {
    const every = profile.kind === 'Recurring' ? recurrenceMs(profile) : Infinity;
    for (let start = first; start < to; start += every) {
      // Runs come in time order, each with moments at or after its start: stop once enough are known.
      if (out.length > max) {
        horizon = start;
        break;
      }
      for (const period of profile.schedule.periods) add(start + period.startPeriod * 1000);
      if (profile.schedule.duration !== undefined) add(start + profile.schedule.duration * 1000);
      if (every === Infinity) break;
    }
  }
  const sorted = [...new Set(out)].filter((t) => t < horizon).sort((a, b) => a - b);
  if (sorted.length <= max) return { moments: sorted, until: horizon };
  return { moments: sorted.slice(0, max), until: sorted[max] as number };
}
