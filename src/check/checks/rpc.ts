import { CALLERROR, CALLRESULT } from '../../protocol/frame.js';
import { answerTo, describeFrame, expectCallError, rawId, stillServes } from '../assertions.js';
import type { CheckContext } from '../context.js';
import { expect, type CheckDefinition } from '../types.js';

const V16_J = 'OCPP-J 1.6 §4.2.3';
const V201_J = 'OCPP-J 2.0.1 §4.3';

/** Sends a hand-made CALL of `action` with `payload` to a booted station and expects one of `codes`. */
async function callExpecting(ctx: CheckContext, action: string, payload: unknown, codes: readonly string[]): Promise<string> {
  const { station } = await ctx.booted();
  const id = rawId();
  const code = await expectCallError(ctx, station, id, JSON.stringify([2, id, action, payload]), codes);
  await stillServes(ctx, station);
  return code;
}

/** The OCPP-J RPC framework rules, checked with hand-made frames. */
export const RPC_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'rpc-unknown-action',
    proves: 'a CALL of an action the version does not have is answered CALLERROR NotImplemented echoing its message id',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: V201_J } },
    run: (ctx) => callExpecting(ctx, ctx.speech.unknownAction, {}, [ctx.speech.code('NotImplemented')]),
  },
  {
    name: 'rpc-malformed-call',
    proves: 'a CALL frame without its payload element is answered FormationViolation (1.6) / FormatViolation or RpcFrameworkError (2.0.1)',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: `${V201_J}, §4.2.3` } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const id = rawId();
      const codes = ctx.version === 'ocpp1.6' ? ['FormationViolation'] : ['FormatViolation', 'RpcFrameworkError'];
      const code = await expectCallError(ctx, station, id, JSON.stringify([2, id, 'Heartbeat']), codes);
      await stillServes(ctx, station);
      return code;
    },
  },
  {
    name: 'rpc-not-json',
    proves: 'text that is not JSON is dropped or answered with a CALLERROR of id "-1" (RpcFrameworkError in 2.0.1), and the connection goes on',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §4.1.3' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §4.2.3' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const from = station.frames.size;
      station.sendRaw('{this is not json');
      const answer = await station.waitFrame((f) => f.frame?.type === CALLERROR || f.frame?.type === CALLRESULT, ctx.settings.quietMs, from);
      if (answer?.frame) {
        const frame = answer.frame;
        expect(frame.type === CALLERROR && frame.id === '-1', `expected no answer or a CALLERROR with id "-1", got ${describeFrame(frame)} with id ${frame.id}`);
        if (ctx.version !== 'ocpp1.6' && frame.type === CALLERROR) expect(frame.code === 'RpcFrameworkError', `expected RpcFrameworkError, got ${frame.code}`);
      }
      await stillServes(ctx, station);
      return answer?.frame ? `answered ${describeFrame(answer.frame)}` : 'dropped';
    },
  },
  {
    name: 'rpc-type-violation',
    proves: 'a payload field of the wrong JSON type is answered TypeConstraintViolation',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: V201_J } },
    run: (ctx) => callExpecting(ctx, 'Authorize', ctx.version === 'ocpp1.6' ? { idTag: 42 } : { idToken: { idToken: 42, type: 'ISO14443' } },
      [ctx.speech.code('TypeConstraintViolation')]),
  },
  {
    name: 'rpc-missing-field',
    proves: 'a payload without a required field is answered OccurenceConstraintViolation (1.6, or ProtocolError) / OccurrenceConstraintViolation (2.0.1)',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: V201_J } },
    run: (ctx) => callExpecting(ctx, 'Authorize', {},
      ctx.version === 'ocpp1.6' ? ['OccurenceConstraintViolation', 'ProtocolError'] : ['OccurrenceConstraintViolation']),
  },
  {
    name: 'rpc-bad-enum',
    proves: 'a payload value outside its enumeration is answered PropertyConstraintViolation',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: V201_J } },
    run: (ctx) => callExpecting(ctx, 'StatusNotification',
      ctx.version === 'ocpp1.6' ? { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' } : { ...ctx.speech.status(1, 'Available'), connectorStatus: 'Sleeping' },
      [ctx.speech.code('PropertyConstraintViolation')]),
  },
  {
    name: 'rpc-extra-property',
    proves: 'a payload with a property its schema does not allow is answered FormationViolation (1.6) / FormatViolation (2.0.1)',
    refs: { 'ocpp1.6': { section: V16_J }, 'ocpp2.0.1': { section: V201_J } },
    run: (ctx) => callExpecting(ctx, 'Heartbeat', { ocppSimUnexpected: 1 }, [ctx.speech.code('FormatViolation')]),
  },
  {
    name: 'rpc-repeated-message-id',
    proves: 'two CALLs with the same message id arriving together get one CALLRESULT: the second is refused with a CALLERROR or ignored',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §4.1.4, §4.2.3' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §4.1.4' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const id = rawId();
      const from = station.frames.size;
      const frame = JSON.stringify([2, id, 'Heartbeat', {}]);
      expect(station.sendTogether([frame, frame]), 'the connection closed before the frames could be sent');
      const first = await answerTo(station, id, ctx.settings.callTimeoutMs, from);
      expect(first, `no answer to message ${id}`);
      await new Promise((resolve) => setTimeout(resolve, ctx.settings.quietMs));
      const answers = station.frames.since(from).filter((f) => (f.frame?.type === CALLRESULT || f.frame?.type === CALLERROR) && f.frame.id === id);
      const results = answers.filter((f) => f.frame?.type === CALLRESULT).length;
      expect(results <= 1, `the CSMS answered message id ${id} with ${results} CALLRESULTs: it processed the repeated id`);
      const second = answers.find((f) => f.frame?.type === CALLERROR);
      return second ? `second refused with ${describeFrame(second.frame)}` : 'second ignored';
    },
  },
  {
    name: 'rpc-no-answer-to-response',
    proves: 'a CALLRESULT and a CALLERROR answering no CALL of the CSMS get no answer, and the connection goes on',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §4.1.4' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §4.2.3' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const resultId = rawId();
      const errorId = rawId();
      const from = station.frames.size;
      station.sendRaw(JSON.stringify([3, resultId, {}]));
      station.sendRaw(JSON.stringify([4, errorId, 'GenericError', 'answering nothing', {}]));
      const reply = await station.waitFrame((f) => f.frame !== undefined && f.frame.type !== 2 && (f.frame.id === resultId || f.frame.id === errorId || f.frame.id === '-1'),
        ctx.settings.quietMs, from);
      expect(!reply, `the CSMS answered a response: ${describeFrame(reply?.frame)}`);
      await stillServes(ctx, station);
    },
  },
  {
    name: 'rpc-unknown-message-type',
    proves: 'a frame of an unknown message type is ignored (1.6) or answered MessageTypeNotSupported (2.0.1), and the connection goes on',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §4.1.3' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §4.4' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const id = rawId();
      const from = station.frames.size;
      station.sendRaw(JSON.stringify([7, id, 'Heartbeat', {}]));
      const reply = await answerTo(station, id, ctx.settings.quietMs, from);
      if (ctx.version === 'ocpp1.6') expect(!reply, `expected the frame to be ignored, got ${describeFrame(reply)}`);
      else expect(!reply || (reply.type === CALLERROR && reply.code === 'MessageTypeNotSupported'), `expected MessageTypeNotSupported or no answer, got ${describeFrame(reply)}`);
      await stillServes(ctx, station);
      return reply ? describeFrame(reply) : 'ignored';
    },
  },
];
