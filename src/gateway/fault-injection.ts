import type { Scheduler } from '../clock/scheduler.js';
import { OcppError } from '../protocol/errors.js';
import { NO_REPLY, type Handler, type HandlerTable } from '../protocol/rpc-session.js';
import { isZeroDelay, sampleDelay, type DelaySpec } from './policies.js';
import type { Random } from './prng.js';

/** The faults a gateway injects into its answers to charge-point CALLs. */
export interface FaultSettings {
  readonly responseDelay: DelaySpec;
  readonly callErrorRatio: number;
  readonly dropRatio: number;
  readonly unansweredRatio: number;
}

/** What a fault needs from the connection a CALL came in on. */
export interface Droppable {
  /** Cuts the TCP connection at once, without a closing handshake. */
  drop(reason: string): void;
}

/** True when `faults` would change nothing, so the table can stay unwrapped. */
function isNoFault(faults: FaultSettings): boolean {
  return isZeroDelay(faults.responseDelay) && faults.callErrorRatio === 0 && faults.dropRatio === 0 && faults.unansweredRatio === 0;
}

/**
 * Wraps a handler table with the faults of a misbehaving central system, for load tests. Each
 * CALL draws three numbers from `random` (drop, no reply, CallError, in that order, so a seed
 * replays the same pattern whichever ratios are set), and a delay when it is not fixed:
 * - drop: the TCP connection is cut, the CALL is never answered;
 * - no reply: the CALL is never answered (the station's call timeout fires);
 * - CallError: CALLERROR InternalError "injected fault";
 * - otherwise the normal answer. Every answer, CALLERRORs included, leaves after the drawn delay,
 *   run on the gateway's shared scheduler (one timer entry per call in flight).
 */
export function withFaults<Owner extends Droppable>(table: HandlerTable<Owner>, faults: FaultSettings, random: Random, scheduler: Scheduler): HandlerTable<Owner> {
  if (isNoFault(faults)) return table;
  const wrap = (action: string, handler: Handler<Owner>): Handler<Owner> => (payload, ctx) => {
    const drop = random() < faults.dropRatio;
    const silent = random() < faults.unansweredRatio;
    const fail = random() < faults.callErrorRatio;
    if (drop) {
      ctx.owner.drop(`injected fault: connection dropped on ${action} (dropRatio)`);
      return NO_REPLY;
    }
    if (silent) return NO_REPLY;
    const delayMs = sampleDelay(faults.responseDelay, random);
    const answer = (): ReturnType<Handler<Owner>> => {
      if (fail) throw new OcppError('InternalError', `injected fault: ${action} failed on purpose (callErrorRatio)`);
      return handler(payload, ctx);
    };
    if (delayMs <= 0) return answer();
    return new Promise((resolve, reject) => {
      scheduler.schedule(delayMs, () => {
        try {
          Promise.resolve(answer()).then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
    });
  };
  return Object.freeze(Object.fromEntries(Object.entries(table).map(([action, handler]) => [action, wrap(action, handler)])));
}
