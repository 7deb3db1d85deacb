import { dataValue } from './data-set.js';
import type { ChargePointProfile, Scenario } from './types.js';

/** A data value of the charge point's row, undefined when the column is absent or the value empty. */
function given(scenario: Scenario, index: number, column: string): string | undefined {
  if (!scenario.data) return undefined;
  const value = dataValue(scenario.data, index, column);
  return value === '' ? undefined : value;
}

/** The identity its data row gives the charge point with fleet index `index` (column `id`), if any. */
export function dataIdOf(scenario: Scenario, index: number): string | undefined {
  return given(scenario, index, 'id');
}

/** The HTTP Basic password its data row gives the charge point with fleet index `index` (column `password`), if any. */
export function dataPasswordOf(scenario: Scenario, index: number): string | undefined {
  return given(scenario, index, 'password');
}

/**
 * What the charge point with fleet index `index` reports in BootNotification: the scenario's
 * `chargePoint`, with `vendor`, `model`, `serial` and `firmwareVersion` of its data row where
 * given. The scenario's own object when the row changes nothing (no allocation per charge point).
 */
export function chargePointProfileOf(scenario: Scenario, index: number): ChargePointProfile {
  if (!scenario.data) return scenario.chargePoint;
  const vendor = given(scenario, index, 'vendor');
  const model = given(scenario, index, 'model');
  const serialNumber = given(scenario, index, 'serial');
  const firmwareVersion = given(scenario, index, 'firmwareVersion');
  if (vendor === undefined && model === undefined && serialNumber === undefined && firmwareVersion === undefined) return scenario.chargePoint;
  return {
    ...scenario.chargePoint,
    ...(vendor === undefined ? {} : { vendor }),
    ...(model === undefined ? {} : { model }),
    ...(serialNumber === undefined ? {} : { serialNumber }),
    ...(firmwareVersion === undefined ? {} : { firmwareVersion }),
  };
}
