import type { Payload } from '../protocol/frame.js';
import { RpcError } from '../protocol/errors.js';
import type { ChargePoint } from './charge-point.js';
import { DEFAULT_OFFLINE_QUEUE, OfflineQueue, type DropRule, type QueuedMessage, type TxRole } from './offline-queue.js';

/** The offline queue settings of a run (`--offline-queue`, `--offline-drop`); each overrides the scenario's `offline:` option. */
export interface OfflineSettings {
  capacity?: number;
  drop?: DropRule;
}

/** One transaction-related message as a version's transaction code hands it over. */
export interface TransactionMessage {
  action: string;
  payload: Payload;
  role: TxRole;
  /** The transaction: 2.0.1's transactionId, 1.6's id (a local stand-in while the central system has given none). */
  tx: number | string;
  /** Told the answer, whether the message went at once or from the queue (1.6 StartTransaction learns its id). */
  onAnswer?: (answer: Payload) => void;
}

/** What one charge point keeps about its offline queue; made on first use. */
interface LinkState {
  queue: OfflineQueue;
  seq: number;
  flushing: boolean;
}

const links = new WeakMap<ChargePoint, LinkState>();

function linkOf(cp: ChargePoint): LinkState {
  let link = links.get(cp);
  if (!link) {
    const option = cp.scenario.offline;
    link = {
      queue: new OfflineQueue({
        capacity: cp.ctx.offline?.capacity ?? option?.queueSize ?? DEFAULT_OFFLINE_QUEUE,
        drop: cp.ctx.offline?.drop ?? option?.drop ?? 'updates-first',
        idsFromCentralSystem: cp.profile.version === 'ocpp1.6',
      }),
      seq: 0, flushing: false,
    };
    links.set(cp, link);
  }
  return link;
}

/** Messages waiting in `cp`'s offline queue. */
export function queuedCount(cp: ChargePoint): number {
  return links.get(cp)?.queue.size ?? 0;
}

/**
 * True while `cp` may not send transaction messages straight away: no connection, a boot not
 * Accepted yet (OCPP 1.6 §4.2: nothing before Accepted, queued messages included), or a queue
 * that is not empty yet (1.6 §3.7: in chronological order).
 */
function mustQueue(cp: ChargePoint, link: LinkState): boolean {
  return !cp.online || link.queue.size > 0 || link.flushing;
}

function enqueue(cp: ChargePoint, link: LinkState, message: QueuedMessage): void {
  const { recorder } = cp.ctx;
  recorder.offline.queued(message.action);
  for (const dropped of link.queue.add(message)) recorder.offline.dropped(dropped.action);
}

/**
 * Sends a transaction-related message (1.6 StartTransaction, StopTransaction, MeterValues of a
 * transaction; 2.0.1 TransactionEvent), or keeps it in the offline queue when it cannot go now:
 * resolves with the answer, or undefined when it was queued (or dropped). A 2.0.1 event that
 * happens while offline carries `offline: true` (TransactionEventRequest.offline; E12). A
 * message whose connection closed before its answer is queued again (it may have arrived: the
 * texts accept a repeat; 2.0.1's seqNo lets a CSMS see it). Rejects like `call` otherwise.
 */
export async function sendTransactionMessage(cp: ChargePoint, message: TransactionMessage): Promise<Payload | undefined> {
  const link = linkOf(cp);
  const seq = ++link.seq;
  const madeAt = cp.ctx.scheduler.now();
  const queued = (payload: Payload): undefined => {
    enqueue(cp, link, { seq, action: message.action, payload, role: message.role, tx: message.tx, madeAt, ...(message.onAnswer ? { onAnswer: message.onAnswer } : {}) });
    return undefined;
  };
  if (mustQueue(cp, link)) {
    // The repeat slot of this iteration belongs to a CALL sent now; a queued one's latency runs from its send.
    cp.nextCallIntendedAt = undefined;
    return queued(!cp.online && message.action === 'TransactionEvent' ? { ...message.payload, offline: true } : message.payload);
  }
  if (link.queue.isLost(message.tx)) return queued(message.payload);
  try {
    const answer = await cp.call(message.action, message.payload);
    message.onAnswer?.(answer);
    return answer;
  } catch (error) {
    if (!(error instanceof RpcError && error.code === 'E_CLOSED')) throw error;
    return queued(message.payload);
  }
}

/**
 * Sends the queue in order, each message after the answer to the one before (the first
 * CALL after the Accepted boot: nothing else goes first, `cp.holdTraffic` keeps the rest back).
 * Stops quietly when the connection `gen` ends, keeping the unanswered message at the head.
 * A message answered with a CALLERROR or not answered in time counts as flushed (the error is
 * counted like any CALL's): the central system had its chance. Records the flush time when
 * the queue is empty.
 */
export async function flushQueue(cp: ChargePoint, gen: number): Promise<void> {
  const link = links.get(cp);
  if (!link || link.queue.size === 0 || link.flushing) return;
  const { recorder, scheduler } = cp.ctx;
  const started = scheduler.now();
  link.flushing = true;
  const release = cp.holdTraffic();
  try {
    while (link.queue.size > 0 && cp.generation === gen) {
      const head = link.queue.head() as QueuedMessage;
      const sentAt = scheduler.now();
      let answer: Payload | undefined;
      try {
        answer = await cp.callNow(head.action, head.payload);
      } catch (error) {
        if (error instanceof RpcError && error.code === 'E_CLOSED') return;
      }
      if (link.queue.head() === head) link.queue.shift();
      recorder.offline.flushed(head.action, sentAt - head.madeAt);
      cp.ctx.queueFlushed?.();
      if (answer) head.onAnswer?.(answer);
    }
    if (link.queue.size === 0) recorder.offline.flushCompleted(scheduler.now() - started);
  } finally {
    link.flushing = false;
    release();
  }
}

/** The id the central system gave a 1.6 transaction replaces its stand-in in every queued message. */
export function renameQueued(cp: ChargePoint, from: number, to: number): void {
  links.get(cp)?.queue.rename(from, to);
}

/** Counts what is still queued as unsent (the run ended) and forgets it. */
export function abandonQueue(cp: ChargePoint): void {
  const link = links.get(cp);
  if (!link) return;
  for (const item of link.queue.list()) cp.ctx.recorder.offline.unsent(item.action);
  links.delete(cp);
}

/**
 * Sends a message that is not transaction-related (StatusNotification around a transaction):
 * while offline it is neither sent nor queued (OCPP 1.6 §3.7 queues transaction-related messages
 * only; 2.0.1 does the same unless OCPPCommCtrlr.QueueAllMessages is true, which this simulator
 * leaves false), counted as skipped, and undefined is the answer.
 */
export async function sendUnlessOffline(cp: ChargePoint, action: string, payload: Payload): Promise<Payload | undefined> {
  if (!cp.connected) {
    cp.ctx.recorder.offline.skipped(action);
    return undefined;
  }
  try {
    return await cp.call(action, payload);
  } catch (error) {
    if (!(error instanceof RpcError && error.code === 'E_CLOSED')) throw error;
    cp.ctx.recorder.offline.skipped(action);
    return undefined;
  }
}
