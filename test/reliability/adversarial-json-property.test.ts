import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { redactFrame } from '../../src/gateway/redact.js';
import { MAX_KEY_LENGTH, MAX_KEYS, OTHER_KEY } from '../../src/metrics/bounded-keys.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { parseFrame, serializeFrame } from '../../src/protocol/frame.js';
import { MAX_FRAME_DEPTH, nestedDeeperThan } from '../../src/protocol/json-depth.js';
import { RpcSession } from '../../src/protocol/rpc-session.js';
import { validatorFor } from '../../src/protocol/validator.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { FakeChannel, flush } from '../helpers/fake-channel.js';

// Property-based tests with adversarial JSON: frames nested from 1 to 20,000 levels through
// arrays and objects whose keys are Object.prototype names, wide and long values, lone
// surrogates. Framing, the debug log's redaction and the RPC session of either end never throw
// on them; a CALL whose id can be read gets exactly one answer; and the recorder's maps keyed
// by peer input stay within their caps with exact totals whatever names arrive.

const RUNS = Number(process.env.FC_RUNS ?? 300);
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** A key as a hostile peer picks it: a prototype name, any string (lone surrogates included), or a long one. */
const key = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ minLength: 70, maxLength: 300 }));

/** JSON text nested `depth` levels through a cycle of wrappers (arrays and objects with hostile keys) around a leaf. */
const nested = fc.record({
  depth: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 80, max: 20_000 })),
  wrappers: fc.array(fc.oneof(fc.constant('['), key.map((k) => `{${JSON.stringify(k)}:`)), { minLength: 1, maxLength: 4 }),
  leaf: fc.jsonValue({ maxDepth: 2 }),
}).map(({ depth, wrappers, leaf }) => {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const wrapper = wrappers[i % wrappers.length] as string;
    open += wrapper;
    close = (wrapper === '[' ? ']' : '}') + close;
  }
  return { text: `${open}${JSON.stringify(leaf)}${close}`, depth };
});

/** A whole frame around a nested value: as a CALL payload, a CALLRESULT, a CALLERROR's details, or alone. */
const frame = fc.record({
  value: nested,
  shape: fc.constantFrom('call', 'call-key', 'result', 'error', 'bare', 'type'),
  id: fc.oneof(fc.constant('ok-id'), fc.string({ unit: 'binary', maxLength: 40 })),
  action: fc.oneof(fc.constantFrom('Heartbeat', 'DataTransfer', 'Reset', ...PROTOTYPE_NAMES), fc.string({ unit: 'binary', maxLength: 80 })),
}).map(({ value, shape, id, action }) => {
  const i = JSON.stringify(id);
  const a = JSON.stringify(action);
  switch (shape) {
    case 'call': return `[2,${i},${a},{"data":${value.text}}]`;
    case 'call-key': return `[2,${i},${a},{${JSON.stringify(PROTOTYPE_NAMES[value.depth % PROTOTYPE_NAMES.length])}:${value.text}}]`;
    case 'result': return `[3,${i},{"a":${value.text}}]`;
    case 'error': return `[4,${i},${a},"",{"a":${value.text}}]`;
    case 'type': return `[${value.text},${i}]`;
    default: return value.text;
  }
});

test('parseFrame never throws on adversarial JSON; what it accepts is within MAX_FRAME_DEPTH and serialises back', () => {
  fc.assert(fc.property(frame, (text) => {
    const parsed = parseFrame(text);
    if (!parsed.ok) {
      assert.ok(parsed.problem.reason.length < 200, 'the reason is short');
      return;
    }
    assert.ok(!nestedDeeperThan(JSON.parse(text) as unknown, MAX_FRAME_DEPTH));
    assert.equal(typeof serializeFrame(parsed.frame), 'string');
  }), { numRuns: RUNS });
});

test('the debug log\'s redaction never throws on adversarial JSON and names a frame too deep instead of printing it', () => {
  fc.assert(fc.property(frame, (text) => {
    const line = redactFrame(text);
    assert.equal(typeof line, 'string');
    if (nestedDeeperThan(JSON.parse(text) as unknown)) assert.match(line, /nested deeper than 64 levels/);
  }), { numRuns: RUNS });
});

for (const version of ['ocpp1.6', 'ocpp2.0.1'] as OcppVersion[]) {
  test(`an RPC session (${version}, validating) never throws on adversarial frames and answers each CALL with a readable id exactly once`, async () => {
    await fc.assert(fc.asyncProperty(frame, async (text) => {
      const channel = new FakeChannel();
      const session = new RpcSession<string>(channel, 'CP-ADV', {
        version, handlers: { Heartbeat: () => ({ currentTime: new Date().toISOString() }) },
        scheduler: new ManualScheduler(), callTimeoutMs: 30_000, validator: validatorFor(version),
      });
      session.receive(text);
      for (let i = 0; i < 3; i++) await flush();
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
      const id: unknown = Array.isArray(data) && data[0] === 2 ? data[1] : undefined;
      if (typeof id === 'string' && id.length > 0 && id.length <= 36) {
        assert.equal(channel.sent.length, 1, `one answer to ${text.slice(0, 80)}`);
        assert.equal(channel.frames[0]?.[1], id, 'the answer echoes the id');
      }
      for (const sent of channel.sent) assert.ok(sent.length < 2_000, 'an answer never echoes a large payload');
    }), { numRuns: RUNS });
  });
}

test('the recorder keeps at most MAX_KEYS names of MAX_KEY_LENGTH per kind and exact totals, whatever names a peer sends', () => {
  const name = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, OTHER_KEY), fc.string({ unit: 'binary', maxLength: 100 }));
  fc.assert(fc.property(fc.array(fc.record({ action: name, code: name }), { maxLength: 600 }), (events) => {
    const recorder = new Recorder();
    for (const { action, code } of events) {
      recorder.callReceived(action);
      recorder.callSent(action);
      recorder.callSettled(action, 'error', 1, code);
    }
    const snap = recorder.snapshot(false);
    for (const counts of [snap.sent, snap.received, snap.inbound, snap.errors]) {
      const keys = Object.keys(counts);
      assert.ok(keys.length <= MAX_KEYS + 1);
      assert.ok(keys.every((k) => k.length <= MAX_KEY_LENGTH + 'callerror:'.length && !(k in Object.prototype)));
      assert.ok(Object.getPrototypeOf(counts) === Object.prototype || Object.getPrototypeOf(counts) === null);
    }
    const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    assert.equal(total(snap.sent), events.length);
    assert.equal(total(snap.received), events.length);
    assert.equal(total(snap.inbound), events.length);
    assert.equal(total(snap.errors), events.length);
    assert.equal(Object.values(snap.latency).reduce((sum, p) => sum + p.count, 0), events.length);
  }), { numRuns: 100 });
});
