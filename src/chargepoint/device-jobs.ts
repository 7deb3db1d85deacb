import type { ChargePoint } from './charge-point.js';
import { endFirmwareUpdate } from './firmware/firmware-job.js';
import { endReservations } from './reservations/reservations.js';

/** Stops what a charge point runs beside its scenario (a firmware update, reservation expiry timers) when the run stops it. */
export function endDeviceJobs(cp: ChargePoint): void {
  endFirmwareUpdate(cp);
  endReservations(cp);
}
