import type { Electrical, Installed, Period, Profile } from '../../../src/chargepoint/smart-charging/types.js';

/** A fixed clock: 2026-01-05 (a Monday) 12:00:00 UTC, in ms. */
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const SEC = 1000;
export const HOUR = 3_600_000;

/** The default charger: 230 V, one phase, 7.4 kW. */
export const ONE_PHASE: Electrical = { voltage: 230, phases: 1, maxPowerW: 7400 };

/** A profile with sensible defaults: an Absolute W schedule starting at T0 with one period of `limit`; `startSchedule: null` leaves it out. */
export function profile(fields: Partial<Omit<Profile, 'schedule'>> & { limit?: number; periods?: Period[]; startSchedule?: number | null; duration?: number; unit?: 'A' | 'W' } = {}): Profile {
  const { limit = 3700, periods, startSchedule = T0, duration, unit = 'W', ...rest } = fields;
  return {
    id: 1, stackLevel: 0, purpose: 'TxDefault', kind: 'Absolute', receivedAt: T0, original: {},
    schedule: {
      chargingRateUnit: unit, periods: periods ?? [{ startPeriod: 0, limit }],
      ...(rest.kind === 'Relative' || startSchedule === null ? {} : { startSchedule }), ...(duration === undefined ? {} : { duration }),
    },
    ...rest,
  };
}

export const on = (connectorId: number, p: Profile, transaction?: number | string): Installed =>
  (transaction === undefined ? { connectorId, profile: p } : { connectorId, profile: p, transaction });
