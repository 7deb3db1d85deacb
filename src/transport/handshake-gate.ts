import type { HandshakeGate } from './connection.js';

/** A handshake waiting for a slot: the attempt to start and the caller's promise to settle with it. */
interface Waiter {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Runs `fn` later, once: setImmediate in the fleet (after the event loop's I/O of this turn), by hand in tests. */
export type Defer = (fn: () => void) => void;

/**
 * A gate that lets at most `concurrency` handshakes run at once; the others wait and start in
 * the order they came (first in, first out). A handshake that finds a free slot starts at once,
 * in the caller's turn. Slots freed by settled handshakes (resolved, rejected or thrown) are
 * refilled together by one `defer`red call, after the I/O of the event loop's turn: the next
 * handshakes then start as a burst, not one inside each finished handshake's callback. Started
 * one at a time, each connect() woke the idle server on the other core by itself: on loopback
 * the kernel does the server's part of the connection in the caller's system call, and a wake-up
 * per connection made 10,000 handshakes at once take 3.8–4.0 s against 2.6–2.9 s in bursts
 * (docs/benchmarks.md, "Why `--rate 0` was 1.40–1.44×").
 * The same bound as p-limit's, for less per handshake: a queued one costs one entry and its
 * promise, a started one a single `then` (p-limit chains about four promises and closures per
 * call, which a fleet started all at once holds for every charge point still waiting).
 * Throws a RangeError for a concurrency that is not a positive integer.
 */
export function handshakeGate(concurrency: number, defer: Defer = setImmediate): HandshakeGate {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
  let active = 0;
  // A queue as an array and the index of its head: shifting 10,000 waiters one by one would be
  // quadratic. The taken half is cut off once it is the larger one (each entry moved at most
  // once per halving), so a gate that never empties (a long outage) does not grow with every
  // handshake ever queued.
  let waiting: Array<Waiter | undefined> = [];
  let head = 0;
  let refillDue = false;

  const refill = (): void => {
    refillDue = false;
    while (active < concurrency && head < waiting.length) {
      const next = waiting[head] as Waiter;
      waiting[head++] = undefined;
      start(next.fn).then(next.resolve, next.reject);
    }
    if (head * 2 >= waiting.length) {
      waiting = waiting.slice(head);
      head = 0;
    }
  };

  const release = (): void => {
    active--;
    if (refillDue || head === waiting.length) return;
    refillDue = true;
    defer(refill);
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
    // A free slot with handshakes still waiting is theirs (its refill is due): the newcomer queues.
    if (active < concurrency && head === waiting.length) return start(fn);
    return new Promise<T>((resolve, reject) => {
      waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    });
  };
}
