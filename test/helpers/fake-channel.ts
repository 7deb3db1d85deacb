import type { Channel, SessionObserver, CallOutcome } from '../../src/protocol/rpc-session.js';

/** An in-memory channel: every text the session sends lands in `sent`, parsed in `frames`. */
export class FakeChannel implements Channel {
  readonly sent: string[] = [];
  /** Set to false to act as a socket that is already closing: frames are dropped and send returns false. */
  open = true;

  send(text: string): boolean {
    if (!this.open) return false;
    this.sent.push(text);
    return true;
  }

  /** Every sent text parsed as JSON, oldest first. */
  get frames(): unknown[][] {
    return this.sent.map((text) => JSON.parse(text) as unknown[]);
  }

  /** The last sent frame parsed as JSON; throws when nothing was sent. */
  last(): unknown[] {
    const text = this.sent.at(-1);
    if (text === undefined) throw new Error('nothing was sent');
    return JSON.parse(text) as unknown[];
  }
}

export type ObserverEvent =
  | { kind: 'callSent'; action: string }
  | { kind: 'callSettled'; action: string; outcome: CallOutcome; roundTripMs: number; errorCode?: string }
  | { kind: 'callReceived'; action: string }
  | { kind: 'callAnswered'; action: string; handleMs: number; errorCode?: string }
  | { kind: 'badFrame'; reason: string }
  | { kind: 'sendSent'; action: string }
  | { kind: 'sendReceived'; action: string }
  | { kind: 'resultRefused'; code: string };

/** A session observer that records every event in order. */
export class RecordingObserver implements SessionObserver {
  readonly events: ObserverEvent[] = [];

  callSent(action: string): void {
    this.events.push({ kind: 'callSent', action });
  }

  callSettled(action: string, outcome: CallOutcome, roundTripMs: number, errorCode?: string): void {
    const event: ObserverEvent = { kind: 'callSettled', action, outcome, roundTripMs };
    if (errorCode !== undefined) event.errorCode = errorCode;
    this.events.push(event);
  }

  callReceived(action: string): void {
    this.events.push({ kind: 'callReceived', action });
  }

  callAnswered(action: string, handleMs: number, errorCode?: string): void {
    const event: ObserverEvent = { kind: 'callAnswered', action, handleMs };
    if (errorCode !== undefined) event.errorCode = errorCode;
    this.events.push(event);
  }

  badFrame(reason: string): void {
    this.events.push({ kind: 'badFrame', reason });
  }

  sendSent(action: string): void {
    this.events.push({ kind: 'sendSent', action });
  }

  sendReceived(action: string): void {
    this.events.push({ kind: 'sendReceived', action });
  }

  resultRefused(code: string): void {
    this.events.push({ kind: 'resultRefused', code });
  }

  of<K extends ObserverEvent['kind']>(kind: K): Array<Extract<ObserverEvent, { kind: K }>> {
    return this.events.filter((event): event is Extract<ObserverEvent, { kind: K }> => event.kind === kind);
  }
}

/**
 * Lets queued promise callbacks run (an inbound CALL is answered after its handler's promise
 * settles). Not a sleep: no time passes on any clock.
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
