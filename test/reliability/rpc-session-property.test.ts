import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { replyForBadFrame } from '../../src/protocol/error-policy.js';
import { OcppError } from '../../src/protocol/errors.js';
import { CALL, MAX_MESSAGE_ID_LENGTH, parseFrame, serializeFrame } from '../../src/protocol/frame.js';
import { NO_REPLY, RpcSession, type HandlerTable } from '../../src/protocol/rpc-session.js';
import { validatorFor, type PayloadValidator } from '../../src/protocol/validator.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { FakeChannel, RecordingObserver, flush } from '../helpers/fake-channel.js';

// Property-based tests of the framing and the RPC session with fast-check: generated frames —
// arbitrary text and JSON, nested junk, arrays that look almost like OCPP-J, CALLs with random
// ids, actions and payloads, responses to ids nobody asked for — never make parseFrame or the
// session throw, and every inbound CALL whose id can be read gets exactly one CALLRESULT or
// CALLERROR (unless its handler chose NO_REPLY), over an in-memory channel on a manual clock.

const TIMEOUT_MS = 30_000;
const LATE_MS = 5_000;
const RUNS = Number(process.env.FC_RUNS ?? 1000);

/** Ids as a peer might send them: readable, too long, empty, not strings. */
const badId = fc.oneof(
  fc.string({ minLength: MAX_MESSAGE_ID_LENGTH + 1, maxLength: MAX_MESSAGE_ID_LENGTH + 8 }),
  fc.constant(''),
  fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }),
);
const junk = fc.jsonValue({ maxDepth: 4 });
const payload = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 4 }) },
  { weight: 1, arbitrary: junk },
);

/** One inbound frame to generate: either finished text, or a CALL whose readable id is filled in later (unique per frame). */
type Spec =
  | { kind: 'text'; text: string }
  | { kind: 'call'; id: unknown | undefined; action: unknown; payload: unknown; arity: number }
  | { kind: 'response'; type: 3 | 4; toOutbound: boolean; id: unknown; rest: unknown[] };

/**
 * Generated frames for a session whose handlers sit on `valid`'s actions; `valid` holds a
 * payload each action's request schema accepts, so a share of the CALLs reaches a handler
 * even when the session validates payloads.
 */
function specs(valid: Readonly<Record<string, unknown>>): fc.Arbitrary<Spec[]> {
  const actions = Object.keys(valid);
  const action = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...actions) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: junk });
  const spec: fc.Arbitrary<Spec> = fc.oneof(
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((text): Spec => ({ kind: 'text', text })) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 5 }).map((text): Spec => ({ kind: 'text', text })) },
    {
      weight: 2,
      arbitrary: fc.array(fc.oneof(fc.constantFrom(2, 3, 4, 5, 6), junk), { maxLength: 6 }).map((items): Spec => ({ kind: 'text', text: JSON.stringify(items) })),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        id: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: badId }),
        action, payload, arity: fc.constantFrom(4, 4, 4, 4, 2, 3, 5),
      }).map((c): Spec => ({ kind: 'call', ...c })),
    },
    {
      weight: 6,
      arbitrary: fc.constantFrom(...Object.entries(valid)).map(([name, body]): Spec => ({ kind: 'call', id: undefined, action: name, payload: body, arity: 4 })),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constantFrom(3 as const, 4 as const), toOutbound: fc.boolean(), id: fc.oneof(fc.string({ maxLength: 36 }), badId),
        rest: fc.oneof(fc.tuple(payload), fc.tuple(fc.string(), fc.string(), payload), fc.array(junk, { maxLength: 4 })),
      }).map((r): Spec => ({ kind: 'response', ...r })),
    },
  );
  return fc.array(spec, { maxLength: 25 });
}

/** The text of spec number `i`; readable CALL ids are unique per frame, so replies can be matched one to one. */
function render(spec: Spec, i: number, outboundId: string): string {
  if (spec.kind === 'text') return spec.text;
  if (spec.kind === 'response') return JSON.stringify([spec.type, spec.toOutbound ? outboundId : spec.id, ...spec.rest]);
  return JSON.stringify([CALL, spec.id === undefined ? `u${i}` : spec.id, spec.action, spec.payload].slice(0, spec.arity)
    .concat(spec.arity > 4 ? [{}] : []));
}

interface Harness {
  session: RpcSession<string>;
  channel: FakeChannel;
  clock: ManualScheduler;
  observer: RecordingObserver;
}

