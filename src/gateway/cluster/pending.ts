import { GatewayError } from '../errors.js';

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** Who is to answer (a worker index), so its death fails what it owed. */
  owner: number;
}

/**
 * Requests sent over IPC and not yet answered: each gets a fresh id and a timer. A request
 * settles once: with its answer, with GatewayError E_WORKER_UNAVAILABLE when `timeoutMs`
 * passes, or when its owner is declared gone. Nothing waits forever.
 */
export class PendingRequests {
  private lastId = 0;
  private readonly waiting = new Map<number, Waiting>();

  /** Requests still waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** Registers a request to `owner`; `what` names the one who must answer, for the timeout message. */
  open<T>(owner: number, timeoutMs: number, what: string): { id: number; answer: Promise<T> } {
    const id = ++this.lastId;
    const answer = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new GatewayError('E_WORKER_UNAVAILABLE', `${what} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, owner });
    });
    return { id, answer };
  }

  /** Settles request `id` with `answer`, or with `error` when given; an unknown or settled id is ignored. */
  settle(id: number, answer: unknown, error?: Error): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    clearTimeout(waiting.timer);
    if (error) waiting.reject(error);
    else waiting.resolve(answer);
  }

  /** Fails every request owed by `owner` (undefined: all) with GatewayError E_WORKER_UNAVAILABLE `message`. */
  failOwner(owner: number | undefined, message: string): void {
    for (const [id, waiting] of [...this.waiting]) {
      if (owner === undefined || waiting.owner === owner) this.settle(id, undefined, new GatewayError('E_WORKER_UNAVAILABLE', message));
    }
  }
}
