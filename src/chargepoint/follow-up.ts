import type { CallContext } from '../protocol/rpc-session.js';
import type { ChargePoint } from './charge-point.js';

/** Runs a follow-up after the reply to a CSMS CALL; its failure is recorded, never thrown into the session. */
export function later(ctx: CallContext<ChargePoint>, work: (cp: ChargePoint) => Promise<unknown>): void {
  ctx.afterReply(() => {
    work(ctx.owner).catch((error: Error) => {
      ctx.owner.lastError = `${ctx.action} follow-up: ${error.message}`;
      ctx.owner.ctx.recorder.noteError(ctx.owner.id, ctx.owner.lastError);
    });
  });
}
