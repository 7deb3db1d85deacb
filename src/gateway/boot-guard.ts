import { OcppError } from '../protocol/errors.js';
import type { HandlerTable } from '../protocol/rpc-session.js';
import type { BootStatus } from './options.js';

/** What the gateway's handlers know about the connection a CALL came in on. */
export interface ChargePointRecord {
  readonly id: string;
  /** Last BootNotification answer this charge point got; undefined if it never booted here. */
  bootStatus: BootStatus | undefined;
}

/**
 * Wraps every handler but BootNotification so that a charge point whose last boot answer was
 * Pending or Rejected gets a SecurityError CALLERROR (OCPP 1.6 errata §3.8, 2.0.1 B02.FR.09 /
 * B03.FR.07). A charge point that never booted here is served: a reconnect need not boot.
 * `serve` lists statuses served all the same (the `pending-serves-calls` / `rejected-serves-calls` misbehaviours).
 */
export function withBootGuard<Owner extends ChargePointRecord>(table: HandlerTable<Owner>, serve: ReadonlySet<BootStatus> = new Set()): HandlerTable<Owner> {
  const guarded: Record<string, HandlerTable<Owner>[string]> = {};
  for (const [action, handler] of Object.entries(table)) {
    guarded[action] = action === 'BootNotification' ? handler : (payload, ctx) => {
      const status = ctx.owner.bootStatus;
      if ((status === 'Pending' || status === 'Rejected') && !serve.has(status)) {
        throw new OcppError('SecurityError', `${action} refused: the last BootNotification of '${ctx.owner.id}' was answered ${status}`);
      }
      return handler(payload, ctx);
    };
  }
  return Object.freeze(guarded);
}
