import { OcppError } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import type { Handler, HandlerTable } from '../protocol/rpc-session.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { Droppable } from './fault-injection.js';
import type { GatewayHandler } from './hooks.js';
import { BOOT_STATUSES, type BootStatus } from './policies.js';

/** What the gateway's handler wrappers need from the connection a CALL came in on. */
export interface GatewayOwner extends ChargePointRecord, Droppable {
  readonly subprotocol: OcppVersion;
  /** Spends one token of the connection's rate limit; false when there is none left. */
  allowCall(): boolean;
}

const mapTable = <Owner>(table: HandlerTable<Owner>, wrap: (action: string, handler: Handler<Owner>) => Handler<Owner>): HandlerTable<Owner> =>
  Object.freeze(Object.fromEntries(Object.entries(table).map(([action, handler]) => [action, wrap(action, handler)])));

/**
 * Puts the user's handlers over the built-in table (adding actions it lacks). A BootNotification
 * override's answer status is recorded through `onBoot` like the built-in one's, so the boot
 * guard, /connections and the boot metrics see it.
 */
export function withOverrides<Owner extends GatewayOwner>(table: HandlerTable<Owner>, overrides: Readonly<Record<string, GatewayHandler>> | undefined,
  onBoot: (owner: Owner, status: BootStatus) => void): HandlerTable<Owner> {
  if (!overrides || Object.keys(overrides).length === 0) return table;
  const merged: Record<string, Handler<Owner>> = { ...table };
  for (const [action, handler] of Object.entries(overrides)) {
    merged[action] = async (payload, ctx) => {
      const response: Payload = await handler(payload, { chargePointId: ctx.owner.id, protocol: ctx.owner.subprotocol, action, messageId: ctx.messageId });
      const status = (response as { status?: unknown } | null)?.status;
      if (action === 'BootNotification' && BOOT_STATUSES.includes(status as BootStatus)) onBoot(ctx.owner, status as BootStatus);
      return response;
    };
  }
  return Object.freeze(merged);
}

/**
 * Answers a CALL beyond the connection's rate limit with CALLERROR GenericError "rate limit
 * exceeded" and keeps the connection: closing it would turn a burst into a reconnect storm, and a
 * station retries transaction messages that got a CALLERROR (OCPP 1.6 §4.7–4.10).
 */
export function withRateLimit<Owner extends GatewayOwner>(table: HandlerTable<Owner>): HandlerTable<Owner> {
  return mapTable(table, (action, handler) => (payload, ctx) => {
    if (!ctx.owner.allowCall()) throw new OcppError('GenericError', `rate limit exceeded: ${action} refused, slow down`);
    return handler(payload, ctx);
  });
}

/** Counts the inbound CALLs being answered, so shutdown can wait for their answers to leave. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Answers in progress now. */
  get size(): number {
    return this.count;
  }

  enter(): void {
    this.count++;
  }

  leave(): void {
    this.count--;
    // The session writes the answer a few microtasks after the handler settles: wake waiters after that.
    if (this.count === 0 && this.waiters.length > 0) setImmediate(() => this.wake());
  }

  /** Resolves once no answer is in progress (at once when none is). */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    if (this.count !== 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Tracks every handler call in `inFlight`, from the CALL's arrival to the handler settling. */
export function withInFlight<Owner>(table: HandlerTable<Owner>, inFlight: InFlight): HandlerTable<Owner> {
  return mapTable(table, (_action, handler) => async (payload, ctx) => {
    inFlight.enter();
    try {
      return await handler(payload, ctx);
    } finally {
      inFlight.leave();
    }
  });
}
