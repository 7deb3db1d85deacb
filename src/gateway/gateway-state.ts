import type { BootStatus } from './options.js';

/**
 * Charge point ids whose last boot answer a gateway remembers. The ids come from peers (any
 * path of at most 48 characters), so the memory is bounded: past this many the id remembered
 * longest ago is forgotten, and a forgotten charge point that reconnects without booting is
 * served as one that never booted here (boot-guard.ts). Twice the 50,000 charge points the
 * gateway is sized for; at most about 15 MB.
 */
export const MAX_REMEMBERED_BOOTS = 100_000;

/** A plain snapshot of a gateway's counters, safe to serialise. */
export interface GatewayStats {
  /** Charge points connected now. */
  connections: number;
  /** WebSocket messages received from charge points since start. */
  messagesReceived: number;
  /** WebSocket messages sent to charge points since start. */
  messagesSent: number;
  /** BootNotification answers sent since start, by status. */
  boots: Record<BootStatus, number>;
}

/** What the handler table of every version needs from its gateway. */
export interface HandlerDeps {
  /** The status of the next BootNotification answer (constant, or drawn from weights). */
  readonly chooseBootStatus: () => BootStatus;
  readonly heartbeatIntervalSec: number;
  readonly state: GatewayState;
  /** The BootNotification answer of `chargePointId` when it has its own (`bootStatusById`), else undefined. */
  readonly bootStatusOf?: (chargePointId: string) => BootStatus | undefined;
  /** Accepted for a known token, Invalid otherwise (`idTags`); absent: every token is Accepted. */
  readonly tokenStatus?: (token: string) => 'Accepted' | 'Invalid';
}

/**
 * The state one gateway shares across its connections: message and boot counters, the
 * transaction id counter, and the last boot answer per charge point id (the latest
 * MAX_REMEMBERED_BOOTS ids), so a charge point that reconnects without booting keeps its status
 * (OCPP-J 1.6 §5.4: a reconnect need not boot).
 */
export class GatewayState {
  messagesReceived = 0;
  messagesSent = 0;
  private readonly boots: Record<BootStatus, number> = { Accepted: 0, Pending: 0, Rejected: 0 };
  private readonly lastBoot = new Map<string, BootStatus>();
  private lastTransactionId = 0;
  private readonly onBoot: ((status: BootStatus) => void) | undefined;

  private readonly maxRemembered: number;

  /** `onBoot` hears of every boot answer recorded (the metrics count them); `maxRemembered` bounds the ids remembered (tests lower it). */
  constructor(onBoot?: (status: BootStatus) => void, maxRemembered = MAX_REMEMBERED_BOOTS) {
    this.onBoot = onBoot;
    this.maxRemembered = maxRemembered;
  }

  /** A positive integer never handed out before by this gateway (OCPP 1.6 §4.8). */
  nextTransactionId(): number {
    return ++this.lastTransactionId;
  }

  /** True when `id` is a transaction id this gateway handed out. */
  gaveTransactionId(id: unknown): boolean {
    return Number.isInteger(id) && (id as number) >= 1 && (id as number) <= this.lastTransactionId;
  }

  /**
   * Counts a BootNotification answer and remembers it for `chargePointId`, as the most recent
   * one: a Map keeps insertion order, so the first key is the id whose boot is oldest, and it is
   * forgotten once more than `maxRemembered` ids are kept.
   */
  recordBoot(chargePointId: string, status: BootStatus): void {
    this.boots[status]++;
    this.lastBoot.delete(chargePointId);
    this.lastBoot.set(chargePointId, status);
    if (this.lastBoot.size > this.maxRemembered) this.lastBoot.delete(this.lastBoot.keys().next().value as string);
    this.onBoot?.(status);
  }

  /** How many charge point ids have their last boot answer remembered. */
  get rememberedBoots(): number {
    return this.lastBoot.size;
  }

  /** The last boot status this gateway answered `chargePointId` with, if it ever booted. */
  lastBootOf(chargePointId: string): BootStatus | undefined {
    return this.lastBoot.get(chargePointId);
  }

  /** The counters now, with `connections` supplied by the caller. */
  snapshot(connections: number): GatewayStats {
    return { connections, messagesReceived: this.messagesReceived, messagesSent: this.messagesSent, boots: { ...this.boots } };
  }
}
