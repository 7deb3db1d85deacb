import type { Payload } from '../../protocol/frame.js';
import type { PowerReading } from '../meter.js';
import type { ChargePointProfile } from '../scenario/types.js';
import { nowIso } from '../../clock/now-iso.js';

// The simulated station has one connector per EVSE: 1.6 connector n is 2.0.1 EVSE n, connector 1.

/** The connector of every simulated EVSE. */
export const CONNECTOR_OF_EVSE = 1;

/**
 * 1.6 ChargePointStatus → 2.0.1 ConnectorStatusEnumType (OCPP 2.0.1 G01): every state with a
 * vehicle plugged in (Preparing, Charging, Suspended*, Finishing) is Occupied. 2.0.1 names map to
 * themselves; anything else passes through, so schema validation names it.
 */
const CONNECTOR_STATUS: Readonly<Record<string, string>> = Object.freeze({
  Available: 'Available',
  Preparing: 'Occupied',
  Charging: 'Occupied',
  SuspendedEV: 'Occupied',
  SuspendedEVSE: 'Occupied',
  Finishing: 'Occupied',
  Occupied: 'Occupied',
  Reserved: 'Reserved',
  Unavailable: 'Unavailable',
  Faulted: 'Faulted',
});

/** The 2.0.1 connectorStatus for a status in 1.6 terms (or already in 2.0.1 terms). */
export function connectorStatusOf(status: string): string {
  return Object.hasOwn(CONNECTOR_STATUS, status) ? (CONNECTOR_STATUS[status] as string) : status;
}

/** BootNotificationRequest (OCPP 2.0.1 B01) from a scenario's charge point profile; `reason` is a BootReasonEnumType. */
export function bootRequestV201(profile: ChargePointProfile, reason: string): Payload {
  const chargingStation: Payload = { model: profile.model, vendorName: profile.vendor };
  if (profile.firmwareVersion) chargingStation.firmwareVersion = profile.firmwareVersion;
  if (profile.serialNumber) chargingStation.serialNumber = profile.serialNumber;
  return { reason, chargingStation };
}

/**
 * StatusNotificationRequest (OCPP 2.0.1 G01) for 1.6 connector `connectorId` ≥ 1: EVSE
 * `connectorId`, connector 1. 2.0.1 carries no errorCode (faults are reported with NotifyEvent),
 * so `errorCode` is not sent. 2.0.1 has no status of the station as a whole: the profile says
 * so through `reportsStatusOf(0) === false`; if asked anyway, connector 0 becomes EVSE 0,
 * connector 0 (schema-valid, meaning "the station").
 */
export function statusRequestV201(connectorId: number, status: string, _errorCode?: string): Payload {
  return {
    timestamp: nowIso(),
    connectorStatus: connectorStatusOf(status),
    evseId: connectorId,
    connectorId: connectorId === 0 ? 0 : CONNECTOR_OF_EVSE,
  };
}

/** One MeterValueType with the energy register in Wh (a JSON number in 2.0.1), and with `power` the power and current drawn. */
export function energyReading(registerWh: number, context: string, power?: PowerReading): Payload {
  const sampledValue: Payload[] = [{ value: Math.round(registerWh), context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }];
  if (power) {
    sampledValue.push(
      { value: Math.round(power.powerW), context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
      { value: power.currentA, context, measurand: 'Current.Import', unitOfMeasure: { unit: 'A' } },
    );
  }
  return { timestamp: nowIso(), sampledValue };
}

/**
 * MeterValuesRequest (OCPP 2.0.1 J01) for EVSE `evseId` (0 = the station's main meter). Meter
 * values of a transaction travel in TransactionEvent in 2.0.1, so no transaction id is carried.
 */
export function meterValuesRequestV201(evseId: number, registerWh: number, context: string, power?: PowerReading): Payload {
  return { evseId, meterValue: [energyReading(registerWh, context, power)] };
}

/**
 * 1.6 stop Reason → 2.0.1 ReasonEnumType (OCPP 2.0.1 E06). Resets end transactions with
 * ImmediateReset; an unlock does not stop a transaction in 2.0.1 (F05.FR.02), so it is Other.
 * 2.0.1 names map to themselves.
 */
const STOPPED_REASON: Readonly<Record<string, string>> = Object.freeze({
  HardReset: 'ImmediateReset',
  SoftReset: 'ImmediateReset',
  UnlockCommand: 'Other',
});

const REASONS_V201: ReadonlySet<string> = new Set([
  'DeAuthorized', 'EmergencyStop', 'EnergyLimitReached', 'EVDisconnected', 'GroundFault', 'ImmediateReset', 'Local',
  'LocalOutOfCredit', 'MasterPass', 'Other', 'OvercurrentFault', 'PowerLoss', 'PowerQuality', 'Reboot', 'Remote',
  'SOCLimitReached', 'StoppedByEV', 'TimeLimitReached', 'Timeout',
]);

/** The 2.0.1 stoppedReason for a stop reason in 1.6 (or 2.0.1) terms; unknown reasons are Other. */
export function stoppedReasonOf(reason: string): string {
  if (Object.hasOwn(STOPPED_REASON, reason)) return STOPPED_REASON[reason] as string;
  return REASONS_V201.has(reason) ? reason : 'Other';
}

/** The triggerReason of the Ended event for each stoppedReason (OCPP 2.0.1 E06, TriggerReasonEnumType). */
const END_TRIGGER: Readonly<Record<string, string>> = Object.freeze({
  Local: 'StopAuthorized',
  Remote: 'RemoteStop',
  DeAuthorized: 'Deauthorized',
  ImmediateReset: 'ResetCommand',
  Reboot: 'ResetCommand',
  EVDisconnected: 'EVCommunicationLost',
  EnergyLimitReached: 'EnergyLimitReached',
  TimeLimitReached: 'TimeLimitReached',
  Timeout: 'EVConnectTimeout',
});

/** What made a transaction end, for its Ended event: AbnormalCondition unless a closer reason fits. */
export function endTriggerOf(stoppedReason: string): string {
  return Object.hasOwn(END_TRIGGER, stoppedReason) ? (END_TRIGGER[stoppedReason] as string) : 'AbnormalCondition';
}
