import type { ConnectEvent, GatewayHooks, MessageEvent } from '../../gateway/hooks.js';
import type { Payload } from '../../protocol/frame.js';
import { validatorFor } from '../../protocol/validator.js';
import type { OcppVersion } from '../../protocol/versions.js';
import { PowerFollow } from './power-follow.js';

/** The figures a FrameAudit gathered from one gateway's frames. */
export interface AuditFigures {
  /** Charge points that completed the WebSocket handshake (reconnects included). */
  connects: number;
  /** Frames seen, both directions. */
  frames: number;
  /** CALLs and CALLRESULTs checked against the official schema of the connection's version. */
  validated: number;
  /** Those that failed their schema (or were not OCPP-J at all), with the first few reasons. */
  invalid: number;
  invalidSamples: string[];
  /** CALLERRORs sent by charge points (`in`) and by the gateway (`out`). */
  callErrorsIn: number;
  callErrorsOut: number;
  callErrorSamples: string[];
  /** Transactions begun and ended: StartTransaction/StopTransaction (1.6), TransactionEvent Started/Ended (2.0.1). */
  transactionsStarted: number;
  transactionsEnded: number;
  /** 2.1 SEND messages seen (unconfirmed, e.g. NotifyPeriodicEventStream). */
  sends: number;
  /** Charge points that reported FirmwareStatusNotification Installed. */
  firmwareInstalled: number;
  /** Charge points that booted again after reporting Installing (a firmware update's reboot), and the first few versions those boots reported. */
  firmwareReboots: number;
  rebootVersions: string[];
  /** Transaction-related CALLs whose own timestamp was at least LATE_MS old on arrival (sent from an offline queue). */
  lateTransactionMessages: number;
  /** 2.0.1/2.1 TransactionEvents that said `offline: true`. */
  offlineEvents: number;
  /** Transaction-related CALLs whose timestamp is earlier than the one before from the same charge point, with the first few. */
  outOfOrder: number;
  outOfOrderSamples: string[];
  /** Frames of charge points past the first MAX_AUDITED_CHARGE_POINTS ids (exact): counted in `frames`, not audited. */
  unaudited: number;
  /** CALLs forgotten unanswered once MAX_OPEN_CALLS were open (the oldest first); an answer to one counts as invalid. */
  forgottenCalls: number;
}

const SAMPLES = 3;

/** Charge point ids whose frames are audited (the first to connect); frames of others are only counted (`unaudited`). */
export const MAX_AUDITED_CHARGE_POINTS = 10_000;

/** CALLs awaiting their answer that are remembered, over all charge points; past it the oldest is forgotten. */
export const MAX_OPEN_CALLS = 10_000;

/** A transaction-related message this much older than its arrival was kept in an offline queue, in ms. */
export const LATE_MS = 2_000;

