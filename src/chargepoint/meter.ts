import type { ChargePoint } from './charge-point.js';

/** Simulated charging power while a transaction runs, in watts (7.4 kW, a typical AC charger). */
const CHARGING_POWER_W = 7400;

/** The energy register of `connectorId` now, in Wh: it rises with simulated power during a transaction. */
export function meterNow(cp: ChargePoint, connectorId: number): number {
  const base = cp.meterWh?.[connectorId] ?? 0;
  const tx = cp.transactions?.[connectorId];
  if (!tx) return base;
  const hours = (cp.ctx.scheduler.now() - tx.startedAt) / 3_600_000;
  return base + CHARGING_POWER_W * hours;
}

/** The first connector (1..N) with no transaction and status Available, or undefined. */
export function freeConnector(cp: ChargePoint): number | undefined {
  for (let id = 1; id < cp.connectorStatus.length; id++) {
    if (!cp.transactions?.[id] && cp.connectorStatus[id] === 'Available') return id;
  }
  return undefined;
}
