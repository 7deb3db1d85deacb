import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { answerReserveNow } from '../reservations/handlers.js';
import { reserveDecision } from '../reservations/reservation-book.js';
import { reservationsOf } from '../reservations/reservations.js';

/** The EVSE a reservation without `evseId` takes: the first one that would accept it, else EVSE 1 (for the refusal). */
function anyEvse(cp: ChargePoint): number {
  for (let id = 1; id < cp.connectorStatus.length; id++) {
    if (!reservationsOf(cp).on(id) && reserveDecision(cp.connectorStatus[id], cp.transactions?.[id] !== undefined, false) === 'Accepted') return id;
  }
  return 1;
}

/**
 * ReserveNow (OCPP 2.0.1 H01/H02): the reservation of EVSE `evseId` for `idToken` (or its
 * `groupIdToken`) until `expiryDateTime`, with the 1.6 rules of reservations.ts. Without
 * `evseId` the first free EVSE is reserved (a simplification of the non-EVSE-specific
 * reservation). At expiry: ReservationStatusUpdate Expired and the EVSE Available again.
 */
export const reserveNowV201: Handler<ChargePoint> = (p, ctx) => {
  const idToken = p.idToken as { idToken: string };
  const group = p.groupIdToken as { idToken: string } | undefined;
  return answerReserveNow(ctx, {
    id: Number(p.id), connectorId: typeof p.evseId === 'number' ? p.evseId : anyEvse(ctx.owner), idTag: idToken.idToken,
    expiresAt: Date.parse(String(p.expiryDateTime)), ...(group ? { parentIdTag: group.idToken } : {}),
  });
};
