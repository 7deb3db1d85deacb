import type { Scheduler } from '../clock/scheduler.js';
import type { HandlerTable } from '../protocol/rpc-session.js';

/**
 * Wraps a handler table so every answer leaves `delayMs` after its CALL arrived: a slow
 * central system for load tests (how a fleet behaves when replies come late). The delay runs on
 * the gateway's shared scheduler, so it costs one timer entry per call in flight.
 */
export function withResponseDelay<Owner>(table: HandlerTable<Owner>, delayMs: number, scheduler: Scheduler): HandlerTable<Owner> {
  if (delayMs <= 0) return table;
  return Object.freeze(Object.fromEntries(Object.entries(table).map(([action, handler]) => [action,
    (payload: Parameters<typeof handler>[0], ctx: Parameters<typeof handler>[1]) =>
      new Promise<Awaited<ReturnType<typeof handler>>>((resolve, reject) => {
        scheduler.schedule(delayMs, () => {
          Promise.resolve(handler(payload, ctx)).then(resolve, reject);
        });
      }),
  ])));
}
