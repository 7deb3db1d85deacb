import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualScheduler } from '../../../src/clock/manual-scheduler.js';
import { MAX_RESERVATIONS, ReservationBook, reserveDecision, type Reservation } from '../../../src/chargepoint/reservations/reservation-book.js';

// Reservation state with an injected clock: expiry runs on the scheduler, never a sleep.

const T0 = Date.parse('2030-01-01T00:00:00Z');

function book(): { scheduler: ManualScheduler; book: ReservationBook; expired: Reservation[] } {
  const scheduler = new ManualScheduler();
  const expired: Reservation[] = [];
  return { scheduler, expired, book: new ReservationBook(scheduler, () => T0 + scheduler.now(), (r) => expired.push(r)) };
}

test('ReserveNow answers by the connector\'s state (1.6 §5.13)', () => {
  const table: Array<[string | undefined, boolean, boolean, string]> = [
    ['Available', false, false, 'Accepted'], ['Faulted', false, false, 'Faulted'], ['Unavailable', false, false, 'Unavailable'],
    ['Charging', true, false, 'Occupied'], ['Preparing', false, false, 'Occupied'], ['Reserved', false, false, 'Occupied'],
    ['Reserved', false, true, 'Accepted'], ['Available', true, false, 'Occupied'], [undefined, false, false, 'Rejected'],
  ];
  for (const [status, busy, replacing, answer] of table) assert.equal(reserveDecision(status, busy, replacing), answer, `${status} busy=${busy} replacing=${replacing}`);
});

test('a reservation blocks other tags (not its own, nor its parent\'s) until it expires on the scheduler', () => {
  const { scheduler, book: b, expired } = book();
  assert.ok(b.add({ id: 1, connectorId: 1, idTag: 'Holder', parentIdTag: 'FLEET', expiresAt: T0 + 10_000 }));
  assert.equal(b.blocks(1, 'other'), true);
  assert.equal(b.blocks(1, 'HOLDER'), false);
  assert.equal(b.blocks(1, 'driver-2', 'fleet'), false);
  assert.equal(b.blocks(2, 'other'), false);
  scheduler.advance(9_999);
  assert.equal(b.blocks(1, 'other'), true);
  assert.equal(expired.length, 0);
  scheduler.advance(1);
  assert.equal(b.blocks(1, 'other'), false);
  assert.deepEqual(expired.map((r) => r.id), [1]);
  assert.equal(scheduler.pending, 0);
});

test('the same id replaces a reservation (its old timer stops); removing one stops its timer; a past expiry is refused', () => {
  const { scheduler, book: b, expired } = book();
  assert.ok(b.add({ id: 1, connectorId: 1, idTag: 'A', expiresAt: T0 + 1000 }));
  assert.ok(b.add({ id: 1, connectorId: 2, idTag: 'B', expiresAt: T0 + 5000 }));
  assert.equal(b.on(1), undefined);
  assert.equal(b.on(2)?.idTag, 'B');
  scheduler.advance(1000);
  assert.equal(expired.length, 0);
  assert.equal(b.remove(1)?.idTag, 'B');
  assert.equal(scheduler.pending, 0);
  assert.equal(b.add({ id: 2, connectorId: 1, idTag: 'A', expiresAt: T0 + 1000 }), false);
});

test('the book holds at most MAX_RESERVATIONS and clear() stops every timer', () => {
  const { scheduler, book: b } = book();
  for (let id = 0; id < MAX_RESERVATIONS; id++) assert.ok(b.add({ id, connectorId: id + 1, idTag: 'A', expiresAt: T0 + 1000 }));
  assert.equal(b.add({ id: MAX_RESERVATIONS, connectorId: 999, idTag: 'A', expiresAt: T0 + 1000 }), false);
  b.clear();
  assert.equal(b.size, 0);
  assert.equal(scheduler.pending, 0);
});
