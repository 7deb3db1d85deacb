import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError, RpcError } from '../../src/protocol/errors.js';
import type { Payload } from '../../src/protocol/frame.js';
import { loadVersions, type OcppVersion } from '../../src/protocol/versions.js';
import { flush } from '../helpers/fake-channel.js';
import { idOf, makeSession, track } from '../helpers/session.js';

// The 2.1 RPC framework in the session (OCPP-J 2.1 §4.2.5–4.2.6): SEND in both directions, and
// CALLRESULTERROR for a CALLRESULT that fails validation. 1.6 and 2.0.1 keep refusing both types.

// The 2.1 schemas are an ES module: loaded before anything asks for them, as run, gateway and loader do.
await loadVersions(['ocpp2.1']);
const stream = { id: 7, pending: 0, basetime: '2025-01-01T00:00:00Z', data: [{ t: 0.5, v: '230.1' }] };
const SEND_TEXT = `[6,"s1","NotifyPeriodicEventStream",${JSON.stringify(stream)}]`;

test('a 2.1 session hands a received SEND to its handler and never answers it', async () => {
  const received: Payload[] = [];
  const { session, channel, observer } = makeSession({
    version: 'ocpp2.1', validate: true, handlers: { NotifyPeriodicEventStream: (payload) => { received.push(payload); return {}; } },
  });
  session.receive(SEND_TEXT);
  await flush();
  assert.deepEqual(received, [stream]);
  assert.equal(channel.sent.length, 0, 'a SEND gets no reply');
  assert.deepEqual(observer.of('sendReceived'), [{ kind: 'sendReceived', action: 'NotifyPeriodicEventStream' }]);
});

test('a 2.1 session drops a SEND that breaks its schema, has no handler or whose handler throws, answering none of them', async () => {
  const { session, channel, observer } = makeSession({
    version: 'ocpp2.1', validate: true, handlers: { NotifyPeriodicEventStream: () => { throw new OcppError('InternalError', 'boom'); } },
  });
  session.receive('[6,"s2","NotifyPeriodicEventStream",{"id":"seven"}]');
  session.receive('[6,"s3","FooBar",{}]');
  session.receive(SEND_TEXT);
  session.receive('[6,"s4"]');
  await flush();
  assert.equal(channel.sent.length, 0);
  assert.equal(observer.of('sendReceived').length, 3);
  assert.equal(observer.of('badFrame').length, 4);
});

test('sendUnconfirmed writes a type-6 frame on 2.1, even while a CALL waits for its answer', () => {
  const { session, channel, observer } = makeSession({ version: 'ocpp2.1', validate: true });
  const call = track(session.call('Heartbeat', {}));
  assert.equal(session.sendUnconfirmed('NotifyPeriodicEventStream', stream), true);
  const [first, second] = channel.frames;
  assert.deepEqual(first?.slice(0, 3), [2, idOf(first), 'Heartbeat']);
  assert.deepEqual(second, [6, idOf(second), 'NotifyPeriodicEventStream', stream]);
  assert.notEqual(idOf(first), idOf(second));
  assert.deepEqual(observer.of('sendSent'), [{ kind: 'sendSent', action: 'NotifyPeriodicEventStream' }]);
  assert.equal(call.settled, false);
});

test('sendUnconfirmed refuses a payload that breaks the schema, and is MessageTypeNotSupported on 1.6 and 2.0.1', () => {
  const { session, channel } = makeSession({ version: 'ocpp2.1', validate: true });
  assert.throws(() => session.sendUnconfirmed('NotifyPeriodicEventStream', { id: 1 }), (e: unknown) => e instanceof OcppError && e.kind === 'OccurrenceConstraintViolation');
  for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
    const other = makeSession({ version });
    assert.throws(() => other.session.sendUnconfirmed('NotifyPeriodicEventStream', stream), (e: unknown) => e instanceof OcppError && e.kind === 'MessageTypeNotSupported');
    assert.equal(other.channel.sent.length, 0);
  }
  session.close();
  assert.throws(() => session.sendUnconfirmed('NotifyPeriodicEventStream', stream), (e: unknown) => e instanceof RpcError && e.code === 'E_CLOSED');
  assert.equal(channel.sent.length, 0);
});

test('a CALLRESULT that fails validation is answered with CALLRESULTERROR on 2.1 and with nothing on 1.6 and 2.0.1', async () => {
  const cases: Array<[OcppVersion, boolean]> = [['ocpp2.1', true], ['ocpp2.0.1', false], ['ocpp1.6', false]];
  for (const [version, answers] of cases) {
    const { session, channel } = makeSession({ version, validate: true });
    const call = track(session.call('Heartbeat', {}));
    const id = idOf(channel.last());
    session.receive(`[3,"${id}",{"currentTime":"not a time"}]`);
    await flush();
    assert.ok(call.error instanceof RpcError && call.error.code === 'E_INVALID_RESPONSE', `${version}: the call fails as an invalid response`);
    if (answers) {
      const frame = channel.last();
      assert.deepEqual(frame.slice(0, 3), [5, id, 'PropertyConstraintViolation'], version);
      assert.match(String(frame[3]), /Heartbeat\.conf \/currentTime/);
    } else {
      assert.equal(channel.sent.length, 1, `${version}: only the CALL went out`);
    }
  }
});

test('a received CALLRESULTERROR is counted and never answered on 2.1', async () => {
  const { session, channel, observer } = makeSession({ version: 'ocpp2.1' });
  session.receive('[5,"r1","FormatViolation","your answer was bad",{}]');
  await flush();
  assert.equal(channel.sent.length, 0);
  assert.deepEqual(observer.of('resultRefused'), [{ kind: 'resultRefused', code: 'FormatViolation' }]);
});

test('types 5 and 6 are unknown message types on 1.6 (ignored) and 2.0.1 (MessageTypeNotSupported)', async () => {
  for (const text of [SEND_TEXT, '[5,"s1","FormatViolation","",{}]']) {
    const v16 = makeSession({ version: 'ocpp1.6', handlers: { NotifyPeriodicEventStream: () => assert.fail('no handler runs') } });
    v16.session.receive(text);
    const v201 = makeSession({ version: 'ocpp2.0.1', handlers: { NotifyPeriodicEventStream: () => assert.fail('no handler runs') } });
    v201.session.receive(text);
    await flush();
    assert.equal(v16.channel.sent.length, 0, `1.6 ignores ${text}`);
    assert.deepEqual(v201.channel.last().slice(0, 3), [4, 's1', 'MessageTypeNotSupported'], `2.0.1 refuses ${text}`);
  }
});
