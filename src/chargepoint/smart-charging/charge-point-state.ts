import type { ChargePoint, Transaction } from '../charge-point.js';
import { compositeSchedule, energyWh, type Composite } from './composite.js';
import { powerAtW } from './stack.js';
import { dropEndedTxProfiles, installProfile } from './store.js';
import type { Electrical, Installed, Profile, RateUnit, RunningTransaction } from './types.js';

/**
 * The charger's electrical model unless its scenario says otherwise: 7.4 kW offered, a
 * single-phase 230 V supply (32 A). Limits in A become W through these (stack.ts).
 */
export const DEFAULT_ELECTRICAL: Electrical = Object.freeze({ voltage: 230, phases: 1, maxPowerW: 7400 });

/** Energy delivered by one transaction up to a moment, so a change of profiles applies from then on only. */
interface Checkpoint {
  readonly tx: Transaction;
  readonly at: number;
  readonly wh: number;
}

interface State {
  installed: readonly Installed[];
  /** Wall clock (ms since the epoch) minus scheduler time: profiles speak in dates, the charge point in scheduler time. */
  readonly anchor: number;
  readonly checkpoints: Map<number, Checkpoint>;
}

const states = new WeakMap<ChargePoint, State>();

function stateOf(cp: ChargePoint): State {
  let state = states.get(cp);
  if (!state) states.set(cp, state = { installed: [], anchor: Date.now() - cp.ctx.scheduler.now(), checkpoints: new Map() });
  return state;
}

/** The charge point's electrical model: DEFAULT_ELECTRICAL with its scenario's chargePoint.power overrides. */
export function electricalOf(cp: ChargePoint): Electrical {
  const own = cp.scenario.chargePoint.power;
  return own ? { ...DEFAULT_ELECTRICAL, ...own } : DEFAULT_ELECTRICAL;
}

/** Now on the wall clock (ms since the epoch), moving with the charge point's scheduler. */
export function wallNow(cp: ChargePoint): number {
  return cp.ctx.scheduler.now() + stateOf(cp).anchor;
}

/** The id by which the central system knows a transaction: 2.0.1's transactionId, else 1.6's number. */
export function transactionKey(tx: Transaction): number | string {
  const id = (tx as { transactionId?: unknown }).transactionId;
  return typeof id === 'string' ? id : tx.id;
}

/** The transaction on `connectorId` as the evaluator needs it, its start on the wall clock. */
export function runningTransaction(cp: ChargePoint, connectorId: number): RunningTransaction | undefined {
  const tx = cp.transactions?.[connectorId];
  return tx ? { startedAt: tx.startedAt + stateOf(cp).anchor, transactionId: transactionKey(tx) } : undefined;
}

/** The installed profiles, without TxProfiles whose transaction has ended. */
export function installedProfiles(cp: ChargePoint): readonly Installed[] {
  const state = stateOf(cp);
  const running = (connectorId: number): number | string | undefined => runningTransaction(cp, connectorId)?.transactionId;
  if (state.installed.some((entry) => entry.profile.purpose === 'Tx')) state.installed = dropEndedTxProfiles(state.installed, running);
  return state.installed;
}

/**
 * Energy (Wh) the transaction on `connectorId` has taken so far: 0 without one. The result is
 * kept as the new checkpoint (the past never changes), so each reading integrates only the time
 * since the one before, however long the transaction and however many periods its profiles have.
 */
export function transactionEnergyWh(cp: ChargePoint, connectorId: number): number {
  const tx = cp.transactions?.[connectorId];
  if (!tx) return 0;
  const state = stateOf(cp);
  const mark = state.checkpoints.get(connectorId);
  const from = mark?.tx === tx ? mark : { at: tx.startedAt + state.anchor, wh: 0 };
  const now = wallNow(cp);
  const wh = from.wh + energyWh(installedProfiles(cp), connectorId, from.at, now, runningTransaction(cp, connectorId), electricalOf(cp));
  state.checkpoints.set(connectorId, { tx, at: now, wh });
  return wh;
}

/** Power (W) drawn on `connectorId` now: the offer capped by the profiles while a transaction runs, else 0. */
export function powerNowW(cp: ChargePoint, connectorId: number): number {
  const tx = runningTransaction(cp, connectorId);
  return tx ? powerAtW(installedProfiles(cp), connectorId, wallNow(cp), tx, electricalOf(cp)) : 0;
}

/**
 * Replaces the installed profiles with `change(installed)`. The energy of every running
 * transaction is first carried up to now under the old profiles, so the new ones apply from now on.
 */
export function changeProfiles(cp: ChargePoint, change: (installed: readonly Installed[]) => readonly Installed[]): void {
  for (const [connectorId, tx] of (cp.transactions ?? []).entries()) if (tx) transactionEnergyWh(cp, connectorId);
  const state = stateOf(cp);
  state.installed = change(installedProfiles(cp));
}

/**
 * Installs the TxProfile a remote start carried (1.6 RemoteStartTransaction, 2.0.1
 * RequestStartTransaction) for the transaction that start began on `connectorId`; false when no
 * transaction runs there or the store refuses it (the start was already answered Accepted).
 */
export function installForTransaction(cp: ChargePoint, connectorId: number, profile: Profile, options: { sameLevelReplaces: boolean; maxProfiles: number }): boolean {
  const transaction = runningTransaction(cp, connectorId)?.transactionId;
  if (transaction === undefined) return false;
  const outcome = installProfile(installedProfiles(cp), { connectorId, profile, transaction }, options);
  if ('refused' in outcome) return false;
  changeProfiles(cp, () => outcome.installed);
  return true;
}

/**
 * The composite schedule of `connectorId` (0: the whole charge point, whose hardware limit is that
 * of all its connectors) for `durationSec` from now, in whole seconds, for GetCompositeSchedule
 * (1.6 §5.7, 2.0.1 K08): `start` is that whole second on the wall clock.
 */
export function compositeFromNow(cp: ChargePoint, connectorId: number, durationSec: number, unit: RateUnit): Composite & { start: number } {
  const electrical = electricalOf(cp);
  const start = Math.floor(wallNow(cp) / 1000) * 1000;
  const hardwareW = electrical.maxPowerW * (connectorId === 0 ? cp.connectorStatus.length - 1 : 1);
  return { start, ...compositeSchedule(installedProfiles(cp), connectorId, start, durationSec, unit, runningTransaction(cp, connectorId), electrical, hardwareW) };
}
