import type { SendFrame } from './frame.js';
import type { CallContext, RpcSessionOptions } from './session-types.js';

/**
 * Handles an inbound 2.1 SEND (OCPP-J 2.1 §4.2.6) for a session: counted, validated, passed to
 * its handler. Never answered, not even when it breaks its schema, has no handler or its
 * handler fails: those are only reported to the observer as bad frames.
 */
export function takeSend<Owner>(frame: SendFrame, owner: Owner, opts: Pick<RpcSessionOptions<Owner>, 'observer' | 'validator' | 'handlers'>): void {
  const { observer, validator, handlers } = opts;
  observer?.sendReceived?.(frame.action);
  const refuse = (reason: string): void => observer?.badFrame(`SEND ${frame.action}: ${reason}`);
  try {
    validator?.validate(frame.action, 'req', frame.payload);
    const handler = Object.hasOwn(handlers, frame.action) ? handlers[frame.action] : undefined;
    if (!handler) {
      refuse('no handler');
      return;
    }
    const ctx: CallContext<Owner> = { owner, action: frame.action, messageId: frame.id, afterReply: (fn) => fn() };
    Promise.resolve(handler(frame.payload, ctx)).catch((error: Error) => refuse(error.message));
  } catch (error) {
    refuse(error instanceof Error ? error.message : String(error));
  }
}
