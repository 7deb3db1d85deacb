import type { BootStatus } from './options.js';

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
 * transaction id counter, and the last boot answer per charge point id, so a charge point
 * that reconnects without booting keeps its status (OCPP-J 1.6 §5.4: a reconnect need not boot).
 */
export class GatewayState {
  messagesReceived = 0;
  messagesSent = 0;
  private readonly boots: Record<BootStatus, number> = { Accepted: 0, Pending: 0, Rejected: 0 };
  private readonly lastBoot = new Map<string, BootStatus>();
  private lastTransactionId = 0;
  private readonly onBoot: ((status: BootStatus) => void) | undefined;

  /** `onBoot` hears of every boot answer recorded (the metrics count them). */
  constructor(onBoot?: (status: BootStatus) => void) {
    this.onBoot = onBoot;
  }

  /** A positive integer never handed out before by this gateway (OCPP 1.6 §4.8). */
  nextTransactionId(): number {
    return ++this.lastTransactionId;
  }

  /** True when `id` is a transaction id this gateway handed out. */
  gaveTransactionId(id: unknown): boolean {
    return Number.isInteger(id) && (id as number) >= 1 && (id as number) <= this.lastTransactionId;
  }

  /** Counts a BootNotification answer and remembers it for `chargePointId`. */
  recordBoot(chargePointId: string, status: BootStatus): void {
    this.boots[status]++;
    this.lastBoot.set(chargePointId, status);
    this.onBoot?.(status);
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
