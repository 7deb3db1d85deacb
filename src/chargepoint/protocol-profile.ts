import type { Payload } from '../protocol/frame.js';
import type { HandlerTable } from '../protocol/rpc-session.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { ChargePoint } from './charge-point.js';
import type { PowerReading } from './meter.js';
import type { ChargePointProfile } from './scenario/types.js';
import { V16 } from './v16/profile.js';
import { V201 } from './v201/profile.js';
import type { EventStreamParams } from './v21/event-streams.js';
import { V21 } from './v21/profile.js';

/**
 * What differs between OCPP versions on the charge point side: how it answers the central
 * system, and how it words the messages the scenario steps send. Steps never build a
 * version's payload themselves; they ask the profile of the charge point's version.
 */
export interface ProtocolProfile {
  readonly version: OcppVersion;
  readonly handlers: HandlerTable<ChargePoint>;
  /** BootNotification request; `reason` is used by versions that carry one (2.0.1). */
  bootRequest(profile: ChargePointProfile, reason: string): Payload;
  /** StatusNotification request for connector `connectorId` (0 = the charge point itself) in 1.6 terms. */
  statusRequest(connectorId: number, status: string, errorCode: string): Payload;
  /**
   * Optional: false when this version sends no StatusNotification for `connectorId`, so a step
   * skips it; absent means every connector is reported. 2.0.1 has no status of the station as
   * a whole (connector 0), only of each EVSE's connectors.
   */
  reportsStatusOf?(connectorId: number): boolean;
  /** A meter reading of the energy register of `connectorId`, in Wh, with the power drawn when `power` is given. */
  meterValuesRequest(connectorId: number, registerWh: number, context: string, transactionId?: number | string, power?: PowerReading): Payload;
  /**
   * Optional: sends a reading of the transaction running on `connectorId` the way this version
   * carries one, when that is not a MeterValues message: 2.0.1 sends TransactionEvent Updated
   * (J02). Absent: send `meterValuesRequest` with the transaction id.
   */
  transactionMeterValues?(cp: ChargePoint, connectorId: number, context: string): Promise<void>;
  /** Starts a transaction on `connectorId` for `idTag` (1.6 StartTransaction; 2.0.1 TransactionEvent Started). */
  startTransaction(cp: ChargePoint, connectorId: number, idTag: string): Promise<void>;
  /** Stops the transaction on `connectorId` with a reason in 1.6 terms (Local, Remote, …). */
  stopTransaction(cp: ChargePoint, connectorId: number, reason: string): Promise<void>;
  /**
   * Optional: periodic event streams (2.1 N08), for the `periodicEventStream` step. `open` resolves
   * with the stream id, or undefined when the CSMS did not accept it; absent in 1.6 and 2.0.1.
   */
  readonly eventStreams?: {
    open(cp: ChargePoint, params: EventStreamParams): Promise<number | undefined>;
    close(cp: ChargePoint, id: number): Promise<void>;
  };
}

/** The charge point's side of each version: its folder's profile. Adding a version is one row here. */
const PROFILES: Partial<Record<OcppVersion, ProtocolProfile>> = { 'ocpp1.6': V16, 'ocpp2.0.1': V201, 'ocpp2.1': V21 };

/** The profile of `version`; throws for a version the charge point does not speak yet. */
export function profileFor(version: OcppVersion): ProtocolProfile {
  const profile = PROFILES[version];
  if (!profile) throw new Error(`charge points do not speak ${version} yet`);
  return profile;
}
