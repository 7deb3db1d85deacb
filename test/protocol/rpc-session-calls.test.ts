import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError, RpcError, type CallErrorKind } from '../../src/protocol/errors.js';
import type { Payload } from '../../src/protocol/frame.js';
import type { HandlerTable } from '../../src/protocol/rpc-session.js';
import { flush } from '../helpers/fake-channel.js';
import { boot16, bootConf16, idOf, makeSession, TIMEOUT_MS, track } from '../helpers/session.js';

// Outbound CALLs of the RPC session: ids, one outstanding CALL, timeouts, answers, close, observer.
// Driven over an in-memory channel with a ManualScheduler: no real time passes.

test('outbound message ids are unique and at most 36 characters long', async () => {
  const { session, channel } = makeSession();
  const ids = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const result = session.call('Heartbeat', {});
    const id = idOf(channel.last());
    assert.ok(id.length > 0 && id.length <= 36, `id ${id} has 1..36 characters`);
    ids.add(id);
    session.receive(JSON.stringify([3, id, { currentTime: '2024-01-01T00:00:00Z' }]));
    await result;
  }
  assert.equal(ids.size, 300);
  // A second session in the same process draws from the same sequence: no id is reused.
  const other = makeSession();
  void track(other.session.call('Heartbeat', {}));
  assert.ok(!ids.has(idOf(other.channel.last())));
});

test('a second outbound CALL is not sent until the first is answered, then it goes out', async () => {
  const { session, channel } = makeSession();
  const first = session.call('BootNotification', boot16);
  const second = track(session.call('Heartbeat', {}));
  assert.equal(channel.sent.length, 1, 'only the first CALL is on the wire');
  assert.deepEqual(channel.frames[0]?.slice(2), ['BootNotification', boot16]);

  session.receive(JSON.stringify([3, idOf(channel.frames[0]), bootConf16]));
  assert.deepEqual(await first, bootConf16);
  assert.equal(channel.sent.length, 2, 'the queued CALL went out after the answer');
  assert.deepEqual(channel.frames[1]?.slice(2), ['Heartbeat', {}]);
  assert.equal(second.settled, false);

  session.receive(JSON.stringify([3, idOf(channel.frames[1]), { currentTime: '2024-01-01T00:00:01Z' }]));
  await flush();
  assert.deepEqual(second.value, { currentTime: '2024-01-01T00:00:01Z' });
});

test('queued calls go out in the order they were made', async () => {
  const { session, channel } = makeSession();
  const actions = ['BootNotification', 'Heartbeat', 'StatusNotification', 'Authorize'];
  const results = actions.map((action) => session.call(action, { n: action }));
  for (let i = 0; i < actions.length; i++) {
    assert.equal(channel.sent.length, i + 1);
    assert.equal(channel.frames[i]?.[2], actions[i]);
    session.receive(JSON.stringify([3, idOf(channel.frames[i]), { i }]));
  }
  assert.deepEqual(await Promise.all(results), [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
});

test('an inbound CALL is answered while an outbound CALL is pending', async () => {
  const { session, channel } = makeSession({ handlers: { Reset: () => ({ status: 'Accepted' }) } });
  const outbound = track(session.call('BootNotification', boot16));
  session.receive('[2,"in-1","Reset",{"type":"Soft"}]');
  await flush();
  assert.deepEqual(channel.last(), [3, 'in-1', { status: 'Accepted' }]);
  assert.equal(outbound.settled, false, 'the outbound call is still waiting');
  session.receive(JSON.stringify([3, idOf(channel.frames[0]), bootConf16]));
  await flush();
  assert.deepEqual(outbound.value, bootConf16);
});

test('a call without an answer rejects with E_CALL_TIMEOUT after callTimeoutMs, then the next queued call goes out', async () => {
  const { session, channel, clock } = makeSession();
  const first = track(session.call('BootNotification', boot16));
  const second = track(session.call('Heartbeat', {}));
  clock.advance(TIMEOUT_MS - 1);
  await flush();
  assert.equal(first.settled, false, 'not yet timed out 1 ms before the deadline');
  assert.equal(channel.sent.length, 1);

  clock.advance(1);
  await flush();
  assert.ok(first.error instanceof RpcError, 'rejects with an RpcError');
  assert.equal(first.error.code, 'E_CALL_TIMEOUT');
  assert.equal(channel.sent.length, 2, 'the queued call went out');
  assert.equal(channel.frames[1]?.[2], 'Heartbeat');

  // The second call's timeout counts from when it was sent.
  clock.advance(TIMEOUT_MS - 1);
  await flush();
  assert.equal(second.settled, false);
  clock.advance(1);
  await flush();
  assert.ok(second.error instanceof RpcError);
  assert.equal(second.error.code, 'E_CALL_TIMEOUT');
});

test('a call sent after an answered one times out at its own deadline, and a session holds at most one timeout check', async () => {
  const { session, channel, clock } = makeSession();
  const first = session.call('Heartbeat', {});
  clock.advance(1000);
  session.receive(JSON.stringify([3, idOf(channel.frames[0]), { currentTime: '2024-01-01T00:00:00Z' }]));
  await first;
  const second = track(session.call('Heartbeat', {}));
  assert.equal(clock.pending, 1, 'one check for both calls, not a timer per call');
  // The check armed for the first call runs at 1 s + … before the second is due: it re-arms.
  clock.advance(TIMEOUT_MS - 1000);
  await flush();
  assert.equal(second.settled, false, 'not timed out at the first call\'s deadline');
  assert.equal(clock.pending, 1);
  clock.advance(999);
  await flush();
  assert.equal(second.settled, false, '1 ms before its own deadline');
  clock.advance(1);
  await flush();
  assert.ok(second.error instanceof RpcError && second.error.code === 'E_CALL_TIMEOUT');
  assert.equal(clock.pending, 0, 'nothing left scheduled once no call is in flight');
});

test('a CALL the channel drops (socket closing) rejects with E_CLOSED at once and is neither counted as sent nor timed', async () => {
  const { session, channel, clock, observer } = makeSession();
  channel.open = false;
  const first = track(session.call('Heartbeat', {}));
  const second = track(session.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }));
  await flush();
  for (const call of [first, second]) {
    assert.ok(call.error instanceof RpcError && call.error.code === 'E_CLOSED', 'rejected as closed');
    assert.match(call.error.message, /was not sent/);
  }
  assert.equal(observer.of('callSent').length, 0, 'nothing counted as sent');
  assert.equal(observer.of('callSettled').length, 0, 'no round trip recorded');
  assert.equal(clock.pending, 0, 'no timeout check armed');
  // Answers to inbound CALLs are not counted as answered either.
  session.receive('[2,"in-1","Reset",{"type":"Soft"}]');
  await flush();
  assert.equal(observer.of('callAnswered').length, 0);
});

