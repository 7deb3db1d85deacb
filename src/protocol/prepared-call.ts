import { randomBytes } from 'node:crypto';
import { CALL, serializeFrame, type Payload } from './frame.js';

const ID_PREFIX = randomBytes(4).toString('hex');
let idCounter = 0;

/** A message id unique in this process: a random process prefix and a counter, at most 36 characters (§4.1.4). */
export function nextMessageId(): string {
  return ID_PREFIX + (++idCounter).toString(36);
}

/** A CALL serialised once to be sent by many sessions (a broadcast): one process-unique message id, one frame. */
export interface PreparedCall {
  readonly id: string;
  readonly action: string;
  readonly payload: Payload;
  /** The frame's UTF-8 bytes, shared by every socket that sends it. */
  readonly frame: Buffer;
}

/**
 * Serialises a CALL once for many sessions. The id is unique in the process, so it is unique
 * in every session that sends it (OCPP-J §4.1.4 asks uniqueness per connection only); a
 * broadcast of a 1 MB payload to N charge points holds one 1 MB buffer, not N.
 */
export function prepareCall(action: string, payload: Payload): PreparedCall {
  const id = nextMessageId();
  return { id, action, payload, frame: Buffer.from(serializeFrame({ type: CALL, id, action, payload })) };
}
