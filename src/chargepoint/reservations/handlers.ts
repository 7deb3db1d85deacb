import type { Payload } from '../../protocol/frame.js';
import type { CallContext, Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { later } from '../follow-up.js';
import type { Reservation } from './reservation-book.js';
import { cancelReservation, reserve } from './reservations.js';

/** Answers a ReserveNow (1.6 §5.13, 2.0.1 H01) for `reservation` as reserve() decides; the connector's Reserved status follows the answer. */
export function answerReserveNow(ctx: CallContext<ChargePoint>, reservation: Reservation): Payload {
  const answer = reserve(ctx.owner, reservation);
  const then = answer.then;
  if (then) later(ctx, then);
  return { status: answer.status };
}

/** CancelReservation (OCPP 1.6 §5.1, 2.0.1 H03): Accepted and the connector (EVSE) Available again for a known reservationId, else Rejected. */
export const cancelReservationHandler: Handler<ChargePoint> = (p, ctx) => {
  const then = cancelReservation(ctx.owner, Number(p.reservationId));
  if (!then) return { status: 'Rejected' };
  later(ctx, then);
  return { status: 'Accepted' };
};
