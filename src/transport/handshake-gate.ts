import type { HandshakeGate } from './connection.js';

/** A handshake waiting for a slot: the attempt to start and the caller's promise to settle with it. */
interface Waiter {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * A gate that lets at most `concurrency` handshakes run at once; the others wait and start in
 * the order they came (first in, first out), each as soon as a running one settles (resolves,
 * rejects or throws). A handshake that finds a free slot starts at once, in the caller's turn.
 * The same bound as p-limit's, for less per handshake: a queued one costs one entry and its
 * promise, a started one a single `then` (p-limit chains about four promises and closures per
 * call, which a fleet started all at once holds for every charge point still waiting).
 * Throws a RangeError for a concurrency that is not a positive integer.
 */
export function handshakeGate(concurrency: number): HandshakeGate {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
  let active = 0;
  // A queue as an array and the index of its head: shifting 10,000 waiters one by one would be
  // quadratic. The taken half is cut off once it is the larger one (each entry moved at most
  // once per halving), so a gate that never empties (a long outage) does not grow with every
  // handshake ever queued.
  let waiting: Array<Waiter | undefined> = [];
  let head = 0;

  const release = (): void => {
    active--;
    if (head === waiting.length) return;
    const next = waiting[head] as Waiter;
    waiting[head++] = undefined;
    if (head * 2 >= waiting.length) {
      waiting = waiting.slice(head);
      head = 0;
    }
    start(next.fn).then(next.resolve, next.reject);
  };

  function start<T>(fn: () => Promise<T>): Promise<T> {
    active++;
    let running: Promise<T>;
    try {
      running = fn();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(release, release);
    return running;
  }

  return <T>(fn: () => Promise<T>): Promise<T> => {
    if (active < concurrency) return start(fn);
    return new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    });
  };
}
