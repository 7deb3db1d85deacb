import { OcppError } from './errors.js';
import { CALLERROR, CALLRESULT, type CALLRESULTERROR, type CallFrame, serializeFrame } from './frame.js';
import { NO_REPLY, type CallContext, type Channel, type RpcSessionOptions } from './session-types.js';
import type { OcppVersion } from './versions.js';

/** What answering an inbound CALL needs of its session (the session itself: no object per call). */
export interface InboundHost<Owner> {
  readonly channel: Channel;
  readonly owner: Owner;
  readonly opts: RpcSessionOptions<Owner>;
  readonly version: OcppVersion;
  readonly isClosed: boolean;
  /** Message ids of inbound CALLs being processed, to refuse a repeated id (OCPP-J §4.1.3). */
  answering: Set<string> | null;
}

/**
 * Answers one inbound CALL for a session: validated, passed to its handler, answered with a
 * CALLRESULT or a CALLERROR (never both, never twice), counted; follow-ups run after the answer
 * is on the wire and their failures are reported, never thrown.
 */
export async function answerCall<Owner>(host: InboundHost<Owner>, frame: CallFrame): Promise<void> {
  const { observer, validator, handlers, scheduler } = host.opts;
  const receivedAt = scheduler.now();
  observer?.callReceived(frame.action);
  if (host.answering?.has(frame.id) && !host.opts.acceptRepeatedIds) {
    sendError(host, frame.id, new OcppError('RpcFrameworkError', `already processing a call with message id ${frame.id}`), frame.action, receivedAt);
    return;
  }
  (host.answering ??= new Set()).add(frame.id);
  let after: Array<() => void> | null = null;
  let unanswered: Array<() => void> | null = null;
  let answered = false;
  try {
    validator?.validate(frame.action, 'req', frame.payload);
    const handler = Object.hasOwn(handlers, frame.action) ? handlers[frame.action] : undefined;
    if (!handler) {
      const known = validator ? validator.actions.has(frame.action) : false;
      throw known
        ? new OcppError('NotSupported', `${frame.action} is not supported`)
        : new OcppError('NotImplemented', `unknown action '${frame.action}'`);
    }
    const ctx: CallContext<Owner> = {
      owner: host.owner, action: frame.action, messageId: frame.id,
      afterReply: (fn, otherwise) => {
        (after ??= []).push(fn);
        if (otherwise) (unanswered ??= []).push(otherwise);
      },
    };
    const response = await handler(frame.payload, ctx);
    if (response !== NO_REPLY) {
      if (typeof response !== 'object' || response === null || Array.isArray(response)) {
        throw new OcppError('InternalError', `the ${frame.action} handler produced no response object`);
      }
      if (validator) {
        try {
          validator.validate(frame.action, 'conf', response);
        } catch (error) {
          throw new OcppError('InternalError', `our ${frame.action} response failed validation: ${(error as Error).message}`);
        }
      }
      if (!host.isClosed) {
        answered = true;
        if (host.channel.send(serializeFrame({ type: CALLRESULT, id: frame.id, payload: response })) !== false) {
          observer?.callAnswered(frame.action, scheduler.now() - receivedAt);
        }
      }
    }
  } catch (error) {
    const ocppError = error instanceof OcppError ? error : new OcppError('InternalError', error instanceof Error ? error.message : String(error));
    sendError(host, frame.id, ocppError, frame.action, receivedAt);
  } finally {
    host.answering?.delete(frame.id);
  }
  // Follow-ups run after the CALLRESULT is on the wire; their failures are theirs, not this call's.
  // Without a CALLRESULT (an error, NO_REPLY, closed) their `otherwise` runs instead.
  const follow = answered ? after : unanswered;
  if (follow) {
    for (const fn of follow as Array<() => void>) {
      try {
        fn();
      } catch (error) {
        observer?.badFrame(`${frame.action} follow-up failed: ${(error as Error).message}`, 'follow-up-failed');
      }
    }
  }
}

/** Sends a CALLERROR (or, 2.1, a CALLRESULTERROR) for message `id`; counted as an answer when `action` is given. */
export function sendError<Owner>(host: InboundHost<Owner>, id: string, error: OcppError, action?: string, receivedAt?: number, type: typeof CALLERROR | typeof CALLRESULTERROR = CALLERROR): void {
  if (host.isClosed) return;
  const code = error.codeFor(host.version);
  const sent = host.channel.send(serializeFrame({ type, id, code, description: error.message.slice(0, 255), details: error.details }));
  if (sent !== false && action !== undefined && receivedAt !== undefined) host.opts.observer?.callAnswered(action, host.opts.scheduler.now() - receivedAt, code);
}
