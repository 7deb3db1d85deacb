import type { Payload } from '../protocol/frame.js';
import type { Handler } from '../protocol/rpc-session.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { HandlerDeps } from './gateway-state.js';
import { nowIso } from '../clock/now-iso.js';

/** The empty answer (`{}`, never null: OCPP-J §4.2.1). */
export const EMPTY: Payload = Object.freeze({});

/** An authorization answer for any idTag / idToken: Accepted. */
export const ACCEPTED = Object.freeze({ status: 'Accepted' });
const INVALID = Object.freeze({ status: 'Invalid' });

/** The IdTagInfo / IdTokenInfo of `token`: Accepted unless the gateway knows a list of tokens without it. */
export function tokenInfo(deps: HandlerDeps, token: unknown): Payload {
  return deps.tokenStatus?.(String(token)) === 'Invalid' ? INVALID : ACCEPTED;
}

/**
 * The BootNotification answer of both versions: the status from the gateway's boot policy,
 * remembered for the boot guard, and `interval` (heartbeat when Accepted, otherwise the wait
 * before the next BootNotification: 1.6 §4.2, 2.0.1 B02/B03).
 */
export function bootNotificationHandler({ chooseBootStatus, heartbeatIntervalSec, state, bootStatusOf }: HandlerDeps): Handler<ChargePointRecord> {
  return (_payload, ctx) => {
    const bootStatus = bootStatusOf?.(ctx.owner.id) ?? chooseBootStatus();
    ctx.owner.bootStatus = bootStatus;
    state.recordBoot(ctx.owner.id, bootStatus);
    return { status: bootStatus, currentTime: nowIso(), interval: heartbeatIntervalSec };
  };
}
