import { MAX_FRAME_DEPTH, describeValue, nestedDeeperThan } from './json-depth.js';

/** OCPP-J message type numbers (OCPP-J 1.6 §4.1.3, 2.0.1 §4.1.3). */
export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** Longest message id allowed: string of at most 36 characters (OCPP-J 1.6 §4.1.4). */
export const MAX_MESSAGE_ID_LENGTH = 36;

export type Payload = Record<string, unknown>;

export interface CallFrame { type: typeof CALL; id: string; action: string; payload: Payload }
export interface CallResultFrame { type: typeof CALLRESULT; id: string; payload: Payload }
export interface CallErrorFrame {
  type: typeof CALLERROR; id: string; code: string; description: string; details: Payload;
}
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/**
 * Why a text is not a valid frame. `id` is the message id when it could be read, so a
 * CALLERROR can echo it; `messageType` is the type number when it could be read.
 */
export type FrameFault =
  | 'not-json'
  | 'not-array'
  | 'unknown-message-type'
  | 'bad-message-id'
  | 'bad-call'
  | 'bad-call-result'
  | 'bad-call-error';

export interface FrameProblem {
  fault: FrameFault;
  reason: string;
  id?: string;
  messageType?: number;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; problem: FrameProblem };

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(fault: FrameFault, reason: string, id?: string, messageType?: number): ParseResult {
  const problem: FrameProblem = { fault, reason };
  if (id !== undefined) problem.id = id;
  if (messageType !== undefined) problem.messageType = messageType;
  return { ok: false, problem };
}

/**
 * Parses one OCPP-J text frame. Pure: never throws on any text, says exactly what is wrong.
 * A frame nested deeper than MAX_FRAME_DEPTH is refused with the fault its message type calls
 * for (a CALL's is answered with its id), so no deep value ever reaches a recursive walk.
 */
export function parseFrame(text: string): ParseResult {
  let data: unknown;
  try {
    // JSON.parse itself is not recursive in V8: it reads any depth; what comes after might not.
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'message is not valid JSON');
  }
  if (!Array.isArray(data)) return fail('not-array', `message is ${describeValue(data)}, not a JSON array`);
  if (nestedDeeperThan(data)) return tooDeep(data);
  // Indexed reads, not destructuring: this runs for every message and the iterator protocol is slower.
  const type: unknown = data[0];
  const id: unknown = data[1];
  if (type !== CALL && type !== CALLRESULT && type !== CALLERROR) {
    const readableId = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
    return fail('unknown-message-type', `unknown message type ${describeValue(type)}`, readableId,
      typeof type === 'number' ? type : undefined);
  }
  if (typeof id !== 'string' || id.length === 0) {
    return fail('bad-message-id', 'message id must be a non-empty string', undefined, type);
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    return fail('bad-message-id', `message id is longer than ${MAX_MESSAGE_ID_LENGTH} characters`, undefined, type);
  }
  if (type === CALL) {
    const action: unknown = data[2];
    const payload: unknown = data[3];
    if (data.length !== 4) return fail('bad-call', `CALL must have 4 elements, got ${data.length}`, id, type);
    if (typeof action !== 'string' || action.length === 0) return fail('bad-call', 'CALL action must be a non-empty string', id, type);
    if (!isObject(payload)) return fail('bad-call', 'CALL payload must be a JSON object', id, type);
    return { ok: true, frame: { type, id, action, payload } };
  }
  if (type === CALLRESULT) {
    const payload: unknown = data[2];
    if (data.length !== 3) return fail('bad-call-result', `CALLRESULT must have 3 elements, got ${data.length}`, id, type);
    if (!isObject(payload)) return fail('bad-call-result', 'CALLRESULT payload must be a JSON object', id, type);
    return { ok: true, frame: { type, id, payload } };
  }
  const code: unknown = data[2];
  const description: unknown = data[3];
  const details: unknown = data[4];
  if (data.length !== 5) return fail('bad-call-error', `CALLERROR must have 5 elements, got ${data.length}`, id, type);
  if (typeof code !== 'string' || typeof description !== 'string' || !isObject(details)) {
    return fail('bad-call-error', 'CALLERROR needs a string code, a string description and an object of details', id, type);
  }
  return { ok: true, frame: { type, id, code, description, details } };
}

const DEEP = `frame nested deeper than ${MAX_FRAME_DEPTH} levels`;

/** The fault of a frame nested too deep, by its message type, with its id when that can be read. */
function tooDeep(data: unknown[]): ParseResult {
  const type: unknown = data[0];
  const id: unknown = data[1];
  const readableId = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
  if (readableId === undefined) return fail('not-json', DEEP);
  if (type === CALL) return fail('bad-call', DEEP, readableId, type);
  if (type === CALLRESULT) return fail('bad-call-result', DEEP, readableId, type);
  if (type === CALLERROR) return fail('bad-call-error', DEEP, readableId, type);
  return fail('unknown-message-type', `${DEEP}, message type ${describeValue(type)}`, readableId, typeof type === 'number' ? type : undefined);
}

/** Serialises a frame to OCPP-J text; `parseFrame(serializeFrame(f))` gives back `f`. */
export function serializeFrame(frame: Frame): string {
  switch (frame.type) {
    case CALL: return JSON.stringify([CALL, frame.id, frame.action, frame.payload]);
    case CALLRESULT: return JSON.stringify([CALLRESULT, frame.id, frame.payload]);
    case CALLERROR: return JSON.stringify([CALLERROR, frame.id, frame.code, frame.description, frame.details]);
  }
}