test('an answer that arrives after its call timed out is dropped without a reply', async () => {
  const { session, channel, clock, observer } = makeSession();
  const first = track(session.call('BootNotification', boot16));
  const second = track(session.call('Heartbeat', {}));
  const lateId = idOf(channel.frames[0]);
  clock.advance(TIMEOUT_MS);
  await flush();
  assert.equal(channel.sent.length, 2);

  session.receive(JSON.stringify([3, lateId, bootConf16]));
  session.receive(JSON.stringify([4, lateId, 'InternalError', 'late', {}]));
  await flush();
  assert.equal(channel.sent.length, 2, 'nothing is sent in reply');
  assert.ok(first.error instanceof RpcError && first.error.code === 'E_CALL_TIMEOUT');
  assert.equal(second.settled, false, 'the late answer does not settle the call now in flight');
  assert.equal(observer.of('badFrame').length, 2);
});

test('a CALLRESULT or CALLERROR with an unknown id gets no reply and settles nothing', async () => {
  for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
    const { session, channel } = makeSession({ version });
    const pending = track(session.call('Heartbeat', {}));
    session.receive('[3,"no-such-id",{}]');
    session.receive('[4,"no-such-id","GenericError","",{}]');
    await flush();
    assert.equal(channel.sent.length, 1, `${version}: only our CALL was sent`);
    assert.equal(pending.settled, false);
  }
});

test('a CALLERROR received rejects the call with an OcppError whose kind reads either spelling', async () => {
  const received: Array<[string, CallErrorKind]> = [
    ['FormationViolation', 'FormatViolation'],
    ['FormatViolation', 'FormatViolation'],
    ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['NotSupported', 'NotSupported'],
    ['SomethingVendorSpecific', 'GenericError'],
  ];
  for (const [code, kind] of received) {
    const { session, channel } = makeSession();
    const call = session.call('Heartbeat', {});
    session.receive(JSON.stringify([4, idOf(channel.last()), code, 'went wrong', { hint: 1 }]));
    await assert.rejects(call, (error: unknown) => {
      assert.ok(error instanceof OcppError, `${code}: rejects with an OcppError`);
      assert.equal(error.kind, kind, code);
      assert.equal(error.receivedCode, code);
      assert.equal(error.message, 'went wrong');
      assert.deepEqual(error.details, { hint: 1 });
      return true;
    });
    assert.equal(channel.sent.length, 1, 'a CALLERROR is never answered');
  }
});

test('an outbound call whose request fails the schema rejects and sends nothing', async () => {
  const { session, channel } = makeSession({ validate: true });
  await assert.rejects(session.call('BootNotification', { chargePointVendor: 'VendorX' }), (error: unknown) =>
    error instanceof OcppError && error.kind === 'OccurrenceConstraintViolation');
  assert.equal(channel.sent.length, 0);
});

test('an answer that fails the response schema rejects the call with E_INVALID_RESPONSE and gets no reply', async () => {
  const { session, channel, observer } = makeSession({ validate: true });
  const call = session.call('BootNotification', boot16);
  const next = track(session.call('Heartbeat', {}));
  session.receive(JSON.stringify([3, idOf(channel.last()), { status: 'Maybe' }]));
  await assert.rejects(call, (error: unknown) => error instanceof RpcError && error.code === 'E_INVALID_RESPONSE');
  assert.equal(channel.sent.length, 2, 'the next call went out and nothing answered the bad response');
  assert.equal(channel.frames[1]?.[0], 2);
  assert.equal(next.settled, false);
  assert.equal(observer.of('callSettled')[0]?.outcome, 'invalid');
});

