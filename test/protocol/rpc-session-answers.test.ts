import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcppError, type CallErrorKind } from '../../src/protocol/errors.js';
import type { Payload } from '../../src/protocol/frame.js';
import { NO_REPLY, type HandlerTable } from '../../src/protocol/rpc-session.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { flush } from '../helpers/fake-channel.js';
import { boot16, bootConf16, makeSession } from '../helpers/session.js';

// Inbound frames of the RPC session: dispatch to handlers, CALLERROR rules per version, bad frames.
// Driven over an in-memory channel with a ManualScheduler: no real time passes.

test('an inbound CALL of an unknown action is answered NotImplemented, with or without a validator', async () => {
  for (const validate of [false, true]) {
    const { session, channel } = makeSession({ validate, handlers: { Heartbeat: () => ({}) } });
    session.receive('[2,"u1","FooBar",{}]');
    await flush();
    const frame = channel.last();
    assert.deepEqual(frame.slice(0, 3), [4, 'u1', 'NotImplemented'], `validator ${validate ? 'on' : 'off'}`);
    assert.deepEqual(frame[4], {});
  }
});

test('an inbound CALL of a known action without a handler is answered NotSupported', async () => {
  const { session, channel } = makeSession({ validate: true, handlers: {} });
  session.receive('[2,"k1","Reset",{"type":"Hard"}]');
  await flush();
  assert.deepEqual(channel.last().slice(0, 3), [4, 'k1', 'NotSupported']);
});

test('a handler is not looked up on the prototype of the handler table', async () => {
  const { session, channel } = makeSession();
  session.receive('[2,"p1","toString",{}]');
  await flush();
  assert.deepEqual(channel.last().slice(0, 3), [4, 'p1', 'NotImplemented']);
});