function harness(version: OcppVersion, handlers: HandlerTable<string>, validator: PayloadValidator | undefined, clock: ManualScheduler): Harness {
  const channel = new FakeChannel();
  const observer = new RecordingObserver();
  const session = new RpcSession<string>(channel, 'CP-PROP', {
    version, handlers, scheduler: clock, callTimeoutMs: TIMEOUT_MS, observer, ...(validator ? { validator } : {}),
  });
  return { session, channel, clock, observer };
}

/** Every way a handler can end: at once, later, on a timer, by throwing, by rejecting, with nothing, with junk. */
function handlerTable(clock: ManualScheduler, names: Record<'sync' | 'async' | 'late' | 'throws' | 'ocppError' | 'rejects' | 'silent' | 'junk' | 'unserialisable', string>): HandlerTable<string> {
  return {
    [names.sync]: () => ({ status: 'Accepted' }),
    [names.async]: async () => ({ status: 'Accepted' }),
    [names.late]: () => new Promise((resolve) => { clock.schedule(LATE_MS, () => resolve({ status: 'Accepted' })); }),
    [names.throws]: () => { throw new TypeError('handler bug'); },
    [names.ocppError]: () => { throw new OcppError('PropertyConstraintViolation', 'no such connector'); },
    [names.rejects]: () => Promise.reject(new Error('async handler bug')),
    [names.silent]: () => NO_REPLY,
    [names.junk]: () => [1, 2] as unknown as Record<string, unknown>,
    [names.unserialisable]: () => ({ big: 10n }) as unknown as Record<string, unknown>,
  };
}

/** Collects unhandled rejections and uncaught exceptions while `fn` runs. */
async function noStrayErrors(fn: () => Promise<void>): Promise<unknown[]> {
  const stray: unknown[] = [];
  const onError = (error: unknown): void => { stray.push(error); };
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);
  try {
    await fn();
    await flush();
  } finally {
    process.off('unhandledRejection', onError);
    process.off('uncaughtException', onError);
  }
  return stray;
}

test('parseFrame never throws, and what it accepts serialises back to the same frame', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }), fc.json({ maxDepth: 6 }),
    fc.array(fc.oneof(fc.constantFrom(2, 3, 4), fc.string({ maxLength: 40 }), junk), { maxLength: 6 }).map((items) => JSON.stringify(items)),
  );
  fc.assert(fc.property(anyText, (text) => {
    const parsed = parseFrame(text);
    if (parsed.ok) assert.deepEqual(parseFrame(serializeFrame(parsed.frame)), parsed);
    else {
      assert.equal(typeof parsed.problem.reason, 'string');
      if (parsed.problem.id !== undefined) assert.ok(parsed.problem.id.length >= 1 && parsed.problem.id.length <= MAX_MESSAGE_ID_LENGTH);
    }
  }), { numRuns: RUNS * 10 });
});

type HandlerNames = Parameters<typeof handlerTable>[1];

/**
 * Which action each kind of handler sits on, and a payload its request schema accepts. With
 * validation, the handlers sit on real actions of the version (a made-up one never reaches a handler).
 */
function handlerSetup(version: OcppVersion, validate: boolean): { names: HandlerNames; valid: Record<string, unknown> } {
  if (!validate) {
    const names: HandlerNames = { sync: 'Sync', async: 'Async', late: 'Late', throws: 'Throws', ocppError: 'OcppFail', rejects: 'Rejects', silent: 'Silent', junk: 'Junk', unserialisable: 'BigInt' };
    return { names, valid: Object.fromEntries(Object.values(names).map((name) => [name, {}])) };
  }
  const table: Record<keyof HandlerNames, [string, unknown]> = version === 'ocpp1.6'
    ? {
      sync: ['ClearCache', {}], async: ['DataTransfer', { vendorId: 'v' }], late: ['GetLocalListVersion', {}],
      throws: ['UnlockConnector', { connectorId: 1 }], ocppError: ['ChangeAvailability', { connectorId: 1, type: 'Operative' }],
      rejects: ['TriggerMessage', { requestedMessage: 'Heartbeat' }], silent: ['Reset', { type: 'Soft' }],
      junk: ['GetConfiguration', {}], unserialisable: ['RemoteStopTransaction', { transactionId: 1 }],
    }
    : {
      sync: ['ClearCache', {}], async: ['DataTransfer', { vendorId: 'v' }], late: ['GetTransactionStatus', {}],
      throws: ['UnlockConnector', { evseId: 1, connectorId: 1 }], ocppError: ['ChangeAvailability', { operationalStatus: 'Operative' }],
      rejects: ['CancelReservation', { reservationId: 1 }], silent: ['Reset', { type: 'Immediate' }],
      junk: ['GetVariables', { getVariableData: [{ component: { name: 'C' }, variable: { name: 'V' } }] }],
      unserialisable: ['RequestStopTransaction', { transactionId: 'tx-1' }],
    };
  const names = Object.fromEntries(Object.entries(table).map(([kind, [name]]) => [kind, name])) as HandlerNames;
  return { names, valid: Object.fromEntries(Object.values(table)) };
}

