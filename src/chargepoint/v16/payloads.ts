import type { Payload } from '../../protocol/frame.js';
import type { PowerReading } from '../meter.js';
import type { ChargePointProfile } from '../scenario/types.js';
import { nowIso } from '../../clock/now-iso.js';

/** BootNotification.req (OCPP 1.6 §4.2) from a scenario's charge point profile. */
export function bootPayload(profile: ChargePointProfile): Payload {
  const payload: Payload = { chargePointVendor: profile.vendor, chargePointModel: profile.model };
  if (profile.firmwareVersion) payload.firmwareVersion = profile.firmwareVersion;
  if (profile.serialNumber) payload.chargePointSerialNumber = profile.serialNumber;
  return payload;
}

/** StatusNotification.req for one connector, stamped now (UTC). */
export function statusPayload(connectorId: number, status: string, errorCode = 'NoError'): Payload {
  return { connectorId, errorCode, status, timestamp: nowIso() };
}

/**
 * MeterValues.req carrying the energy register of a connector, in Wh (a string in 1.6, §7.43),
 * and with `power` (a charging connector) the power and current drawn.
 */
export function meterValuesPayload(connectorId: number, registerWh: number, context: string, transactionId?: number, power?: PowerReading): Payload {
  const sampledValue: Payload[] = [{ value: String(Math.round(registerWh)), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }];
  if (power) {
    sampledValue.push(
      { value: String(Math.round(power.powerW)), context, measurand: 'Power.Active.Import', unit: 'W' },
      { value: String(power.currentA), context, measurand: 'Current.Import', unit: 'A' },
    );
  }
  const payload: Payload = { connectorId, meterValue: [{ timestamp: nowIso(), sampledValue }] };
  if (transactionId !== undefined) payload.transactionId = transactionId;
  return payload;
}
