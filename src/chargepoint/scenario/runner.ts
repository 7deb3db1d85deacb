import type { ChargePoint } from '../charge-point.js';
import { startScript } from './interpreter.js';

export { scenarioHandlers } from './inbound.js';

/**
 * Runs the scenario's steps for the connection `gen` (called on every open): from the first
 * step, or continuing a `reconnect` step that waited for this connection. Stops quietly when
 * the connection ends. Never throws: a failed check is recorded and the charge point carries on
 * (or stops its steps with `onFail: stop`); anything unexpected is counted as `scenario-crash`.
 */
export async function runScenario(cp: ChargePoint, gen: number): Promise<void> {
  try {
    await startScript(cp, gen);
  } catch (error) {
    cp.ctx.recorder.fault('scenario-crash');
    cp.lastError = `scenario step failed: ${(error as Error).message}`;
  }
}
