/**
 * Charging profiles as the evaluator sees them, the same for OCPP 1.6 and 2.0.1 (parse.ts turns
 * either version's payload into these). Times are milliseconds since the epoch, durations and
 * startPeriods seconds, as in the texts.
 */

/**
 * What a profile limits (1.6 ChargingProfilePurposeType, 2.0.1 ChargingProfilePurposeEnumType): `StationMax` is
 * 1.6 ChargePointMaxProfile and 2.0.1 ChargingStationMaxProfile (connector/EVSE 0 only).
 */
export type Purpose = 'StationMax' | 'TxDefault' | 'Tx';

export type RateUnit = 'A' | 'W';

/** One ChargingSchedulePeriod: from `startPeriod` seconds after the schedule's start, at most `limit` (per phase in A). */
export interface Period {
  readonly startPeriod: number;
  readonly limit: number;
  readonly numberPhases?: number;
}

export interface Schedule {
  /** Absolute and Recurring: when the schedule (its first recurrence) starts; absent: the start of charging. */
  readonly startSchedule?: number;
  /** Seconds the schedule lasts; absent: until the next recurrence, or for ever. */
  readonly duration?: number;
  readonly chargingRateUnit: RateUnit;
  /** Sorted by startPeriod, the first at 0 (checked by parse.ts). */
  readonly periods: readonly Period[];
}

/** An installed charging profile. */
export interface Profile {
  readonly id: number;
  readonly stackLevel: number;
  readonly purpose: Purpose;
  readonly kind: 'Absolute' | 'Recurring' | 'Relative';
  readonly recurrency?: 'Daily' | 'Weekly';
  readonly validFrom?: number;
  readonly validTo?: number;
  /** TxProfile: the transaction it was set for (1.6 number, 2.0.1 string), if the CSMS named one. */
  readonly transactionId?: number | string;
  readonly schedule: Schedule;
  /** When the charge point accepted it: the start of an Absolute schedule without startSchedule outside a transaction. */
  readonly receivedAt: number;
  /** The profile as the CSMS sent it, for GetChargingProfiles reports. */
  readonly original: Readonly<Record<string, unknown>>;
}

/** A profile and the connector (1.6) or EVSE (2.0.1) it was set on; 0 = the whole charge point. */
export interface Installed {
  readonly connectorId: number;
  readonly profile: Profile;
  /** TxProfile: the transaction running on the connector when it was set; it ends with it. */
  readonly transaction?: number | string;
}

/**
 * How the simulated charger turns amperes into watts: `voltage` volts per phase, `phases` phases
 * wired, and at most `maxPowerW` watts offered to the vehicle. A limit in A of a period with
 * numberPhases n (3 when absent, as the texts say) allows limit × voltage × min(n, phases) W.
 */
export interface Electrical {
  readonly voltage: number;
  readonly phases: number;
  readonly maxPowerW: number;
}

/** The transaction running on the connector evaluated: its start (ms since the epoch) and its id, for TxProfiles. */
export interface RunningTransaction {
  readonly startedAt: number;
  readonly transactionId: number | string;
}
