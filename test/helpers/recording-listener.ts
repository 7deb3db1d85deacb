import type { ConnectionListener } from '../../src/transport/connection.js';
import type { TransportError } from '../../src/transport/errors.js';
import { withTimeout } from './wait.js';

export type ConnectionEvent =
  | { kind: 'open'; protocol: string; connectMs: number }
  | { kind: 'message'; text: string }
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'connectFailed'; error: TransportError; attempt: number }
  | { kind: 'backoff'; delayMs: number };

type Waiter = { match: (event: ConnectionEvent) => boolean; resolve: (event: ConnectionEvent) => void };

/** A connection listener that records events and lets a test await the next one of a kind. */
export class RecordingListener implements ConnectionListener {
  readonly events: ConnectionEvent[] = [];
  private waiters: Waiter[] = [];

  onOpen(protocol: string, connectMs: number): void { this.push({ kind: 'open', protocol, connectMs }); }
  onMessage(text: string): void { this.push({ kind: 'message', text }); }
  onClose(code: number, reason: string): void { this.push({ kind: 'close', code, reason }); }
  onConnectFailed(error: TransportError, attempt: number): void { this.push({ kind: 'connectFailed', error, attempt }); }
  onBackoff(delayMs: number): void { this.push({ kind: 'backoff', delayMs }); }

  of<K extends ConnectionEvent['kind']>(kind: K): Array<Extract<ConnectionEvent, { kind: K }>> {
    return this.events.filter((event): event is Extract<ConnectionEvent, { kind: K }> => event.kind === kind);
  }

  /** Resolves with the `count`-th event of `kind` (1 = the first ever), waiting at most `ms`. */
  nth<K extends ConnectionEvent['kind']>(kind: K, count: number, ms = 2000): Promise<Extract<ConnectionEvent, { kind: K }>> {
    const seen = this.of(kind);
    if (seen.length >= count) return Promise.resolve(seen[count - 1] as Extract<ConnectionEvent, { kind: K }>);
    let remaining = count - seen.length;
    const promise = new Promise<ConnectionEvent>((resolve) => {
      this.waiters.push({ match: (event) => event.kind === kind && --remaining === 0, resolve });
    });
    return withTimeout(promise, ms, `${kind} event #${count}`) as Promise<Extract<ConnectionEvent, { kind: K }>>;
  }

  private push(event: ConnectionEvent): void {
    this.events.push(event);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.match(event)) waiter.resolve(event);
      else this.waiters.push(waiter);
    }
  }
}
