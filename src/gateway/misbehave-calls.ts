import { randomUUID } from 'node:crypto';
import { CALL, serializeFrame, type Payload } from '../protocol/frame.js';

/**
 * The `calls-not-in-turn` misbehaviour: writes the CALL to the socket at once, past the
 * session's one-at-a-time queue (OCPP-J §4.1.1 broken on purpose), and resolves with `{}` without
 * waiting for the answer (which the session then drops as answering no CALL of its own).
 */
export function sendWithoutWaiting(connection: { send(text: string): void }, action: string, payload: Payload): Promise<Payload> {
  connection.send(serializeFrame({ type: CALL, id: randomUUID(), action, payload }));
  return Promise.resolve({});
}
