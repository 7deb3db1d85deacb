import type { CallContext } from '../protocol/rpc-session.js';
import type { ChargePoint } from './charge-point.js';
import { later } from './follow-up.js';
import { remoteStartAuthorized } from './local-auth/local-auth.js';
import { freeConnector } from './meter.js';
import { mayStartOn } from './reservations/reservations.js';
import { installForTransaction } from './smart-charging/charge-point-state.js';
import type { Profile } from './smart-charging/types.js';

/** A remote start as one version asks for it; what is common to all versions is in answerRemoteStart. */
export interface RemoteStartRequest {
  /** The connector (1.6) or EVSE (2.0.1, 2.1) asked for, as received; undefined: the first free one. */
  readonly target: unknown;
  readonly idTag: string;
  /** 2.0.1 and 2.1: the IdToken's type, for the authorization. */
  readonly tokenType?: string;
  /** The charging profile given (remoteStartProfileV16/V201): installed for the transaction started; 'Rejected' refuses the start. */
  readonly profile: Profile | 'Rejected' | undefined;
  /** How the version installs a profile (INSTALL_V16, INSTALL_V201). */
  readonly install: { sameLevelReplaces: boolean; maxProfiles: number };
  /** Starts the transaction on connector or EVSE `id` as the version does. */
  start(cp: ChargePoint, id: number): Promise<unknown>;
}

/** A connector or EVSE id of the station (1..N), not 0. */
function validTarget(cp: ChargePoint, id: unknown): id is number {
  return typeof id === 'number' && id >= 1 && id < cp.connectorStatus.length;
}

/**
 * Answers a remote start (1.6 RemoteStartTransaction §5.11, 2.0.1 RequestStartTransaction F01):
 * Rejected for an unknown connector, one with a transaction, one that may not start for the tag
 * (reserved for another, not Available), or a profile that is no TxProfile; else Accepted, and
 * after the answer the tag is authorized as a local one would be when the station is so set
 * (AuthorizeRemoteTxRequests, AuthCtrlr.AuthorizeRemoteStart; an unaccepted tag starts nothing),
 * the transaction is started and the profile installed for it.
 */
export function answerRemoteStart(ctx: CallContext<ChargePoint>, request: RemoteStartRequest): { status: 'Accepted' | 'Rejected' } {
  const cp = ctx.owner;
  const { idTag, tokenType, profile } = request;
  const id = request.target === undefined ? freeConnector(cp) : request.target;
  if (!validTarget(cp, id) || cp.transactions?.[id] || !mayStartOn(cp, id, idTag) || profile === 'Rejected') return { status: 'Rejected' };
  later(ctx, async (owner) => {
    if (!(await remoteStartAuthorized(owner, idTag, tokenType))) return;
    await request.start(owner, id);
    if (profile) installForTransaction(owner, id, profile, request.install);
  });
  return { status: 'Accepted' };
}
