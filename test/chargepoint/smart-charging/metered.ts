import type { Scenario } from '../../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway } from '../../../src/gateway/server.js';
import type { Payload } from '../../../src/protocol/frame.js';
import type { OcppVersion } from '../../../src/protocol/versions.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { WAIT_FLOOR_MS, waitUntil } from '../../helpers/poll.js';

/** The test charger's offer: 360 kW (100 Wh a second), so whole-Wh rounding is 1 % of a 1 s step. */
export const OFFER_W = 360_000;

/** Boot, report, start a transaction on connector 1, then a periodic reading every second for two minutes. */
export function meteredScenario(protocol: OcppVersion): Scenario {
  return {
    name: 'metered', file: 'metered-inline.yaml', protocol,
    chargePoint: { vendor: 'ocpp-sim', model: 'VirtualCP', connectors: 2, power: { maxPowerW: OFFER_W, voltage: 230, phases: 3 } },
    steps: [
      { type: 'boot', line: 1 },
      { type: 'statusNotification', line: 2, connector: 'all', status: 'Available', errorCode: 'NoError' },
      { type: 'startTransaction', line: 3, connector: 1, idTag: 'TAG-1' },
      { type: 'repeat', line: 4, everyMs: 1000, forMs: 120_000, steps: [{ type: 'meterValues', line: 5, connector: 1, context: 'Sample.Periodic' }] },
    ],
  };
}

/** One periodic reading the charge point sent: when, the register (Wh) and the power (W). */
export interface Reading {
  at: number;
  wh: number;
  w: number;
}

interface SampledValue { value: string | number; measurand?: string }

/** The readings in a MeterValues (1.6) or TransactionEvent (2.0.1) payload, if it carries periodic ones. */
function readingOf(payload: Payload): Reading | undefined {
  const meterValue = (payload.meterValue as Array<{ timestamp: string; sampledValue: SampledValue[] }> | undefined)?.[0];
  const value = (measurand: string): number => Number(meterValue?.sampledValue.find((v) => v.measurand === measurand)?.value);
  if (!meterValue || (meterValue.sampledValue[0] as { context?: string }).context !== 'Sample.Periodic') return undefined;
  return { at: Date.parse(meterValue.timestamp), wh: value('Energy.Active.Import.Register'), w: value('Power.Active.Import') };
}

/** The periodic readings among MeterValues / TransactionEvent payloads, oldest first. */
export function readingsOf(payloads: readonly Payload[]): Reading[] {
  return payloads.flatMap((p) => readingOf(p) ?? []).sort((a, b) => a.at - b.at);
}

/** A gateway on port 0 recording every frame the charge point sends, and one metered charge point CP-001 against it. */
export class Metered {
  readonly frames: unknown[][] = [];
  private constructor(readonly gateway: Gateway, readonly fleet: Fleet) {}

  static async start(protocol: OcppVersion): Promise<Metered> {
    const frames: unknown[][] = [];
    const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, onMessage: (e) => { if (e.direction === 'in') frames.push(JSON.parse(e.text) as unknown[]); } });
    const fleet = new Fleet(fleetOptions(gateway.url, { scenario: meteredScenario(protocol), durationMs: 150_000 }));
    const metered = new Metered(gateway, fleet);
    (metered as { frames: unknown[][] }).frames = frames;
    fleet.start();
    return metered;
  }

  /** Payloads of the CALLs of `action` the charge point sent. */
  calls(action: string): Payload[] {
    return this.frames.filter((f) => f[0] === 2 && f[2] === action).map((f) => f[3] as Payload);
  }

  /** Periodic readings so far, oldest first. */
  readings(): Reading[] {
    return readingsOf([...this.calls('MeterValues'), ...this.calls('TransactionEvent')]);
  }

  /** Waits until `count` readings at `watts` were sent. */
  async readingsAt(watts: number, count: number, ms = 30_000): Promise<Reading[]> {
    await waitUntil(() => this.readings().filter((r) => r.w === watts).length >= count, ms, `${count} readings at ${watts} W`, 50);
    return this.readings().filter((r) => r.w === watts);
  }

  /** POST /connections/CP-001/call of the gateway's HTTP API: status and body. */
  async call(action: string, payload: Payload): Promise<{ status: number; body: { result?: Payload; error?: { code: string } } }> {
    const response = await fetch(`${this.gateway.httpUrl}/connections/CP-001/call`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, payload }),
    });
    return { status: response.status, body: (await response.json()) as { result?: Payload } };
  }

  async close(): Promise<void> {
    await this.fleet.stop();
    await this.gateway.close();
  }
}

/** Energy rate (Wh per hour = W) over a run of readings: first to last. */
export function rateW(readings: readonly Reading[]): number {
  const first = readings[0] as Reading;
  const last = readings[readings.length - 1] as Reading;
  return ((last.wh - first.wh) * 3_600_000) / (last.at - first.at);
}

/** Asks `check` again every 200 ms (each answer awaited) until it says true, for at most WAIT_FLOOR_MS (a loaded machine is slow, not wrong). */
export async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const ms = WAIT_FLOOR_MS;
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
