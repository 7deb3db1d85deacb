import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { answerReserveNow } from '../reservations/handlers.js';

/**
 * ReserveNow (OCPP 1.6 §5.13): Accepted only for an Available connector 1..N (connector 0 is
 * Rejected: ReserveConnectorZeroSupported is false), Faulted / Unavailable / Occupied after the
 * connector's state, Rejected for an expiry in the past; the same reservationId replaces the
 * reservation. Accepted reports the connector Reserved; at `expiryDate` it is Available again.
 */
export const reserveNowV16: Handler<ChargePoint> = (p, ctx) => answerReserveNow(ctx, {
  id: Number(p.reservationId), connectorId: Number(p.connectorId), idTag: String(p.idTag), expiresAt: Date.parse(String(p.expiryDate)),
  ...(typeof p.parentIdTag === 'string' ? { parentIdTag: p.parentIdTag } : {}),
});