test('close() rejects the call in flight and the queued ones with E_CLOSED, and later calls reject at once', async () => {
  const { session, channel, observer } = makeSession();
  const inFlight = session.call('BootNotification', boot16);
  const queued = session.call('Heartbeat', {});
  const inFlightId = idOf(channel.last());
  session.close();
  assert.equal(session.isClosed, true);
  for (const call of [inFlight, queued]) {
    await assert.rejects(call, (error: unknown) => error instanceof RpcError && error.code === 'E_CLOSED');
  }
  await assert.rejects(session.call('Heartbeat', {}), (error: unknown) => error instanceof RpcError && error.code === 'E_CLOSED');
  assert.equal(channel.sent.length, 1, 'the queued call was never sent');
  assert.deepEqual(observer.of('callSettled').map((event) => event.outcome), ['closed'], 'only the sent call settles as closed');
  // A late answer after close is dropped, and close is idempotent.
  session.receive(JSON.stringify([3, inFlightId, bootConf16]));
  session.close();
  assert.equal(channel.sent.length, 1);
});

test('after close() no timeout fires and no reply is sent to inbound CALLs', async () => {
  let release!: () => void;
  const handlers: HandlerTable<string> = {
    Reset: () => new Promise<Payload>((resolve) => { release = () => resolve({ status: 'Accepted' }); }),
  };
  const { session, channel, clock } = makeSession({ handlers });
  void track(session.call('Heartbeat', {}));
  session.receive('[2,"c1","Reset",{"type":"Hard"}]');
  await flush();
  session.close();
  release();
  session.receive('[2,"c2","FooBar",{}]');
  session.receive('not json');
  clock.advance(TIMEOUT_MS * 2);
  await flush();
  assert.equal(channel.sent.length, 1, 'only the CALL sent before close');
  assert.equal(clock.pending, 0, 'the call timeout was cancelled');
});

test('the observer sees callSent and callSettled with the round trip measured on the injected clock', async () => {
  for (const start of [0, 5000]) {
    const { session, channel, clock, observer } = makeSession({ start });
    const first = session.call('BootNotification', boot16);
    const second = track(session.call('Heartbeat', {}));
    assert.deepEqual(observer.events, [{ kind: 'callSent', action: 'BootNotification' }]);
    clock.advance(250);
    session.receive(JSON.stringify([3, idOf(channel.last()), bootConf16]));
    await first;
    clock.advance(40);
    session.receive(JSON.stringify([4, idOf(channel.last()), 'OccurenceConstraintViolation', 'x', {}]));
    await flush();
    assert.ok(second.error instanceof OcppError);
    assert.deepEqual(observer.events, [
      { kind: 'callSent', action: 'BootNotification' },
      { kind: 'callSettled', action: 'BootNotification', outcome: 'result', roundTripMs: 250 },
      { kind: 'callSent', action: 'Heartbeat' },
      { kind: 'callSettled', action: 'Heartbeat', outcome: 'error', roundTripMs: 40, errorCode: 'OccurenceConstraintViolation' },
    ], `clock starting at ${start}`);

    void track(session.call('Authorize', { idTag: 'T' }));
    clock.advance(TIMEOUT_MS);
    await flush();
    assert.deepEqual(observer.events.at(-1), { kind: 'callSettled', action: 'Authorize', outcome: 'timeout', roundTripMs: TIMEOUT_MS });
  }
});

test('a place held by reserve counts against maxQueuedCalls until it is sent or released, and a reservation is used once', async () => {
  const { session, channel } = makeSession({ maxQueuedCalls: 1 });
  // Idle session, one place to send at once and one to wait: two reservations, the third refused.
  const first = session.reserve('Heartbeat', {});
  const second = session.reserve('Heartbeat', {});
  assert.ok(!(first instanceof Error) && !(second instanceof Error));
  assert.equal((session.reserve('Heartbeat', {}) as RpcError).code, 'E_QUEUE_FULL');
  assert.equal(session.refusal('Heartbeat', {})?.message, '1 calls already wait behind the one in flight: Heartbeat was not queued');
  assert.equal(channel.sent.length, 0, 'holding a place sends nothing');
  second.release();
  second.release();
  const third = session.reserve('Heartbeat', {});
  assert.ok(!(third instanceof Error), 'a released place can be held again');
  assert.ok(session.reserve('Heartbeat', {}) instanceof Error, 'a second release gave back nothing more');
  const sent = track(first.send());
  const waiting = track(third.send());
  assert.equal(channel.sent.length, 1);
  assert.equal(session.queued, 1);
  assert.ok(session.refusal('Heartbeat', {}) instanceof RpcError, 'the held places became the call in flight and the one waiting');
  session.receive(JSON.stringify([3, idOf(channel.frames[0]), { currentTime: '2024-01-01T00:00:01Z' }]));
  await flush();
  assert.ok(sent.settled && !waiting.settled);
  assert.equal(channel.sent.length, 2);
});