/** The time a transaction-related CALL says it happened (1.6 MeterValues: its first reading), in ms since the epoch, or undefined. */
function transactionTime(action: string, payload: Payload): number | undefined {
  let stamp: unknown;
  if (action === 'StartTransaction' || action === 'StopTransaction' || action === 'TransactionEvent') stamp = payload.timestamp;
  else if (action === 'MeterValues' && payload.transactionId !== undefined && Array.isArray(payload.meterValue)) stamp = (payload.meterValue[0] as Payload | undefined)?.timestamp;
  const ms = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Watches every frame through a gateway's hooks and checks it independently of both ends:
 * each CALL and CALLRESULT is validated against the official schema of the connection's
 * version (matched to its CALL by message id, OCPP-J §4.2), CALLERRORs and transactions are
 * counted. `onFirst(id, action)` hears of the first CALL of each action (of the connection's
 * version) from each charge point. Bounded: per-id state for at most `maxChargePoints` ids
 * (MAX_AUDITED_CHARGE_POINTS) and `maxOpenCalls` open CALLs (MAX_OPEN_CALLS), each excess counted exactly.
 */
export class FrameAudit {
  readonly figures: AuditFigures = {
    connects: 0, frames: 0, validated: 0, invalid: 0, invalidSamples: [], callErrorsIn: 0, callErrorsOut: 0, callErrorSamples: [],
    transactionsStarted: 0, transactionsEnded: 0, sends: 0, firmwareInstalled: 0, firmwareReboots: 0, rebootVersions: [],
    lateTransactionMessages: 0, offlineEvents: 0, outOfOrder: 0, outOfOrderSamples: [], unaudited: 0, forgottenCalls: 0,
  };
  /** Whether the energy register rose by the power each charging connector reported. */
  readonly power = new PowerFollow();
  private readonly protocols = new Map<string, OcppVersion>();
  /** Open CALLs by `id direction messageId`, holding the action. */
  private readonly open = new Map<string, string>();
  private readonly firsts = new Set<string>();
  /** Charge points past Installing and not yet booted again; those that reported Installed; those that rebooted after Installing. */
  private readonly installing = new Set<string>();
  private readonly installed = new Set<string>();
  private readonly rebooted = new Set<string>();
  /** The timestamp of each charge point's last transaction-related CALL. */
  private readonly lastTransactionTime = new Map<string, number>();
  private readonly onFirst: ((chargePointId: string, action: string) => void) | undefined;

  constructor(onFirst?: (chargePointId: string, action: string) => void, private readonly maxChargePoints = MAX_AUDITED_CHARGE_POINTS, private readonly maxOpenCalls = MAX_OPEN_CALLS) {
    this.onFirst = onFirst;
  }

  /** The hooks to pass to `startGateway`. */
  hooks(): GatewayHooks {
    return { onConnect: (event) => this.connected(event), onMessage: (event) => this.frame(event) };
  }

  private connected(event: ConnectEvent): void {
    this.figures.connects++;
    if (this.protocols.size < this.maxChargePoints || this.protocols.has(event.chargePointId)) this.protocols.set(event.chargePointId, event.protocol);
  }

  private frame({ chargePointId: id, direction, text }: MessageEvent): void {
    this.figures.frames++;
    // Every per-id set below holds only ids admitted at connect: the rest are counted, not audited.
    if (!this.protocols.has(id) && this.protocols.size >= this.maxChargePoints) {
      this.figures.unaudited++;
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.bad(`${id} ${direction}: not JSON`);
    }
    if (!Array.isArray(frame) || typeof frame[1] !== 'string') return this.bad(`${id} ${direction}: not an OCPP-J frame`);
    const [type, messageId] = frame as [unknown, string];
    const other = direction === 'in' ? 'out' : 'in';
    if (type === 2) {
      const action = String(frame[2]);
      this.opened(`${id} ${direction} ${messageId}`, action);
      this.validate(id, action, 'req', frame[3] as Payload, direction);
      if (direction === 'in' && this.protocols.has(id)) this.inboundCall(id, action, frame[3] as Payload);
    } else if (type === 3) {
      const key = `${id} ${other} ${messageId}`;
      const action = this.open.get(key);
      this.open.delete(key);
      if (action === undefined) return this.bad(`${id} ${direction}: CALLRESULT ${messageId} answers no open CALL`);
      this.validate(id, action, 'conf', frame[2] as Payload, direction);
    } else if (type === 6 && this.protocols.get(id) === 'ocpp2.1') {
      // A 2.1 SEND: validated like a CALL, never answered (OCPP-J 2.1 §4.2.6).
      this.figures.sends++;
      this.validate(id, String(frame[2]), 'req', frame[3] as Payload, direction);
    } else if (type === 4 || (type === 5 && this.protocols.get(id) === 'ocpp2.1')) {
      // A CALLRESULTERROR (2.1) refuses an answer: counted with the CALLERRORs, it closes no CALL.
      if (type === 4) this.open.delete(`${id} ${other} ${messageId}`);
      if (direction === 'in') this.figures.callErrorsIn++;
      else this.figures.callErrorsOut++;
      if (this.figures.callErrorSamples.length < SAMPLES) this.figures.callErrorSamples.push(`${id} ${direction === 'in' ? 'sent' : 'got'} ${String(frame[2])}: ${String(frame[3])}`);
    } else this.bad(`${id} ${direction}: unknown message type ${String(type)}`);
  }

  /** Remembers an open CALL; past maxOpenCalls the oldest is forgotten (Map order is insertion order). */
  private opened(key: string, action: string): void {
    this.open.delete(key);
    if (this.open.size >= this.maxOpenCalls) {
      this.open.delete(this.open.keys().next().value as string);
      this.figures.forgottenCalls++;
    }
    this.open.set(key, action);
  }

  private inboundCall(id: string, action: string, payload: Payload): void {
    if (action === 'StartTransaction' || (action === 'TransactionEvent' && payload.eventType === 'Started')) this.figures.transactionsStarted++;
    if (action === 'StopTransaction' || (action === 'TransactionEvent' && payload.eventType === 'Ended')) this.figures.transactionsEnded++;
    if (action === 'FirmwareStatusNotification') this.firmwareStatus(id, payload.status);
    if (action === 'BootNotification' && this.installing.delete(id)) this.firmwareReboot(id, payload);
    this.power.observe(id, action, payload);
    this.transactionMessage(id, action, payload);
    // Only actions of the version: an id's firsts are at most its version's actions.
    if (!validatorFor(this.protocols.get(id) as OcppVersion).actions.has(action)) return;
    const first = `${id} ${action}`;
    if (this.firsts.has(first)) return;
    this.firsts.add(first);
    this.onFirst?.(id, action);
  }

  /** Counts a transaction-related CALL made long before it arrived, one said to be offline, one out of order. */
  private transactionMessage(id: string, action: string, payload: Payload): void {
    if (action === 'TransactionEvent' && payload.offline === true) this.figures.offlineEvents++;
    const at = transactionTime(action, payload);
    if (at === undefined) return;
    if (Date.now() - at >= LATE_MS) this.figures.lateTransactionMessages++;
    const before = this.lastTransactionTime.get(id);
    this.lastTransactionTime.set(id, at);
    if (before === undefined || at >= before) return;
    this.figures.outOfOrder++;
    if (this.figures.outOfOrderSamples.length < SAMPLES) this.figures.outOfOrderSamples.push(`${id} ${action} of ${new Date(at).toISOString()} after one of ${new Date(before).toISOString()}`);
  }

  private firmwareStatus(id: string, status: unknown): void {
    if (status === 'Installing') this.installing.add(id);
    if (status === 'Installed' && !this.installed.has(id)) {
      this.installed.add(id);
      this.figures.firmwareInstalled++;
    }
  }

  /** A boot after Installing: 1.6 reports the firmware at the top, 2.0.1 and 2.1 in `chargingStation`. */
  private firmwareReboot(id: string, payload: Payload): void {
    if (!this.rebooted.has(id)) {
      this.rebooted.add(id);
      this.figures.firmwareReboots++;
    }
    const station = payload.chargingStation as Payload | undefined;
    const version = String(payload.firmwareVersion ?? station?.firmwareVersion ?? '(none)').slice(0, 50);
    if (this.figures.rebootVersions.length < SAMPLES && !this.figures.rebootVersions.includes(version)) this.figures.rebootVersions.push(version);
  }

  private validate(id: string, action: string, kind: 'req' | 'conf', payload: Payload, direction: 'in' | 'out'): void {
    const protocol = this.protocols.get(id);
    if (!protocol) return this.bad(`${id} ${direction}: ${action}.${kind} before the handshake was reported`);
    this.figures.validated++;
    try {
      validatorFor(protocol).validate(action, kind, payload);
    } catch (error) {
      this.bad(`${id} ${direction}: ${(error as Error).message}`);
    }
  }

  private bad(reason: string): void {
    this.figures.invalid++;
    if (this.figures.invalidSamples.length < SAMPLES) this.figures.invalidSamples.push(reason);
  }
}

/** Why the audited frames are not clean (invalid frames, CALLERRORs either way), or an empty list. */
export function auditProblems(figures: AuditFigures): string[] {
  const problems: string[] = [];
  if (figures.invalid > 0) problems.push(`${figures.invalid} of ${figures.validated} messages failed their schema (${figures.invalidSamples.join('; ')})`);
  if (figures.unaudited > 0) problems.push(`${figures.unaudited} frames of charge points past the first ${MAX_AUDITED_CHARGE_POINTS} were not audited`);
  const callErrors = figures.callErrorsIn + figures.callErrorsOut;
  if (callErrors > 0) problems.push(`${callErrors} CALLERRORs (${figures.callErrorSamples.join('; ')})`);
  return problems;
}