const CASES: Array<{ version: OcppVersion; validate: boolean }> = [
  { version: 'ocpp1.6', validate: false }, { version: 'ocpp2.0.1', validate: false }, { version: 'ocpp1.6', validate: true }, { version: 'ocpp2.0.1', validate: true },
];

for (const { version, validate } of CASES) {
  test(`an RpcSession (${version}, validation ${validate ? 'on' : 'off'}) fed generated frames never throws and answers every readable CALL exactly once`, async () => {
    const validator = validate ? validatorFor(version) : undefined;
    const { names, valid } = handlerSetup(version, validate);
    const stray = await noStrayErrors(async () => {
      await fc.assert(fc.asyncProperty(specs(valid), async (generated) => {
        const clock = new ManualScheduler(1000);
        const h = harness(version, handlerTable(clock, names), validator, clock);
        // One outbound CALL in flight: responses aimed at it may settle it, exactly once.
        const outbound = h.session.call('Heartbeat', {}).then(() => 'result', (error: Error) => error.name);
        const outboundId = (h.channel.frames[0] as unknown[])[1] as string;
        const texts = generated.map((spec, i) => render(spec, i, outboundId));
        for (const text of texts) assert.doesNotThrow(() => h.session.receive(text), `receive(${JSON.stringify(text).slice(0, 80)})`);
        for (let i = 0; i < 3; i++) await flush();
        h.clock.advance(LATE_MS);
        for (let i = 0; i < 3; i++) await flush();
        h.clock.advance(TIMEOUT_MS);
        await flush();
        await outbound;

        const replies = h.channel.frames.slice(1);
        const repliesById = new Map<unknown, number>();
        for (const reply of replies) {
          assert.ok(reply[0] === 3 || reply[0] === 4, `the session only answers: ${JSON.stringify(reply)}`);
          repliesById.set(reply[1], (repliesById.get(reply[1]) ?? 0) + 1);
        }
        let unreadable = 0;
        for (const text of texts) {
          const parsed = parseFrame(text);
          if (!parsed.ok) {
            const reply = replyForBadFrame(version, parsed.problem);
            if (!reply) continue;
            if (reply.id === '-1') unreadable++;
            else assert.equal(repliesById.get(reply.id), 1, `one CALLERROR for the bad CALL ${text.slice(0, 80)}`);
            continue;
          }
          if (parsed.frame.type !== CALL) continue;
          const { id, action, payload: body } = parsed.frame;
          let silent = action === names.silent;
          if (silent && validator) {
            try {
              validator.validate(action, 'req', body);
            } catch {
              silent = false;
            }
          }
          assert.equal(repliesById.get(id) ?? 0, silent ? 0 : 1, `${silent ? 'no' : 'exactly one'} answer to ${text.slice(0, 80)}`);
        }
        assert.equal(repliesById.get('-1') ?? 0, unreadable, 'one "-1" CALLERROR per unreadable frame the policy answers');
        const settled = h.observer.of('callSettled').filter((event) => event.action === 'Heartbeat');
        assert.equal(settled.length, 1, 'the outbound CALL settled exactly once');
      }), { numRuns: RUNS });
    });
    assert.deepEqual(stray, [], 'no unhandled rejection or uncaught exception escaped the session');
  });
}

test('CALLs reusing ids while earlier ones are still being processed each get exactly one answer', async () => {
  const stray = await noStrayErrors(async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c'), late: fc.boolean() }), { minLength: 1, maxLength: 12 }), async (calls) => {
      const clock = new ManualScheduler(1000);
      const h = harness('ocpp1.6', handlerTable(clock, { sync: 'Now', async: 'Async', late: 'Later', throws: 'T', ocppError: 'O', rejects: 'R', silent: 'S', junk: 'J', unserialisable: 'B' }), undefined, clock);
      for (const call of calls) h.session.receive(JSON.stringify([2, call.id, call.late ? 'Later' : 'Now', {}]));
      await flush();
      clock.advance(LATE_MS);
      await flush();
      assert.equal(h.channel.frames.length, calls.length, 'one answer per CALL frame');
      for (const frame of h.channel.frames.filter((f) => f[0] === 4)) {
        assert.equal(frame[2], 'FormationViolation', 'a duplicate id in progress is refused with the 1.6 spelling of RpcFrameworkError');
      }
    }), { numRuns: RUNS });
  });
  assert.deepEqual(stray, []);
});
