import type { Scheduler, Timer } from '../../clock/scheduler.js';

/** One reservation of one connector (1.6) or EVSE (2.0.1) for an id tag. */
export interface Reservation {
  id: number;
  connectorId: number;
  idTag: string;
  /** 1.6 parentIdTag / 2.0.1 groupIdToken: a tag with this parent may use the reservation too. */
  parentIdTag?: string;
  /** When it expires, epoch ms. */
  expiresAt: number;
}

/** The answer to a reservation request, in the words both versions share. */
export type ReserveStatus = 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';

/**
 * Whether connector `connectorId` in (1.6) status `status`, with or without a transaction,
 * may take a new reservation (OCPP 1.6 §5.13, 2.0.1 H01): Faulted and Unavailable answer
 * their own names; a transaction, an occupied or reserved connector answers Occupied; only an
 * Available one is Accepted. `replacing` is the connector of the reservation the request
 * replaces (same id): that one's Reserved does not count against it.
 */
export function reserveDecision(status: string | undefined, busy: boolean, replacingHere: boolean): ReserveStatus {
  if (status === undefined) return 'Rejected';
  if (status === 'Faulted') return 'Faulted';
  if (status === 'Unavailable') return 'Unavailable';
  if (busy) return 'Occupied';
  if (status === 'Available' || (status === 'Reserved' && replacingHere)) return 'Accepted';
  return 'Occupied';
}

/** Reservations a charge point holds at most (one per connector in practice; the bound guards peer input). */
export const MAX_RESERVATIONS = 64;

/**
 * The reservations of one charge point, each with its expiry timer on the charge point's
 * scheduler (never a sleep). `wallNow` gives epoch ms (expiry dates are wall-clock times);
 * `expired` runs when a reservation's time is up, after it was removed.
 */
export class ReservationBook {
  private readonly byId = new Map<number, { reservation: Reservation; timer: Timer }>();

  constructor(private readonly scheduler: Scheduler, private readonly wallNow: () => number, private readonly expired: (reservation: Reservation) => void) {}

  get size(): number {
    return this.byId.size;
  }

  /** The reservation with `id`, if any. */
  get(id: number): Reservation | undefined {
    return this.byId.get(id)?.reservation;
  }

  /** The reservation on `connectorId`, if any. */
  on(connectorId: number): Reservation | undefined {
    for (const { reservation } of this.byId.values()) if (reservation.connectorId === connectorId) return reservation;
    return undefined;
  }

  /**
   * Adds `reservation`, replacing one with the same id (1.6 §5.13: the same reservationId
   * replaces). False when it has already expired or the book is full.
   */
  add(reservation: Reservation): boolean {
    const delay = reservation.expiresAt - this.wallNow();
    if (delay <= 0) return false;
    this.remove(reservation.id);
    if (this.byId.size >= MAX_RESERVATIONS) return false;
    const timer = this.scheduler.schedule(delay, () => {
      if (this.byId.get(reservation.id)?.reservation !== reservation) return;
      this.byId.delete(reservation.id);
      this.expired(reservation);
    });
    this.byId.set(reservation.id, { reservation, timer });
    return true;
  }

  /** Removes and returns the reservation with `id` (cancelled or used); its timer stops. */
  remove(id: number): Reservation | undefined {
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    entry.timer.cancel();
    this.byId.delete(id);
    return entry.reservation;
  }

  /**
   * True when a reservation on `connectorId` keeps `idTag` (with parent `parentIdTag`, if
   * known) out: it is reserved for another tag and another parent (1.6 §5.13, 2.0.1 H01).
   */
  blocks(connectorId: number, idTag: string, parentIdTag?: string): boolean {
    const reservation = this.on(connectorId);
    if (!reservation) return false;
    return !matches(reservation, idTag, parentIdTag);
  }

  /** Stops every timer and forgets every reservation. */
  clear(): void {
    for (const { timer } of this.byId.values()) timer.cancel();
    this.byId.clear();
  }
}

/** True when `idTag` (or its parent) is the one the reservation is for; id tags compare case-insensitively (1.6 IdToken). */
export function matches(reservation: Reservation, idTag: string, parentIdTag?: string): boolean {
  const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  return same(reservation.idTag, idTag) || (reservation.parentIdTag !== undefined && same(reservation.parentIdTag, parentIdTag));
}