test('a handler throwing an OcppError is answered with that kind spelt for the version', async () => {
  const cases: Array<[OcppVersion, CallErrorKind, string]> = [
    ['ocpp1.6', 'OccurrenceConstraintViolation', 'OccurenceConstraintViolation'],
    ['ocpp2.0.1', 'OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['ocpp1.6', 'FormatViolation', 'FormationViolation'],
    ['ocpp2.0.1', 'FormatViolation', 'FormatViolation'],
    ['ocpp1.6', 'SecurityError', 'SecurityError'],
    ['ocpp2.0.1', 'NotSupported', 'NotSupported'],
    ['ocpp1.6', 'RpcFrameworkError', 'FormationViolation'],
  ];
  for (const [version, kind, code] of cases) {
    const handlers: HandlerTable<string> = {
      Reset: () => { throw new OcppError(kind, 'refused', { reason: 'test' }); },
    };
    const { session, channel } = makeSession({ version, handlers });
    session.receive('[2,"h1","Reset",{"type":"Hard"}]');
    await flush();
    assert.deepEqual(channel.last(), [4, 'h1', code, 'refused', { reason: 'test' }], `${kind} on ${version}`);
  }
});

test('a handler throwing a plain Error, sync or async, is answered InternalError', async () => {
  const handlers: HandlerTable<string> = {
    Reset: () => { throw new Error('boom'); },
    UnlockConnector: async () => { throw new TypeError('async boom'); },
  };
  const { session, channel, observer } = makeSession({ handlers });
  session.receive('[2,"e1","Reset",{"type":"Hard"}]');
  session.receive('[2,"e2","UnlockConnector",{"connectorId":1}]');
  await flush();
  assert.deepEqual(channel.frames, [[4, 'e1', 'InternalError', 'boom', {}], [4, 'e2', 'InternalError', 'async boom', {}]]);
  assert.deepEqual(observer.of('callAnswered').map((event) => event.errorCode), ['InternalError', 'InternalError']);
});

test('a CALLERROR description is cut to 255 characters', async () => {
  const { session, channel } = makeSession({ handlers: { Reset: () => { throw new Error('x'.repeat(1000)); } } });
  session.receive('[2,"l1","Reset",{"type":"Hard"}]');
  await flush();
  assert.equal(channel.last()[3], 'x'.repeat(255));
});

test('a handler response that fails the schema is answered InternalError instead', async () => {
  const { session, channel } = makeSession({ validate: true, handlers: { Reset: () => ({ status: 'Maybe' }) } });
  session.receive('[2,"r1","Reset",{"type":"Hard"}]');
  await flush();
  assert.deepEqual(channel.last().slice(0, 3), [4, 'r1', 'InternalError']);
});

test('a handler response that is not an object is answered InternalError, even without a validator', async () => {
  // A handler that forgets to return (async () => {}) must not put `[3,"id",null]` on the wire:
  // the session would send a frame its own parseFrame rejects as a bad CALLRESULT.
  const handlers = { Reset: async () => undefined } as unknown as HandlerTable<string>;
  const { session, channel } = makeSession({ handlers });
  session.receive('[2,"n1","Reset",{"type":"Hard"}]');
  await flush();
  assert.deepEqual(channel.last().slice(0, 3), [4, 'n1', 'InternalError']);
});

test('an inbound 1.6 CALL that fails the schema is answered with the 1.6 code and never reaches the handler', async () => {
  const cases: Array<[string, Payload, string]> = [
    ['missing required field', { chargePointVendor: 'VendorX' }, 'OccurenceConstraintViolation'],
    ['wrong type', { ...boot16, chargePointModel: 7 }, 'TypeConstraintViolation'],
    ['extra property', { ...boot16, colour: 'red' }, 'FormationViolation'],
    ['string too long', { ...boot16, chargePointVendor: 'v'.repeat(21) }, 'PropertyConstraintViolation'],
  ];
  for (const [name, payload, code] of cases) {
    let called = false;
    const { session, channel } = makeSession({ validate: true, handlers: { BootNotification: () => { called = true; return bootConf16; } } });
    session.receive(JSON.stringify([2, 's1', 'BootNotification', payload]));
    await flush();
    assert.deepEqual(channel.last().slice(0, 3), [4, 's1', code], name);
    assert.equal(called, false, `${name}: the handler is not called`);
  }
  const { session, channel } = makeSession({ version: 'ocpp2.0.1', validate: true, handlers: { Heartbeat: () => ({ currentTime: '2024-01-01T00:00:00Z' }) } });
  session.receive('[2,"s2","Heartbeat",{"x":1}]');
  await flush();
  assert.deepEqual(channel.last().slice(0, 3), [4, 's2', 'FormatViolation'], '2.0.1 spelling');
});

test('a handler returning NO_REPLY sends nothing', async () => {
  const { session, channel, observer } = makeSession({ handlers: { Reset: () => NO_REPLY } });
  session.receive('[2,"q1","Reset",{"type":"Hard"}]');
  await flush();
  assert.equal(channel.sent.length, 0);
  assert.equal(observer.of('callAnswered').length, 0);
});

test('afterReply follow-ups run after the CALLRESULT was sent, in order', async () => {
  const seen: Array<{ step: string; sentSoFar: number }> = [];
  const { session, channel } = makeSession({
    handlers: {
      RemoteStartTransaction: (_payload, ctx) => {
        assert.equal(ctx.owner, 'CP001');
        assert.equal(ctx.action, 'RemoteStartTransaction');
        assert.equal(ctx.messageId, 'a1');
        ctx.afterReply(() => seen.push({ step: 'first', sentSoFar: channel.sent.length }));
        ctx.afterReply(() => seen.push({ step: 'second', sentSoFar: channel.sent.length }));
        seen.push({ step: 'handler', sentSoFar: channel.sent.length });
        return { status: 'Accepted' };
      },
    },
  });
  session.receive('[2,"a1","RemoteStartTransaction",{"idTag":"TAG"}]');
  await flush();
  assert.deepEqual(channel.frames, [[3, 'a1', { status: 'Accepted' }]]);
  assert.deepEqual(seen, [{ step: 'handler', sentSoFar: 0 }, { step: 'first', sentSoFar: 1 }, { step: 'second', sentSoFar: 1 }]);
});

test('afterReply follow-ups do not run when the handler answers with a CALLERROR', async () => {
  let ran = false;
  const { session, channel } = makeSession({
    handlers: { Reset: (_payload, ctx) => { ctx.afterReply(() => { ran = true; }); throw new OcppError('NotSupported', 'no'); } },
  });
  session.receive('[2,"a2","Reset",{"type":"Hard"}]');
  await flush();
  assert.equal(channel.last()[2], 'NotSupported');
  assert.equal(ran, false);
});

test('an afterReply follow-up\'s otherwise runs instead of it when no CALLRESULT is sent', async () => {
  const cases: Array<[string, HandlerTable<string>['Reset'], string[]]> = [
    ['answered', () => ({ status: 'Accepted' }), ['sent']],
    ['CALLERROR thrown', () => { throw new OcppError('NotSupported', 'no'); }, ['otherwise']],
    ['NO_REPLY', () => NO_REPLY, ['otherwise']],
    ['response failing validation', () => ({ status: 'Sideways' }), ['otherwise']],
  ];
  for (const [name, answer, expected] of cases) {
    const seen: string[] = [];
    const { session } = makeSession({
      validate: true,
      handlers: { Reset: (payload, ctx) => { ctx.afterReply(() => seen.push('sent'), () => seen.push('otherwise')); return answer!(payload, ctx); } },
    });
    session.receive('[2,"o1","Reset",{"type":"Hard"}]');
    await flush();
    assert.deepEqual(seen, expected, name);
  }
});

test('a second CALL with the id of one still being handled is refused without disturbing the first', async () => {
  for (const [version, code] of [['ocpp1.6', 'FormationViolation'], ['ocpp2.0.1', 'RpcFrameworkError']] as const) {
    let release!: () => void;
    const handlers: HandlerTable<string> = {
      Reset: () => new Promise<Payload>((resolve) => { release = () => resolve({ status: 'Accepted' }); }),
    };
    const { session, channel } = makeSession({ version, handlers });
    session.receive('[2,"d1","Reset",{"type":"Hard"}]');
    session.receive('[2,"d1","Reset",{"type":"Hard"}]');
    await flush();
    assert.deepEqual(channel.frames.map((frame) => frame.slice(0, 3)), [[4, 'd1', code]], version);
    release();
    await flush();
    assert.deepEqual(channel.last(), [3, 'd1', { status: 'Accepted' }]);
  }
});

test('the observer sees callReceived and callAnswered with the handling time on the injected clock', async () => {
  let release!: () => void;
  const handlers: HandlerTable<string> = {
    Reset: () => new Promise<Payload>((resolve) => { release = () => resolve({ status: 'Accepted' }); }),
  };
  const { session, clock, observer } = makeSession({ handlers });
  session.receive('[2,"o1","Reset",{"type":"Hard"}]');
  clock.advance(75);
  release();
  await flush();
  session.receive('[2,"o2","FooBar",{}]');
  await flush();
  assert.deepEqual(observer.events, [
    { kind: 'callReceived', action: 'Reset' },
    { kind: 'callAnswered', action: 'Reset', handleMs: 75 },
    { kind: 'callReceived', action: 'FooBar' },
    { kind: 'callAnswered', action: 'FooBar', handleMs: 0, errorCode: 'NotImplemented' },
  ]);
});

test('frames that do not parse are answered per version with id "-1" when unreadable, or dropped', async () => {
  const cases: Array<{ text: string; v16: unknown[] | null; v201: unknown[] | null }> = [
    { text: 'not json', v16: [4, '-1', 'FormationViolation'], v201: [4, '-1', 'RpcFrameworkError'] },
    { text: '{"a":1}', v16: [4, '-1', 'FormationViolation'], v201: [4, '-1', 'RpcFrameworkError'] },
    { text: '[7,"m7","X",{}]', v16: null, v201: [4, 'm7', 'MessageTypeNotSupported'] },
    { text: '[2,42,"Heartbeat",{}]', v16: [4, '-1', 'FormationViolation'], v201: [4, '-1', 'RpcFrameworkError'] },
    { text: '[2,"c3","Heartbeat"]', v16: [4, 'c3', 'FormationViolation'], v201: [4, 'c3', 'FormatViolation'] },
    { text: '[3,"r",[]]', v16: null, v201: null },
    { text: '[4,"e","GenericError","","x"]', v16: null, v201: null },
    { text: '[3,42,{}]', v16: null, v201: null },
  ];
  for (const { text, v16, v201 } of cases) {
    for (const [version, expected] of [['ocpp1.6', v16], ['ocpp2.0.1', v201]] as const) {
      const { session, channel, observer } = makeSession({ version });
      session.receive(text);
      await flush();
      if (expected === null) assert.equal(channel.sent.length, 0, `${text} on ${version}: no reply`);
      else {
        assert.equal(channel.sent.length, 1, `${text} on ${version}: one reply`);
        assert.deepEqual(channel.last().slice(0, 3), expected, `${text} on ${version}`);
        assert.equal(typeof channel.last()[3], 'string');
        assert.deepEqual(channel.last()[4], {});
      }
      assert.equal(observer.of('badFrame').length, 1, `${text} on ${version}: reported as a bad frame`);
    }
  }
});
