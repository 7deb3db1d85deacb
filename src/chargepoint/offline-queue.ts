import type { Payload } from '../protocol/frame.js';

/**
 * What is dropped when a charge point's offline queue is full:
 * - `updates-first` (default): the oldest intermediate message (1.6 MeterValues of a
 *   transaction, 2.0.1 TransactionEvent Updated); with none queued, the new message. The
 *   texts let a station thin out meter values when its memory is full but keep the start and
 *   the end of every transaction (2.0.1 OCPPCommCtrlr.QueueAllMessages; EVerest's libocpp
 *   reads it the same way);
 * - `oldest`: the oldest queued message, whatever it is;
 * - `newest`: the new message (the queue keeps what it has).
 */
export type DropRule = 'updates-first' | 'oldest' | 'newest';

export const DROP_RULES: readonly DropRule[] = Object.freeze(['updates-first', 'oldest', 'newest']);

/** Messages one charge point keeps while offline unless told otherwise. */
export const DEFAULT_OFFLINE_QUEUE = 1000;

/** The largest queue a run may ask for, per charge point. */
export const MAX_OFFLINE_QUEUE = 100_000;

/** Where a message stands in its transaction. */
export type TxRole = 'start' | 'update' | 'end';

/** One transaction-related message kept for later, with the payload as it was made (original timestamps). */
export interface QueuedMessage {
  /** Order of making, per charge point: the queue is kept in this order. */
  readonly seq: number;
  readonly action: string;
  payload: Payload;
  readonly role: TxRole;
  /** The transaction it belongs to: 2.0.1's transactionId, 1.6's id (a local stand-in until the CSMS gives one). */
  tx: number | string;
  /** Scheduler time the message was made, in ms: its age at delivery is measured from here. */
  readonly madeAt: number;
  /** Told the answer when the message is answered (1.6 StartTransaction learns its transaction id). */
  readonly onAnswer?: (answer: Payload) => void;
}

export interface QueueSettings {
  /** Most messages kept, ≥ 1. */
  capacity: number;
  drop: DropRule;
  /**
   * True when the central system gives transaction ids (1.6): a transaction whose start was
   * dropped can never be named, so its other messages are dropped with it.
   */
  idsFromCentralSystem: boolean;
}

/**
 * The bounded, ordered queue of one charge point's transaction-related messages (OCPP 1.6
 * §3.7: delivered in chronological order; 2.0.1 E04/E12). Pure: no timers, no I/O; the charge
 * point decides when to add and when to send. Memory: at most `capacity` messages.
 */
export class OfflineQueue {
  private readonly items: QueuedMessage[] = [];
  private readonly lost = new Set<number | string>();

  constructor(readonly settings: QueueSettings) {}

  get size(): number {
    return this.items.length;
  }

  /** The oldest message, to be sent next. */
  head(): QueuedMessage | undefined {
    return this.items[0];
  }

  /** Removes the oldest message (after its answer came). */
  shift(): QueuedMessage | undefined {
    return this.items.shift();
  }

  /** A copy of the queue, oldest first. */
  list(): QueuedMessage[] {
    return [...this.items];
  }

  /** True when `tx` lost its start to the drop rule and the central system needs one to name it (1.6). */
  isLost(tx: number | string): boolean {
    return this.lost.has(tx);
  }

  /**
   * Adds `message` in making order; returns the messages dropped to respect the bound (maybe the
   * new one itself), each once. A message of a transaction that can no longer be named is dropped.
   */
  add(message: QueuedMessage): QueuedMessage[] {
    if (this.lost.has(message.tx)) return [message];
    let at = this.items.length;
    while (at > 0 && (this.items[at - 1] as QueuedMessage).seq > message.seq) at--;
    this.items.splice(at, 0, message);
    if (this.items.length <= this.settings.capacity) return [];
    const victim = this.victim(message);
    this.items.splice(this.items.indexOf(victim), 1);
    return [victim, ...this.forget(victim)];
  }

  /** The id the central system gave (1.6 StartTransaction answered) replaces the stand-in `from` in every queued message. */
  rename(from: number | string, to: number | string): void {
    for (const item of this.items) {
      if (item.tx !== from) continue;
      item.tx = to;
      if (item.payload.transactionId === from) item.payload = { ...item.payload, transactionId: to };
    }
  }

  private victim(incoming: QueuedMessage): QueuedMessage {
    const { drop } = this.settings;
    if (drop === 'oldest') return this.items[0] as QueuedMessage;
    if (drop === 'newest') return incoming;
    return this.items.find((item) => item.role === 'update') ?? incoming;
  }

  /** After dropping `victim`: a dropped start of a transaction the central system must name takes that transaction's messages with it. */
  private forget(victim: QueuedMessage): QueuedMessage[] {
    if (victim.role !== 'start' || !this.settings.idsFromCentralSystem) return [];
    // Bounded like the queue: the oldest forgotten transactions are long over.
    if (this.lost.size >= this.settings.capacity) this.lost.delete(this.lost.values().next().value as number | string);
    this.lost.add(victim.tx);
    // One pass keeping the rest in order: a splice per message would be quadratic in the queue's size.
    const gone: QueuedMessage[] = [];
    let kept = 0;
    for (const item of this.items) {
      if (item.tx === victim.tx) gone.push(item);
      else this.items[kept++] = item;
    }
    this.items.length = kept;
    return gone;
  }
}
