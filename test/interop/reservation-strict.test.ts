import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { Fleet } from '../../src/runner/fleet.js';
import { defaultScenario, fleetOptions } from '../helpers/fleet-options.js';
import { startIndependentCsms } from '../helpers/ocpp-rpc-csms.js';
import { waitUntil } from '../helpers/poll.js';

// A reservation blocks the connector for other id tags until it expires, against an independent
// central system: ocpp-rpc in strict mode sends ReserveNow and the remote starts through its
// trigger API and validates every answer and every message of the simulated charge point.

type Received = Array<{ action: string; params: Record<string, unknown> }>;

/** Status of connector / EVSE 1 as the CSMS heard them, in order, in 1.6 or 2.0.1 words. */
const statusesOf1 = (received: Received): string[] => received
  .filter((c) => c.action === 'StatusNotification' && (c.params.evseId === undefined ? c.params.connectorId === 1 : c.params.evseId === 1))
  .map((c) => String(c.params.status ?? c.params.connectorStatus));

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();

// Long enough for the CALLs made while it holds on a loaded machine, short enough for a test.
const EXPIRY_S = 6;

const CASES = [
  {
    protocol: 'ocpp1.6' as const, version: '1.6',
    reserve: { connectorId: 1, expiryDate: inSeconds(0), idTag: 'HOLDER', reservationId: 21 },
    start: (idTag: string): [string, Record<string, unknown>] => ['remote-start-transaction', { connectorId: 1, idTag }],
    started: (c: Received[number]): boolean => c.action === 'StartTransaction',
    tagOf: (c: Received[number]): unknown => c.params.idTag,
    expired: (received: Received): boolean => statusesOf1(received).join().endsWith('Reserved,Available'),
  },
  {
    protocol: 'ocpp2.0.1' as const, version: '2.0.1',
    reserve: { id: 21, expiryDateTime: inSeconds(0), idToken: { idToken: 'HOLDER', type: 'ISO14443' }, evseId: 1 },
    start: (idToken: string): [string, Record<string, unknown>] => ['request-start-transaction', { idToken: { idToken, type: 'ISO14443' }, remoteStartId: 7, evseId: 1 }],
    started: (c: Received[number]): boolean => c.action === 'TransactionEvent' && c.params.eventType === 'Started',
    tagOf: (c: Received[number]): unknown => (c.params.idToken as { idToken?: unknown } | undefined)?.idToken,
    expired: (received: Received): boolean => received.some((c) => c.action === 'ReservationStatusUpdate' && c.params.reservationUpdateStatus === 'Expired')
      && statusesOf1(received).join().endsWith('Reserved,Available'),
  },
];

for (const c of CASES) {
  test(`${c.protocol}: a reservation from a strict CSMS blocks the connector for another id tag until it expires, then that tag starts`, async () => {
    const received: Received = [];
    const csms = await startIndependentCsms(['HOLDER', 'OTHER'], undefined, { onCall: (_id, action, params) => { received.push({ action, params }); } });
    const scenario: Scenario = { ...defaultScenario(), protocol: c.protocol };
    const fleet = new Fleet(fleetOptions(csms.url, { scenario }));
    fleet.start();
    const trigger = async (action: string, payload: Record<string, unknown>): Promise<unknown> => {
      const response = await fetch(`${csms.triggerUrl}/api/octt/${c.version}/CP-001/${action}`, { method: 'POST', body: JSON.stringify(payload) });
      const body = await response.json() as { result?: unknown; error?: string };
      assert.equal(response.status, 200, `${action}: ${JSON.stringify(body)}`);
      return body.result;
    };
    try {
      await waitUntil(() => fleet.snapshot().everBooted === 1 && statusesOf1(received).length > 0, 5000, 'the charge point to boot and report');
      const reserve = { ...c.reserve, ...('expiryDate' in c.reserve ? { expiryDate: inSeconds(EXPIRY_S) } : { expiryDateTime: inSeconds(EXPIRY_S) }) };
      const reservedAt = Date.now();
      assert.deepEqual(await trigger('reserve-now', reserve), { status: 'Accepted' });
      await waitUntil(() => statusesOf1(received).at(-1) === 'Reserved', 5000, 'connector 1 Reserved');
      const [action, other] = c.start('OTHER');
      assert.deepEqual(await trigger(action, other), { status: 'Rejected' }, 'another id tag while reserved');
      assert.ok(Date.now() - reservedAt < EXPIRY_S * 1000, 'the refusal came before the expiry (else the machine was too slow for this test)');
      assert.equal(received.filter(c.started).length, 0, 'no transaction while reserved');
      await waitUntil(() => c.expired(received), 15_000, 'the reservation to expire');
      assert.ok(Date.now() - reservedAt >= (EXPIRY_S - 1) * 1000, 'not freed before its expiry');
      assert.deepEqual(await trigger(action, other), { status: 'Accepted' }, 'the other id tag after the expiry');
      await waitUntil(() => received.some(c.started), 10_000, 'the transaction of the other id tag');
      const start = received.find(c.started) as Received[number];
      assert.equal(c.tagOf(start), 'OTHER');
      assert.equal(start.params.reservationId, undefined, 'not started on the expired reservation');
      assert.deepEqual(fleet.snapshot().metrics.recentErrors, [], 'the strict CSMS refused nothing the charge point sent');
    } finally {
      await fleet.stop();
      await csms.close();
    }
  });
}
