import type { ChargePoint } from '../charge-point.js';
import { reserveDecision, ReservationBook, type Reservation, type ReserveStatus } from './reservation-book.js';

const books = new WeakMap<ChargePoint, ReservationBook>();

/** Sends the connector's status the way `cp`'s version words it; a failure is recorded, never thrown. */
async function report(cp: ChargePoint, connectorId: number, status: string): Promise<void> {
  cp.connectorStatus[connectorId] = status;
  await cp.call('StatusNotification', cp.profile.statusRequest(connectorId, status, 'NoError')).catch((error: Error) => {
    cp.ctx.recorder.noteError(cp.id, `StatusNotification ${status}: ${error.message}`);
  });
}

/**
 * A reservation's time ran out: 2.0.1 and later say so with ReservationStatusUpdate Expired
 * (OCPP 2.0.1 H01), then the connector is Available again (1.6 §5.13).
 */
async function expire(cp: ChargePoint, reservation: Reservation): Promise<void> {
  if (cp.profile.version !== 'ocpp1.6') {
    await cp.call('ReservationStatusUpdate', { reservationId: reservation.id, reservationUpdateStatus: 'Expired' }).catch((error: Error) => {
      cp.ctx.recorder.noteError(cp.id, `ReservationStatusUpdate: ${error.message}`);
    });
  }
  if (cp.connectorStatus[reservation.connectorId] === 'Reserved') await report(cp, reservation.connectorId, 'Available');
}

/** The reservations of `cp`, made on first use; expiry timers run on the charge point's scheduler. */
export function reservationsOf(cp: ChargePoint): ReservationBook {
  let book = books.get(cp);
  if (!book) {
    book = new ReservationBook(cp.ctx.scheduler, Date.now, (reservation) => { void expire(cp, reservation); });
    books.set(cp, book);
  }
  return book;
}

/**
 * Handles a reservation request for connector (EVSE) `reservation.connectorId`: the answer,
 * and when Accepted a follow-up that reports the connector Reserved (run it after the reply).
 * Connector 0 (any connector, 1.6) is refused: ReserveConnectorZeroSupported is false.
 */
export function reserve(cp: ChargePoint, reservation: Reservation): { status: ReserveStatus; then?: () => Promise<void> } {
  const { connectorId } = reservation;
  if (!Number.isInteger(connectorId) || connectorId < 1 || connectorId >= cp.connectorStatus.length) return { status: 'Rejected' };
  const book = reservationsOf(cp);
  const replacingHere = book.get(reservation.id)?.connectorId === connectorId;
  const heldByOther = book.on(connectorId);
  const status = heldByOther && heldByOther.id !== reservation.id ? 'Occupied'
    : reserveDecision(cp.connectorStatus[connectorId], cp.transactions?.[connectorId] !== undefined, replacingHere);
  if (status !== 'Accepted') return { status };
  const previous = book.get(reservation.id);
  if (!book.add(reservation)) return { status: 'Rejected' };
  return {
    status,
    then: async () => {
      // A replaced reservation on another connector frees that one.
      if (previous && previous.connectorId !== connectorId && cp.connectorStatus[previous.connectorId] === 'Reserved') await report(cp, previous.connectorId, 'Available');
      if (cp.connectorStatus[connectorId] !== 'Reserved') await report(cp, connectorId, 'Reserved');
    },
  };
}

/** CancelReservation: removes reservation `id`; the follow-up reports its connector Available. Undefined when `id` is unknown (Rejected). */
export function cancelReservation(cp: ChargePoint, id: number): (() => Promise<void>) | undefined {
  const reservation = books.get(cp)?.remove(id);
  if (!reservation) return undefined;
  return async () => {
    if (cp.connectorStatus[reservation.connectorId] === 'Reserved') await report(cp, reservation.connectorId, 'Available');
  };
}

/** True when a reservation on `connectorId` is for another id tag (and parent): `idTag` may not start there. */
export function reservedForOther(cp: ChargePoint, connectorId: number, idTag: string, parentIdTag?: string): boolean {
  return books.get(cp)?.blocks(connectorId, idTag, parentIdTag) ?? false;
}

/** True when `idTag` may start a transaction on `connectorId` now: it is Available, or Reserved for this tag (or its parent). */
export function mayStartOn(cp: ChargePoint, connectorId: number, idTag: string, parentIdTag?: string): boolean {
  const status = cp.connectorStatus[connectorId];
  if (status !== 'Available' && status !== 'Reserved') return false;
  return !reservedForOther(cp, connectorId, idTag, parentIdTag) && (status === 'Available' || books.get(cp)?.on(connectorId) !== undefined);
}

/**
 * A transaction for `idTag` starts on `connectorId`: the reservation there, if it is this tag's,
 * is used up; returns its id for StartTransaction.reservationId / TransactionEvent.reservationId.
 */
export function useReservation(cp: ChargePoint, connectorId: number, idTag: string, parentIdTag?: string): number | undefined {
  const book = books.get(cp);
  const reservation = book?.on(connectorId);
  if (!book || !reservation || book.blocks(connectorId, idTag, parentIdTag)) return undefined;
  book.remove(reservation.id);
  return reservation.id;
}

/** Stops every expiry timer of `cp` (the run stops it). */
export function endReservations(cp: ChargePoint): void {
  books.get(cp)?.clear();
  books.delete(cp);
}
