import type { ChargePoint } from './charge-point.js';
import { electricalOf, powerNowW, transactionEnergyWh } from './smart-charging/charge-point-state.js';

/**
 * The energy register of `connectorId` now, in Wh: while a transaction runs it rises with the
 * power drawn, the charger's offer (7.4 kW unless the scenario's chargePoint.power says
 * otherwise) capped by the charging profiles in force (smart-charging/).
 */
export function meterNow(cp: ChargePoint, connectorId: number): number {
  const base = cp.meterWh?.[connectorId] ?? 0;
  return base + transactionEnergyWh(cp, connectorId);
}

/** Power and current drawn on a connector now, for Power.Active.Import and Current.Import readings. */
export interface PowerReading {
  /** W. */
  powerW: number;
  /** A per phase: the power over the charger's voltage and phases, one decimal. */
  currentA: number;
}

/** What `connectorId` draws now, or undefined when no transaction runs on it (its readings carry the register only). */
export function powerNow(cp: ChargePoint, connectorId: number): PowerReading | undefined {
  if (!cp.transactions?.[connectorId]) return undefined;
  const powerW = powerNowW(cp, connectorId);
  const { voltage, phases } = electricalOf(cp);
  return { powerW, currentA: Math.round((powerW / (voltage * phases)) * 10) / 10 };
}

/** The first connector (1..N) with no transaction and status Available, or undefined. */
export function freeConnector(cp: ChargePoint): number | undefined {
  for (let id = 1; id < cp.connectorStatus.length; id++) {
    if (!cp.transactions?.[id] && cp.connectorStatus[id] === 'Available') return id;
  }
  return undefined;
}
