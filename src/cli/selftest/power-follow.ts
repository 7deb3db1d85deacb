import type { Payload } from '../../protocol/frame.js';

/** A reading that carries both the energy register and the power drawn (a charging connector's). */
export interface PowerReading {
  /** Its timestamp, ms since the epoch. */
  at: number;
  wh: number;
  w: number;
}

/** What a PowerFollow gathered: whether the energy register rose by the power the readings reported. */
export interface PowerFigures {
  /** Charge points that reported, twice in a row in one transaction, a power below the highest they had reported, their register following it. */
  limited: number;
  /** Pairs of consecutive readings of one transaction at the same power whose register rose by that power × time. */
  followed: number;
  /** Pairs whose register did not (more than 1 Wh of rounding and 5 % off), with the first few. */
  strayed: number;
  straySamples: string[];
}

const SAMPLES = 3;
const MAX_TRACKED = 100_000;

const numberOf = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * The register (Wh) and power (W) of the first MeterValue of a 1.6 MeterValues or a 2.0.1/2.1
 * TransactionEvent, with the transaction it belongs to; undefined unless it carries both.
 */
export function powerReadingOf(action: string, payload: Payload): { transaction: string; reading: PowerReading } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const transaction = action === 'MeterValues' ? payload.transactionId
    : action === 'TransactionEvent' ? (payload.transactionInfo as Payload | undefined)?.transactionId : undefined;
  const meterValue = Array.isArray(payload.meterValue) ? (payload.meterValue[0] as Payload | undefined) : undefined;
  if ((typeof transaction !== 'number' && typeof transaction !== 'string') || !meterValue || !Array.isArray(meterValue.sampledValue)) return undefined;
  const value = (measurand: string): number | undefined =>
    numberOf((meterValue.sampledValue as Payload[]).find((v) => v?.measurand === measurand)?.value);
  const wh = value('Energy.Active.Import.Register');
  const w = value('Power.Active.Import');
  const at = typeof meterValue.timestamp === 'string' ? Date.parse(meterValue.timestamp) : Number.NaN;
  if (wh === undefined || w === undefined || !Number.isFinite(at)) return undefined;
  return { transaction: String(transaction), reading: { at, wh, w } };
}

/**
 * Watches the readings charge points send and checks, between consecutive readings of one
 * transaction that report the same power, that the register rose by that power over the time
 * between them: what a charging profile changes (docs/charging.md) shows in energy, not only in
 * the power figure. Tracks at most MAX_TRACKED transactions (the oldest forgotten first).
 */
export class PowerFollow {
  readonly figures: PowerFigures = { limited: 0, followed: 0, strayed: 0, straySamples: [] };
  private readonly last = new Map<string, PowerReading>();
  private readonly peak = new Map<string, number>();
  private readonly limited = new Set<string>();

  observe(chargePointId: string, action: string, payload: Payload): void {
    const found = powerReadingOf(action, payload);
    if (!found) return;
    const { reading } = found;
    const key = `${chargePointId} ${found.transaction}`;
    const before = this.last.get(key);
    this.last.delete(key);
    if (this.last.size >= MAX_TRACKED) this.last.delete(this.last.keys().next().value as string);
    this.last.set(key, reading);
    const peak = Math.max(this.peak.get(chargePointId) ?? 0, reading.w);
    if (this.peak.size < MAX_TRACKED || this.peak.has(chargePointId)) this.peak.set(chargePointId, peak);
    if (!before || before.w !== reading.w || reading.at <= before.at) return;
    const expectedWh = (reading.w * (reading.at - before.at)) / 3_600_000;
    const risen = reading.wh - before.wh;
    if (Math.abs(risen - expectedWh) > 1 + 0.05 * expectedWh) {
      this.figures.strayed++;
      if (this.figures.straySamples.length < SAMPLES) {
        this.figures.straySamples.push(`${chargePointId}: ${risen} Wh in ${reading.at - before.at} ms at ${reading.w} W, expected ${expectedWh.toFixed(1)} Wh`);
      }
      return;
    }
    this.figures.followed++;
    if (reading.w < peak && !this.limited.has(chargePointId) && this.limited.size < MAX_TRACKED) {
      this.limited.add(chargePointId);
      this.figures.limited = this.limited.size;
    }
  }
}
